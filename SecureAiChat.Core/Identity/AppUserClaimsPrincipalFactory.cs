using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace SecureAiChat.Core.Identity;

/// <summary>Puts the tenant id (and name, culture) into every principal, so a cookie can be checked against the host.</summary>
public sealed class AppUserClaimsPrincipalFactory(
    UserManager<AppUser> userManager,
    RoleManager<AppRole> roleManager,
    IOptions<IdentityOptions> options) : UserClaimsPrincipalFactory<AppUser, AppRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(AppClaimTypes.TenantId, user.TenantId));
        identity.AddClaim(new Claim(AppClaimTypes.DisplayName, string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? "" : user.DisplayName));
        if (!string.IsNullOrEmpty(user.Culture)) identity.AddClaim(new Claim(AppClaimTypes.Culture, user.Culture));
        return identity;
    }
}
