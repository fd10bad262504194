using Microsoft.AspNetCore.Authorization;
using SecureAiChat.Core.Identity;

namespace SecureAiChat.Web.Features.Usage;

/// <summary>Who may see the workspace's analytics and download its chargeback.</summary>
public static class AnalyticsPolicies
{
    /// <summary>
    /// Owners, Admins and Auditors (read only: the page changes nothing). The page, its CSVs and the nav link all check
    /// this one policy.
    /// </summary>
    public const string ViewAnalytics = "analytics.view";

    public static void Add(AuthorizationOptions options) =>
        options.AddPolicy(ViewAnalytics, policy => policy.RequireRole(Roles.Owner, Roles.Admin, Roles.Auditor));
}
