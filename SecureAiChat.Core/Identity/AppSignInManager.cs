using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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
    UserSessions sessions)
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
        user.LastActiveAt = DateTimeOffset.UtcNow;
        await UserManager.UpdateAsync(user);
        var current = _refreshing ? Context.User.FindFirstValue(AppClaimTypes.SessionId) : null;
        var sessionId = current ?? await sessions.StartAsync(user);
        await base.SignInWithClaimsAsync(user, authenticationProperties, [.. additionalClaims, new Claim(AppClaimTypes.SessionId, sessionId)]);
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
        await base.SignOutAsync();
    }

    public override async Task<AppUser?> ValidateSecurityStampAsync(ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is { IsActive: true } ? user : null;
    }
}
