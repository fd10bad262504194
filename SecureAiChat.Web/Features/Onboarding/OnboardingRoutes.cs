namespace SecureAiChat.Web.Features.Onboarding;

/// <summary>The page where each checklist item is done (some are built by other features; linked by route).</summary>
public static class OnboardingRoutes
{
    private static readonly Dictionary<string, string> Routes = new(StringComparer.Ordinal)
    {
        ["signin-profile"] = "/Account/Manage",
        ["invite-team"] = "/settings/members",
        ["choose-api"] = "/settings/ai",
        ["review-security"] = "/settings/security",
        ["first-chat"] = "/chat",
        ["members-created"] = "/settings/members",
        ["roles-set"] = "/settings/members",
        ["templates-created"] = "/templates",
        ["guidelines-published"] = "/settings/guidelines",
        ["daily-use"] = "/usage",
        ["usage-cost-review"] = "/usage",
        ["team-usage-review"] = "/usage",
        ["explore-features"] = "/guide",
        ["review-plan"] = "/settings/plan",
        ["send-feedback"] = "/feedback",
    };

    public static string? For(string itemKey) => Routes.GetValueOrDefault(itemKey);

    /// <summary>Account pages are static (not in the circuit's router): they need a full page load.</summary>
    public static bool NeedsFullLoad(string route) => route.StartsWith("/Account/", StringComparison.Ordinal);
}
