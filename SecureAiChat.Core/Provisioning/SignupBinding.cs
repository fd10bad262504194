using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Provisioning;

/// <summary>
/// Binds a signup to the browser that submitted it. The form cannot set an HttpOnly cookie from its circuit,
/// so it navigates (full load) to <c>/signup/bind</c> with a one-time, two-minute binding token; that request
/// exchanges the token for a fresh random browser secret, stores only the secret's SHA-256 and sets it as an
/// HttpOnly, SameSite=Strict, host-only cookie. The Owner sign-in link is issued only to a browser presenting
/// that secret: the status page's address alone shows progress, nothing more.
/// </summary>
public sealed class SignupBinding(IDbContextFactory<AppDbContext> contexts, TimeProvider? time = null)
{
    /// <summary>Long enough for one redirect of a slow connection; the token is void after one use anyway.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(2);

    public const string BindPath = "/signup/bind";
    public const string CookieName = ".SecureAiChat.Signup";

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>
    /// Exchanges a binding token, once, for a new browser secret. Returns the status id and the secret, or null
    /// for an unknown, expired or already exchanged token. The update is conditional on the token hash, so two
    /// concurrent exchanges cannot both win.
    /// </summary>
    public async Task<(string StatusId, string BrowserSecret)?> ExchangeAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 64) return null;
        var hash = WorkspaceLoginLinks.Hash(token);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var request = await db.ProvisioningRequests.AsNoTracking()
            .Where(r => r.BindingTokenHash == hash)
            .Select(r => new { r.Id, r.StatusId, r.BindingExpiresAt })
            .SingleOrDefaultAsync(cancellationToken);
        if (request is null || request.BindingExpiresAt is not { } expires || expires <= _time.GetUtcNow()) return null;

        var secret = SignupService.NewRequestId();
        var secretHash = WorkspaceLoginLinks.Hash(secret);
        var claimed = await db.ProvisioningRequests
            .Where(r => r.Id == request.Id && r.BindingTokenHash == hash)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.BindingTokenHash, (string?)null)
                .SetProperty(r => r.BindingExpiresAt, (DateTimeOffset?)null)
                .SetProperty(r => r.BrowserSecretHash, secretHash), cancellationToken);
        return claimed == 1 ? (request.StatusId, secret) : null;
    }

    /// <summary>True when <paramref name="browserSecret"/> is the secret bound to the request (constant-time compare).</summary>
    public static bool Matches(ProvisioningRequest request, string? browserSecret)
    {
        if (request.BrowserSecretHash is null || string.IsNullOrEmpty(browserSecret) || browserSecret.Length > 64) return false;
        return CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(WorkspaceLoginLinks.Hash(browserSecret)),
            Encoding.ASCII.GetBytes(request.BrowserSecretHash));
    }
}
