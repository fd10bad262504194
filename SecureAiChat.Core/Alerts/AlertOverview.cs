using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Alerts;

/// <summary>The operators' reads of alerts (/ops/alerts and the tenant page): kinds, values and times, nothing a member wrote.</summary>
public sealed class AlertOverview(IDbContextFactory<AppDbContext> dbs)
{
    /// <summary>How many closed platform alerts /ops/alerts lists.</summary>
    public const int RecentShown = 50;

    /// <summary>Open platform alerts (newest first), then the most recent closed ones.</summary>
    public async Task<IReadOnlyList<PlatformAlert>> PlatformAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var open = await db.PlatformAlerts.AsNoTracking().Where(a => a.ClosedAt == null).ToListAsync(cancellationToken);
        var closed = await db.PlatformAlerts.AsNoTracking().Where(a => a.ClosedAt != null)
            .OrderByDescending(a => a.OpenedAt).Take(RecentShown).ToListAsync(cancellationToken);
        return [.. open.OrderByDescending(a => a.OpenedAt), .. closed];
    }

    /// <summary>The open alerts of one workspace, for the operator's tenant page (the tenant is always named).</summary>
    public async Task<IReadOnlyList<WorkspaceAlert>> OpenForTenantAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var open = await db.WorkspaceAlerts.IgnoreQueryFilters([TenantFilter.Name]).AsNoTracking()
            .Where(a => a.TenantId == tenantId && a.ClosedAt == null).ToListAsync(cancellationToken);
        return [.. open.OrderByDescending(a => a.OpenedAt)];
    }
}
