using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Tests.Integration.Accounts;

namespace SecureAiChat.Tests.Integration.Secrets;

/// <summary>
/// Authenticator keys and recovery codes are encrypted in AspNetUserTokens, still work for sign-in, and values stored
/// in plain text before the change keep working until their next write encrypts them.
/// </summary>
public sealed class TwoFactorSecretsAtRestTests(AccountsAppHost host) : IClassFixture<AccountsAppHost>
{
    private async Task<(string TenantId, AppUser User)> UserAsync()
    {
        var tenant = await host.NewTenantAsync("tfa", "二要素株式会社");
        var user = await host.CreateUserAsync(tenant.Id, $"{Guid.NewGuid():N}@example.jp");
        return (tenant.Id, user);
    }

    private Task<List<AppUserToken>> TokenRowsAsync(string tenantId, string userId) =>
        host.TenantDbAsync(tenantId, db => db.UserTokens.AsNoTracking().Where(t => t.UserId == userId).ToListAsync());

    [Fact]
    public async Task The_stored_rows_hold_neither_the_authenticator_key_nor_any_recovery_code_and_both_still_work()
    {
        var (tenantId, created) = await UserAsync();
        string key;
        List<string> codes;
        await using (var scope = await host.TenantScopeAsync(tenantId))
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByIdAsync(created.Id))!;
            await users.ResetAuthenticatorKeyAsync(user);
            key = (await users.GetAuthenticatorKeyAsync(user))!;
            codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.ToList();
        }

        var rows = await TokenRowsAsync(tenantId, created.Id);
        Assert.Equal(["AuthenticatorKey", "RecoveryCodes"], rows.Select(r => r.Name).Order(StringComparer.Ordinal));
        foreach (var row in rows)
        {
            Assert.StartsWith(ProtectedTokenUserStore.Prefix, row.Value, StringComparison.Ordinal);
            Assert.DoesNotContain(key, row.Value!, StringComparison.OrdinalIgnoreCase);
            foreach (var code in codes) Assert.DoesNotContain(code, row.Value!, StringComparison.OrdinalIgnoreCase);
        }

        await using (var scope = await host.TenantScopeAsync(tenantId))
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByIdAsync(created.Id))!;
            Assert.Equal(key, await users.GetAuthenticatorKeyAsync(user));
            Assert.True(await users.VerifyTwoFactorTokenAsync(user, TokenOptions.DefaultAuthenticatorProvider, Totp.Code(key)));
            Assert.True((await users.RedeemTwoFactorRecoveryCodeAsync(user, codes[3])).Succeeded);
            Assert.False((await users.RedeemTwoFactorRecoveryCodeAsync(user, codes[3])).Succeeded);
            Assert.Equal(9, await users.CountRecoveryCodesAsync(user));
        }
    }

    [Fact]
    public async Task Values_stored_in_plain_text_before_keep_working_and_are_encrypted_on_their_next_write()
    {
        var (tenantId, created) = await UserAsync();
        const string legacyKey = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        await host.TenantDbAsync(tenantId, async db =>
        {
            db.UserTokens.Add(new AppUserToken { UserId = created.Id, LoginProvider = ProtectedTokenUserStore.InternalLoginProvider, Name = "AuthenticatorKey", Value = legacyKey });
            db.UserTokens.Add(new AppUserToken { UserId = created.Id, LoginProvider = ProtectedTokenUserStore.InternalLoginProvider, Name = "RecoveryCodes", Value = "AAAAA-11111;BBBBB-22222" });
            return await db.SaveChangesAsync();
        });

        await using (var scope = await host.TenantScopeAsync(tenantId))
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByIdAsync(created.Id))!;
            Assert.Equal(legacyKey, await users.GetAuthenticatorKeyAsync(user));
            Assert.True(await users.VerifyTwoFactorTokenAsync(user, TokenOptions.DefaultAuthenticatorProvider, Totp.Code(legacyKey)));
            Assert.True((await users.RedeemTwoFactorRecoveryCodeAsync(user, "AAAAA-11111")).Succeeded);
        }

        var codes = Assert.Single(await TokenRowsAsync(tenantId, created.Id), r => r.Name == "RecoveryCodes").Value!;
        Assert.StartsWith(ProtectedTokenUserStore.Prefix, codes, StringComparison.Ordinal);
        Assert.DoesNotContain("BBBBB-22222", codes, StringComparison.Ordinal);
        await using (var scope = await host.TenantScopeAsync(tenantId))
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.True((await users.RedeemTwoFactorRecoveryCodeAsync((await users.FindByIdAsync(created.Id))!, "BBBBB-22222")).Succeeded);
        }
    }
}
