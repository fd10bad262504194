using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Audit;

/// <summary>
/// How long a workspace keeps its audit entries (1–10 years, 3 by default, like cybozu.com) and the change of it,
/// which Owners make on the audit page; the change is itself recorded.
/// </summary>
public sealed class AuditRetention(IDbContextFactory<AppDbContext> dbs, IAuditLog audit)
{
    public const int MinYears = 1;
    public const int MaxYears = 10;
    public const int DefaultYears = AppTenantInfo.DefaultAuditRetentionYears;

    public static bool IsValid(int years) => years is >= MinYears and <= MaxYears;

    /// <summary>The current workspace's retention in years.</summary>
    public async Task<int> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return await db.Tenants.AsNoTracking().Where(t => t.Id == db.CurrentTenantId).Select(t => t.AuditRetentionYears).SingleAsync(cancellationToken);
    }

    /// <summary>Sets the current workspace's retention; false (nothing saved or recorded) when out of range.</summary>
    public async Task<bool> SetAsync(int years, CancellationToken cancellationToken = default)
    {
        if (!IsValid(years)) return false;
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var tenant = await db.Tenants.SingleAsync(t => t.Id == db.CurrentTenantId, cancellationToken);
        if (tenant.AuditRetentionYears == years) return true;
        audit.Record(db, AuditActions.AuditRetentionChanged, AuditTarget.Workspace(tenant.Name), new { from = tenant.AuditRetentionYears, to = years });
        tenant.AuditRetentionYears = years;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}

/// <summary>
/// The daily purge (Hangfire recurring job <c>audit-purge</c>): in each workspace, removes the entries older than its
/// retention and moves the chain's checkpoint to the last removed entry (its sequence and hash, MACed with the chain's
/// key), so the remaining chain still verifies from there and moving the checkpoint without the key is caught.
/// The purge records <see cref="AuditActions.AuditPurged"/> in the same transaction; running it again removes nothing.
/// </summary>
public sealed class AuditPurgeJob(TenantScopeFactory scopes, AuditChainKeys keys, TimeProvider time)
{
    public const string RecurringJobId = "audit-purge";

    [DisableConcurrentExecution(timeoutInSeconds: 1800)]
    [JobDisplayName("Audit log: retention purge")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        List<(string Id, int Years)> tenants;
        await using (var platform = scopes.CreatePlatformScope())
        {
            var db = platform.ServiceProvider.GetRequiredService<AppDbContext>();
            tenants = (await db.Tenants.AsNoTracking().Select(t => new { t.Id, t.AuditRetentionYears }).ToListAsync(cancellationToken))
                .Select(t => (t.Id, t.AuditRetentionYears)).ToList();
        }
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var (id, years) in tenants)
            await PurgeAsync(id, now.AddYears(-Math.Clamp(years, AuditRetention.MinYears, AuditRetention.MaxYears)), cancellationToken);
    }

    /// <summary>Removes the workspace's entries that occurred before <paramref name="cutoffUtc"/>; returns how many.</summary>
    public async Task<int> PurgeAsync(string tenantId, DateTime cutoffUtc, CancellationToken cancellationToken = default)
    {
        await using var scope = await scopes.CreateScopeAsync(tenantId, cancellationToken);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
        var chainKey = AuditChains.ForTenant(tenantId);
        var last = await db.AuditEntries.AsNoTracking().Where(e => e.OccurredAt < cutoffUtc).OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(cancellationToken);
        var checkpoint = await db.AuditChainHeads.AsNoTracking().Where(h => h.ChainKey == chainKey).Select(h => h.CheckpointSequence).FirstOrDefaultAsync(cancellationToken);
        if (last is null || last.Sequence <= checkpoint) return 0;

        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // Recording first bumps the head, which takes the chain's write lock until commit.
            audit.Record(db, AuditActions.AuditPurged, new AuditTarget("audit-log"),
                new { through = last.Sequence, before = cutoffUtc.ToString("O", System.Globalization.CultureInfo.InvariantCulture) });
            await db.SaveChangesAsync(ct);
            var protectedKey = await db.AuditChainHeads.AsNoTracking().Where(h => h.ChainKey == chainKey).Select(h => h.ProtectedKey).SingleAsync(ct);
            var mac = AuditHasher.Checkpoint(keys.Unprotect(chainKey, protectedKey), chainKey, last.Sequence, last.Hash);
            await db.AuditChainHeads.Where(h => h.ChainKey == chainKey).ExecuteUpdateAsync(s => s
                .SetProperty(h => h.CheckpointSequence, last.Sequence)
                .SetProperty(h => h.CheckpointHash, last.Hash)
                .SetProperty(h => h.CheckpointMac, mac), ct);
            var deleted = await db.AuditEntries.Where(e => e.Sequence <= last.Sequence).ExecuteDeleteAsync(ct);
            await transaction.CommitAsync(ct);
            return deleted;
        }, cancellationToken);
    }
}
