using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Provisioning;

/// <summary>
/// The "open workspace" button after provisioning: a single-use link to the workspace host that signs the
/// new admin in. Issued only for a succeeded request, only shortly after it finished, and only to the browser
/// that submitted the signup (its HttpOnly cookie holds the secret whose hash the request stores, see
/// <see cref="SignupBinding"/>): the status page's address alone is not enough.
/// </summary>
public sealed class WorkspaceLoginLinks(TenantScopeFactory scopes, IOptions<ProvisioningOptions> options, PublicUrls urls, TimeProvider? time = null)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    public const string Path = "/signup/open";

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>
    /// A fresh link for the admin of the request behind <paramref name="statusId"/>, or null when the request is
    /// not (or no longer) eligible or <paramref name="browserSecret"/> is not the submitting browser's secret.
    /// </summary>
    public async Task<Uri?> IssueAsync(string statusId, string? browserSecret, CancellationToken cancellationToken = default)
    {
        ProvisioningRequest? request;
        await using (var platform = scopes.CreatePlatformScope())
        {
            var db = platform.ServiceProvider.GetRequiredService<AppDbContext>();
            request = await db.ProvisioningRequests.AsNoTracking().SingleOrDefaultAsync(r => r.StatusId == statusId, cancellationToken);
        }
        var now = _time.GetUtcNow();
        if (request is not { Status: ProvisioningStatus.Succeeded, AdminUserId: not null, CompletedAt: { } completed }
            || now - completed > TimeSpan.FromMinutes(options.Value.LoginLinkOfferMinutes)
            || !SignupBinding.Matches(request, browserSecret))
            return null;

        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));
        await using (var scope = await scopes.CreateScopeAsync(request.TenantId, cancellationToken))
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.WorkspaceLoginLinks.Add(new WorkspaceLoginLink { UserId = request.AdminUserId, TokenHash = Hash(token), CreatedAt = now, ExpiresAt = now + Lifetime });
            await db.SaveChangesAsync(cancellationToken);
        }
        return urls.Workspace(request.Identifier, $"{Path}?token={Uri.EscapeDataString(token)}");
    }

    /// <summary>
    /// Redeems a token in the current tenant's scope (the workspace host's request): returns the user id once,
    /// and null for an unknown, expired or used token. The update is conditional, so two concurrent
    /// redemptions cannot both win.
    /// </summary>
    public async Task<string?> RedeemAsync(AppDbContext tenantDb, string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 64) return null;
        var hash = Hash(token);
        var now = _time.GetUtcNow();
        var link = await tenantDb.WorkspaceLoginLinks.AsNoTracking().SingleOrDefaultAsync(l => l.TokenHash == hash, cancellationToken);
        if (link is null || link.UsedAt is not null || link.ExpiresAt <= now) return null;
        var claimed = await tenantDb.WorkspaceLoginLinks
            .Where(l => l.Id == link.Id && l.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.UsedAt, now), cancellationToken);
        return claimed == 1 ? link.UserId : null;
    }

    /// <summary>Hex SHA-256 of a random token: what is stored instead of the token.</summary>
    internal static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
