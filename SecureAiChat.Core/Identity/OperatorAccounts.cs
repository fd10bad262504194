using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Identity;

/// <summary>Creates platform operator accounts (root host only), e.g. the first one from the command line.</summary>
public sealed class OperatorAccounts(TenantScopeFactory scopes)
{
    public async Task<IdentityResult> CreateAsync(string email, string password, string displayName)
    {
        await using var scope = scopes.CreatePlatformScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = displayName,
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded) return created;
        return await users.AddToRoleAsync(user, Roles.Operator);
    }
}
