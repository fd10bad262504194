using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Identity;

/// <summary>
/// Identity's EF store, except that the authenticator key and the recovery codes are encrypted with Data Protection
/// before they reach <c>AspNetUserTokens</c>: a leaked backup then gives neither a working TOTP generator nor
/// codes that bypass the second factor. Identity reads and writes both only through
/// <see cref="GetTokenAsync"/> and <see cref="SetTokenAsync"/>, so those two are the one place to protect them.
/// </summary>
/// <remarks>
/// Identity's own <c>ProtectPersonalData</c> would also encrypt e-mail and user names, which are looked up by value
/// (uniqueness, sign-in) and would need a deterministic lookup protector; only these two secrets need protecting.
/// Values written before this store existed have no prefix and are still read as they are; the next write (a
/// redeemed or regenerated code, a new authenticator) stores them encrypted.
/// </remarks>
public sealed class ProtectedTokenUserStore(AppDbContext context, IDataProtectionProvider dataProtection, IdentityErrorDescriber? describer = null)
    : UserStore<AppUser, AppRole, AppDbContext, string, AppUserClaim, AppUserRole, AppUserLogin, AppUserToken, AppRoleClaim, AppUserPasskey>(context, describer)
{
    /// <summary>Bump the version if the payload format changes.</summary>
    public const string Purpose = "SecureAiChat.Identity.UserTokens.v1";

    /// <summary>Marks an encrypted value (base32 keys and recovery codes never contain a colon).</summary>
    public const string Prefix = "dp1:";

    /// <summary>Identity's login provider name for the tokens it keeps for itself.</summary>
    public const string InternalLoginProvider = "[AspNetUserStore]";

    private static readonly HashSet<string> SecretNames = new(StringComparer.Ordinal) { "AuthenticatorKey", "RecoveryCodes" };

    public override async Task<string?> GetTokenAsync(AppUser user, string loginProvider, string name, CancellationToken cancellationToken)
    {
        var value = await base.GetTokenAsync(user, loginProvider, name, cancellationToken);
        if (!IsSecret(loginProvider, name) || value is null || !value.StartsWith(Prefix, StringComparison.Ordinal)) return value;
        return ProtectorFor(user).Unprotect(value[Prefix.Length..]);
    }

    public override Task SetTokenAsync(AppUser user, string loginProvider, string name, string? value, CancellationToken cancellationToken)
    {
        if (IsSecret(loginProvider, name) && value is not null)
        {
            value = Prefix + ProtectorFor(user).Protect(value);
        }
        return base.SetTokenAsync(user, loginProvider, name, value, cancellationToken);
    }

    private static bool IsSecret(string loginProvider, string name) =>
        loginProvider == InternalLoginProvider && SecretNames.Contains(name);

    // The user id is part of the purpose: a ciphertext copied into another user's row does not decrypt there.
    private IDataProtector ProtectorFor(AppUser user) => dataProtection.CreateProtector(Purpose, user.Id);
}
