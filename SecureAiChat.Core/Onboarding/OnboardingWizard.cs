namespace SecureAiChat.Core.Onboarding;

/// <summary>One step of the setup wizard: the checklist item it completes and the page that does the work.</summary>
public sealed record OnboardingWizardStep(string Key, string ItemKey, string Route);

/// <summary>The day-1 setup wizard (and the getting-started guide, which walks the same steps).</summary>
public static class OnboardingWizard
{
    public static IReadOnlyList<OnboardingWizardStep> Steps { get; } =
    [
        new("profile", "signin-profile", "/Account/Manage"),
        new("invite", "invite-team", "/settings/members"),
        new("api", "choose-api", "/settings/ai"),
        new("security", "review-security", "/settings/security"),
        new("first-chat", "first-chat", "/chat"),
    ];

    public static int Clamp(int step) => Math.Clamp(step, 0, Steps.Count - 1);
}
