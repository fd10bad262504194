using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Sso;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Web.Features.Sso;

/// <summary>Whether the platform has Entra ID configured (<c>AzureAd:ClientId</c>), and its callback path.</summary>
public sealed record SsoPlatform(bool Enabled, string CallbackPath, bool TestOverrides);

/// <summary>The SSO settings of the workspace of the current scope.</summary>
public sealed class WorkspaceSso(SsoPlatform platform, IDbContextFactory<AppDbContext> dbFactory, IMultiTenantContextAccessor<AppTenantInfo> tenant)
{
    public bool PlatformEnabled => platform.Enabled;

    /// <summary>The settings when the platform has SSO and this workspace has linked a directory; otherwise null.</summary>
    public async Task<TenantSsoSettings?> LinkedAsync(CancellationToken cancellationToken = default)
    {
        if (!platform.Enabled || !tenant.MultiTenantContext.IsResolved) return null;
        var settings = await GetAsync(cancellationToken);
        return settings is { DirectoryId.Length: > 0 } ? settings : null;
    }

    public async Task<TenantSsoSettings?> GetAsync(CancellationToken cancellationToken = default)
    {
        if (!tenant.MultiTenantContext.IsResolved) return null;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.TenantSsoSettings.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
    }
}
