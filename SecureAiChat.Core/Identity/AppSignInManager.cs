using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Audit;

namespace SecureAiChat.Core.Identity;

/// <summary>Sign-in rules of the product: a deactivated account can neither sign in nor keep a session; a sign-in is recorded as activity.</summary>
public sealed class AppSignInManager(
    UserManager<AppUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<AppUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<AppUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation,
    UserSessions sessions,
    AccountAudit audit,
    TimeProvider time)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    // True while Identity re-issues the cookie of the current session (password or 2FA changed): the session goes on.
    private bool _refreshing;

    public override async Task<bool> CanSignInAsync(AppUser user) =>
        user.IsActive && await base.CanSignInAsync(user);

    /// <summary>
    /// Every sign-in (password, 2FA, recovery code, Microsoft) starts a server-side session whose id the cookie carries.
    /// A sign-in is activity: the idle timeout counts from here (the last activity may be long ago).
    /// </summary>
    public override async Task SignInWithClaimsAsync(AppUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        MemberActivity.SignedIn(user, time.GetUtcNow());
        await UserManager.UpdateAsync(user);
        var current = _refreshing ? Context.User.FindFirstValue(AppClaimTypes.SessionId) : null;
        var sessionId = current ?? await sessions.StartAsync(user);
        await base.SignInWithClaimsAsync(user, authenticationProperties, [.. additionalClaims, new Claim(AppClaimTypes.SessionId, sessionId)]);
    }

    /// <summary>Password sign-ins are audited here, so every page that signs in by password is covered.</summary>
    public override async Task<SignInResult> PasswordSignInAsync(AppUser user, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var wasLockedOut = await UserManager.IsLockedOutAsync(user);
        var result = await base.PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        // Needing the second factor is not an outcome yet: the 2FA step records it.
        if (!result.RequiresTwoFactor) await AuditAsync(user, result, "password", AccountAudit.Reasons.BadPassword, wasLockedOut);
        return result;
    }

    public override async Task<SignInResult> TwoFactorAuthenticatorSignInAsync(string code, bool isPersistent, bool rememberClient)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        var wasLockedOut = user is not null && await UserManager.IsLockedOutAsync(user);
        var result = await base.TwoFactorAuthenticatorSignInAsync(code, isPersistent, rememberClient);
        if (user is not null) await AuditAsync(user, result, "authenticator", AccountAudit.Reasons.BadCode, wasLockedOut);
        return result;
    }

    /// <summary>A sign-in with a recovery code is recorded once, as "recovery code used" (the code is spent by it).</summary>
    public override async Task<SignInResult> TwoFactorRecoveryCodeSignInAsync(string recoveryCode)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        var wasLockedOut = user is not null && await UserManager.IsLockedOutAsync(user);
        var result = await base.TwoFactorRecoveryCodeSignInAsync(recoveryCode);
        if (user is not null) await AuditAsync(user, result, "recovery_code", AccountAudit.Reasons.BadCode, wasLockedOut, AuditActions.RecoveryCodeUsed);
        return result;
    }

    // The failure that locks an account is recorded as the lockout itself, so one attempt is one entry.
    private async Task AuditAsync(AppUser user, SignInResult result, string method, string failedReason, bool wasLockedOut, string success = AuditActions.SignInSucceeded)
    {
        if (result.Succeeded) await audit.SignedInAsync(user, method, success);
        else if (result.IsLockedOut && !wasLockedOut) await audit.FailedAsync(user, null, failedReason, method, AuditActions.LockedOut);
        else await audit.FailedAsync(user, null, result.IsLockedOut ? AccountAudit.Reasons.LockedOut : result.IsNotAllowed ? AccountAudit.Reasons.NotAllowed : failedReason, method);
    }

    /// <summary>A refreshed cookie keeps its session (and with it the absolute lifetime that started at sign-in).</summary>
    public override async Task RefreshSignInAsync(AppUser user)
    {
        _refreshing = true;
        try
        {
            await base.RefreshSignInAsync(user);
        }
        finally
        {
            _refreshing = false;
        }
    }

    /// <summary>Signing out ends the session on the server, so a copy of the cookie stops working at once.</summary>
    public override async Task SignOutAsync()
    {
        if (Context.User.FindFirstValue(AppClaimTypes.SessionId) is { } sessionId) await sessions.EndAsync(sessionId);
        if (Context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId && await UserManager.FindByIdAsync(userId) is { } user)
        {
            await audit.ChangedAsync(user, AuditActions.SignedOut);
        }

        await base.SignOutAsync();
    }

    public override async Task<AppUser?> ValidateSecurityStampAsync(ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is { IsActive: true } ? user : null;
    }
}
