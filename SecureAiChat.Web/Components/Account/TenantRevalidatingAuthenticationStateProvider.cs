using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Web.Hosting;

namespace SecureAiChat.Web.Components.Account;

/// <summary>
/// Re-checks an open circuit's user every minute: a deactivated user, a changed security stamp or a
/// principal of another tenant ends the session. The check runs in a scope of the principal's tenant,
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
        if (!userManager.SupportsUserSecurityStamp) return true;

        var principalStamp = principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
        return principalStamp == await userManager.GetSecurityStampAsync(user);
    }
}
