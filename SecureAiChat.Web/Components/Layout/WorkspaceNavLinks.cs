using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;
using SecureAiChat.Core.Identity;
using SecureAiChat.Web.Features.Usage;

namespace SecureAiChat.Web.Components.Layout;

/// <summary>One link of the side navigation: its icon is markup shared by every circuit.</summary>
public sealed record WorkspaceNavLink(string Href, MarkupString Icon, string Text, string? TestId, bool Exact);

/// <summary>
/// Which links of the side navigation a member sees (everyone's, the analytics viewers', Owners' and Admins', the
/// readers'), in the order of the menu, with the texts in the request's culture.
/// </summary>
public sealed class WorkspaceNavLinks(IStringLocalizerFactory localizers)
{
    private enum Audience
    {
        Everyone,
        AnalyticsViewers,
        OwnersAndAdmins,
        Readers,
    }

    private sealed record Entry(string Href, string Icon, Type Strings, string Key, string? TestId, Audience Audience, bool Exact = false);

    private static readonly Entry[] Entries =
    [
        new("/", Icons.Material.Filled.Home, typeof(SharedStrings), "NavHome", null, Audience.Everyone, Exact: true),
        new("/chat", Icons.Material.Outlined.Chat, typeof(Features.Chat.ChatStrings), "NavChat", "nav-chat", Audience.Everyone),
        new("/templates", Icons.Material.Outlined.Description, typeof(Features.Templates.TemplatesStrings), "Nav_Templates", "nav-templates", Audience.Everyone),
        new("/usage", Icons.Material.Outlined.BarChart, typeof(UsageStrings), "Nav_Usage", "nav-usage", Audience.Everyone),
        new("/guidelines", Icons.Material.Outlined.Gavel, typeof(Features.Guidelines.GuidelinesStrings), "Nav_Read", "nav-guidelines-read", Audience.Everyone),
        new("/guide", Icons.Material.Outlined.MenuBook, typeof(Features.Onboarding.OnboardingCardStrings), "Nav_Guide", "nav-guide", Audience.Everyone),
        new("/analytics", Icons.Material.Outlined.Insights, typeof(UsageStrings), "Nav_Analytics", "nav-analytics", Audience.AnalyticsViewers),
        new("/onboarding", Icons.Material.Outlined.Checklist, typeof(Features.Onboarding.OnboardingCardStrings), "Nav_Onboarding", "nav-onboarding", Audience.OwnersAndAdmins),
        new("/settings/members", Icons.Material.Filled.Group, typeof(Features.Team.TeamStrings), "Nav_Members", "nav-members", Audience.OwnersAndAdmins),
        new("/settings/ai", Icons.Material.Outlined.Psychology, typeof(Features.Providers.AiSettingsStrings), "Nav_AiSettings", "nav-ai-settings", Audience.OwnersAndAdmins),
        new("/settings/budgets", Icons.Material.Outlined.Savings, typeof(Features.Budgets.BudgetsStrings), "Nav_Budgets", "nav-budgets", Audience.OwnersAndAdmins),
        new("/settings/alerts", Icons.Material.Outlined.NotificationsActive, typeof(Features.Alerts.AlertsStrings), "Nav_Alerts", "nav-alerts", Audience.OwnersAndAdmins),
        new("/settings/guidelines", Icons.Material.Outlined.Policy, typeof(Features.Guidelines.GuidelinesStrings), "Nav_Guidelines", "nav-guidelines", Audience.OwnersAndAdmins),
        new("/settings/security", Icons.Material.Filled.Security, typeof(Features.Security.SecurityStrings), "Nav_Security", "nav-security", Audience.OwnersAndAdmins),
        new("/settings/data-protection", Icons.Material.Outlined.Shield, typeof(Features.DataProtection.DataProtectionStrings), "Nav_DataProtection", "nav-data-protection", Audience.OwnersAndAdmins),
        new("/settings/sso", Icons.Material.Filled.VpnKey, typeof(Features.Sso.SsoStrings), "Nav_Sso", "nav-sso", Audience.OwnersAndAdmins),
        new("/settings/plan", Icons.Material.Outlined.WorkspacePremium, typeof(Features.Plans.PlanPageStrings), "Nav_Plan", "nav-plan", Audience.OwnersAndAdmins),
        new("/settings/audit", Icons.Material.Outlined.History, typeof(Features.Audit.AuditStrings), "Nav_Audit", "nav-audit", Audience.Readers),
        new("/settings/data", Icons.Material.Outlined.Inventory2, typeof(Features.DataGovernance.DataGovernancePageStrings), "Nav_Data", "nav-data", Audience.Readers),
        new("/support", Icons.Material.Outlined.SupportAgent, typeof(Features.CustomerSuccess.CustomerSuccessStrings), "Nav_Support", "nav-support", Audience.Everyone),
        new("/feature-requests", Icons.Material.Outlined.Lightbulb, typeof(Features.CustomerSuccess.CustomerSuccessStrings), "Nav_FeatureRequests", "nav-feature-requests", Audience.Everyone),
        new("/feedback", Icons.Material.Outlined.Feedback, typeof(Features.Feedback.FeedbackStrings), "Nav_Feedback", "nav-feedback", Audience.Everyone),
    ];

    // MudIcon's markup for a nav link, built once per icon for the process (every circuit's render tree points at it).
    private static readonly Dictionary<string, MarkupString> IconMarkup = Entries.Select(e => e.Icon).Distinct().ToDictionary(icon => icon,
        icon => ShellIcons.Svg(icon, "mud-icon-default mud-icon-size-medium mud-nav-link-icon mud-nav-link-icon-default"));

    public async Task<IReadOnlyList<WorkspaceNavLink>> ForAsync(ClaimsPrincipal user, IAuthorizationService authorization)
    {
        // Each audience decided once, not once per link.
        var analytics = (await authorization.AuthorizeAsync(user, AnalyticsPolicies.ViewAnalytics)).Succeeded;
        var ownersAndAdmins = InAny(user, Roles.OwnerOrAdmin);
        var readers = InAny(user, Roles.WorkspaceReaders);
        var links = new List<WorkspaceNavLink>(Entries.Length);
        foreach (var entry in Entries)
        {
            var shown = entry.Audience switch
            {
                Audience.AnalyticsViewers => analytics,
                Audience.OwnersAndAdmins => ownersAndAdmins,
                Audience.Readers => readers,
                _ => true,
            };
            if (shown) links.Add(new WorkspaceNavLink(entry.Href, IconMarkup[entry.Icon], localizers.Create(entry.Strings)[entry.Key], entry.TestId, entry.Exact));
        }
        return links;
    }

    /// <summary>The path of a base-relative URI, without query or fragment or a trailing slash.</summary>
    public static string PathOf(string relative)
    {
        var end = relative.IndexOfAny(['?', '#']);
        return "/" + (end < 0 ? relative : relative[..end]).Trim('/');
    }

    /// <summary>NavLink's rule: the home link only on "/", every other link on its path and below it.</summary>
    public static bool Matches(WorkspaceNavLink link, string path) => link.Exact
        ? string.Equals(path, link.Href, StringComparison.OrdinalIgnoreCase)
        : string.Equals(path, link.Href, StringComparison.OrdinalIgnoreCase) || path.StartsWith(link.Href + "/", StringComparison.OrdinalIgnoreCase);

    // AuthorizeView's Roles: any of the comma-separated roles.
    private static bool InAny(ClaimsPrincipal user, string roles) => roles.Split(',').Any(role => user.IsInRole(role.Trim()));
}
