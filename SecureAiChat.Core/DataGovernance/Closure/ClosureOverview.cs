using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.DataGovernance.Closure;

/// <summary>A workspace in its closure grace period, as the operator console lists it.</summary>
public sealed record ClosingWorkspace(string Identifier, string Name, DateTimeOffset RequestedAt, DateTimeOffset DeletesAt);

/// <summary>
/// Closures for the operator console: workspaces in their grace period and the certificates of deleted ones. Tenant rows
/// and certificates only (both global): an operator never sees anything of a workspace's content.
/// </summary>
public sealed class ClosureOverview(IDbContextFactory<AppDbContext> contexts)
{
    public async Task<IReadOnlyList<ClosingWorkspace>> ClosingAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Tenants.AsNoTracking().Where(t => t.Status == TenantStatus.Closing)
            .Select(t => new { t.Identifier, t.Name, t.ClosureRequestedAt, t.ClosureDeletesAt }).ToListAsync(cancellationToken);
        // Sorted here: SQLite cannot order by DateTimeOffset columns.
        return rows.Select(t => new ClosingWorkspace(t.Identifier, t.Name, t.ClosureRequestedAt ?? default, t.ClosureDeletesAt ?? default))
            .OrderBy(t => t.DeletesAt).ToList();
    }

    public async Task<IReadOnlyList<DeletionCertificate>> CertificatesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.DeletionCertificates.AsNoTracking().ToListAsync(cancellationToken);
        return rows.OrderByDescending(c => c.DeletedAt).ToList();
    }
}
