using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;

namespace SecureAiChat.Web.Features.Usage;

/// <summary>Who may see the workspace's analytics and download its chargeback.</summary>
public static class AnalyticsPolicies
{
    /// <summary>
    /// Owners, Admins and Auditors (read only: the page changes nothing), and members an admin made manager of a
    /// department (部門管理者), who see their departments only (<see cref="Core.Usage.AnalyticsScope"/>). The page, its
    /// CSVs and the nav link all check this one policy.
    /// </summary>
    public const string ViewAnalytics = "analytics.view";

    public static void Add(AuthorizationOptions options) =>
        options.AddPolicy(ViewAnalytics, policy => policy.RequireAuthenticatedUser().AddRequirements(new AnalyticsViewerRequirement()));
}

/// <summary>Reads the workspace, or manages at least one of its departments.</summary>
public sealed class AnalyticsViewerRequirement : IAuthorizationRequirement;

/// <summary>Decides <see cref="AnalyticsViewerRequirement"/>: roles from the principal, managers from the database (a change applies at once).</summary>
/// <remarks>
/// Takes the request's service provider, not the database factory: every authorization of every request constructs
/// every registered handler, and the scoped factory builds its context options when it is constructed. Only a member
/// who is not a reader needs the database (docs/benchmarks.md, figure 6a).
/// </remarks>
public sealed class AnalyticsViewerHandler(IServiceProvider services) : AuthorizationHandler<AnalyticsViewerRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AnalyticsViewerRequirement requirement)
    {
        if (Roles.ReadsWorkspace(context.User))
        {
            context.Succeed(requirement);
            return;
        }

        if (context.User.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId) return;
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        if (await db.DepartmentManagers.AnyAsync(m => m.UserId == userId)) context.Succeed(requirement);
    }
}
