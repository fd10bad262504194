using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Results;

namespace SecureAiChat.Core.DataGovernance;

/// <summary>Why an Owner's re-authentication was refused; each feature maps it to its own refusal code and words that.</summary>
public enum ReauthenticationRefusal
{
    NotOwner,
    TwoFactorRequired,
    Password,
    Code,
}

/// <summary>
/// An Owner confirms a grave action (closing the workspace, break-glass access without a second approver) by typing the
/// password and a current authenticator code, so a stolen session alone is not enough. The Owner role is read from the
/// database (not only the cookie); a wrong password or code counts toward the account's lockout like a failed sign-in,
/// so neither can be guessed here instead of on the sign-in page. The code goes through Identity's authenticator token
/// provider, the one the sign-in uses, which also refuses a time step it has already accepted.
/// </summary>
public static class OwnerReauthentication
{
    /// <summary>Done when the password and code are right; otherwise what was wrong.</summary>
    internal static async Task<Result<ReauthenticationRefusal>> CheckAsync(UserManager<AppUser> users, ClaimsPrincipal principal, string? password, string? code)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(principal);
        var user = await users.GetUserAsync(principal);
        if (user is null || !principal.IsInRole(Roles.Owner) || !await users.IsInRoleAsync(user, Roles.Owner)) return ReauthenticationRefusal.NotOwner;
        if (!await users.GetTwoFactorEnabledAsync(user)) return ReauthenticationRefusal.TwoFactorRequired;
        if (await users.IsLockedOutAsync(user)) return ReauthenticationRefusal.Password;
        if (string.IsNullOrEmpty(password) || !await users.CheckPasswordAsync(user, password))
        {
            await users.AccessFailedAsync(user);
            return ReauthenticationRefusal.Password;
        }

        var clean = (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (clean.Length == 0 || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, clean))
        {
            await users.AccessFailedAsync(user);
            return ReauthenticationRefusal.Code;
        }

        return Result<ReauthenticationRefusal>.Ok;
    }

    /// <summary>Whether <paramref name="principal"/> has two-factor sign-in on (else the page asks to enable it first).</summary>
    public static async Task<bool> HasTwoFactorAsync(UserManager<AppUser> users, ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(users);
        return await users.GetUserAsync(principal) is { } user && await users.GetTwoFactorEnabledAsync(user);
    }
}
