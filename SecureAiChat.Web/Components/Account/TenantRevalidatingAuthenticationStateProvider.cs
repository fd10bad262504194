using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Security;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Web.Hosting;

namespace SecureAiChat.Web.Components.Account;

/// <summary>
/// Re-checks an open circuit's user every minute: a deactivated user, a changed security stamp or a
/// principal of another tenant ends the session, and so does
/// the workspace's idle timeout and a server-side session that was ended or expired. The check runs in a scope of the principal's tenant,
/// because a fresh scope has no tenant and would see no user at all.
/// </summary>
public sealed class TenantRevalidatingAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    TenantScopeFactory scopes,
    ICurrentTenant circuitTenant,
    IOptions<IdentityOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => AccountsHosting.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var principal = authenticationState.User;
        var tenantId = principal.FindFirstValue(AppClaimTypes.TenantId);
        if (tenantId is null || tenantId != circuitTenant.TenantId) return false;

        await using var scope = tenantId == PlatformTenant.Id
            ? scopes.CreatePlatformScope()
            : await scopes.CreateScopeAsync(tenantId, cancellationToken);
        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await userManager.GetUserAsync(principal);
        if (user is null || !user.IsActive) return false;
        if (await IsIdleAsync(scope.ServiceProvider, user, cancellationToken)) return false;
        // A session signed out elsewhere (or past its lifetime) ends the open circuit too.
        if (principal.FindFirstValue(AppClaimTypes.SessionId) is not { } sessionId
            || !await scope.ServiceProvider.GetRequiredService<UserSessions>().IsActiveAsync(sessionId, user.Id, cancellationToken)) return false;
        if (!userManager.SupportsUserSecurityStamp) return true;

        var principalStamp = principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
        return principalStamp == await userManager.GetSecurityStampAsync(user);
    }

    /// <summary>The workspace's idle timeout: a circuit nobody used for that long ends (its activity is recorded by the circuit).</summary>
    private static async Task<bool> IsIdleAsync(IServiceProvider services, AppUser user, CancellationToken cancellationToken)
    {
        if (user.TenantId == PlatformTenant.Id) return false;
        var settings = await services.GetRequiredService<AppDbContext>().SecuritySettings.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        return settings is not null && SessionPolicy.IsIdle(user.LastActiveAt, services.GetRequiredService<TimeProvider>().GetUtcNow(), settings.IdleTimeoutMinutes);
    }
}
