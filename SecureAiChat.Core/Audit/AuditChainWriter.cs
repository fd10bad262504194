using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Audit;

/// <summary>
/// Seals pending audit entries into their chains inside the transaction of the SaveChanges that commits them.
/// Per chain it first bumps the head's sequence with a single UPDATE: that takes the write lock (SQLite's database
/// lock, SQL Server's row lock) until commit, so writers on any number of instances line up without in-process locks
/// and sequences stay gapless (a rolled-back save rolls back its bump too).
/// </summary>
internal static class AuditChainWriter
{
    public static bool HasPending(ChangeTracker tracker)
    {
        var pending = false;
        foreach (var entry in tracker.Entries<AuditRecord>())
        {
            // Append-only: an entry is never changed or removed through the model (retention purges in bulk).
            if (entry.State is EntityState.Modified or EntityState.Deleted)
                throw new InvalidOperationException("Audit entries are append-only.");
            pending |= entry.State == EntityState.Added;
        }
        return pending;
    }

    public static async Task<int> SaveAsync(AppDbContext db, Func<bool, CancellationToken, Task<int>> save, bool acceptAllChangesOnSuccess,
        CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            // The caller's transaction (and its execution strategy) covers the head bump and the save.
            await SealAsync(db, cancellationToken);
            return await save(acceptAllChangesOnSuccess, cancellationToken);
        }

        // An explicit transaction under a retrying strategy must run inside the strategy, as a whole.
        var saved = await db.Database.CreateExecutionStrategy().ExecuteAsync(db, async (context, ct) =>
        {
            await using var transaction = await context.Database.BeginTransactionAsync(ct);
            await SealAsync(context, ct);
            var count = await save(false, ct);
            await transaction.CommitAsync(ct);
            return count;
        }, cancellationToken);
        if (acceptAllChangesOnSuccess) db.ChangeTracker.AcceptAllChanges();
        return saved;
    }

    private static async Task SealAsync(AppDbContext db, CancellationToken ct)
    {
        var keys = db.GetService<AuditChainKeys>();
        var chains = db.ChangeTracker.Entries<AuditRecord>()
            .Where(e => e.State == EntityState.Added)
            .Select(e => e.Entity)
            .GroupBy(e => e.ChainKey, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal); // one lock order for every writer
        foreach (var chain in chains)
        {
            var entries = chain.OrderBy(e => e.LocalOrder).ToList();
            var chainKey = chain.Key;
            if (await BumpAsync(db, chainKey, entries.Count, ct) == 0)
            {
                await EnsureHeadAsync(db, keys, chainKey, ct);
                if (await BumpAsync(db, chainKey, entries.Count, ct) == 0)
                    throw new InvalidOperationException($"Audit chain head {chainKey} could not be created.");
            }
            var head = await db.AuditChainHeads.AsNoTracking().Where(h => h.ChainKey == chainKey)
                .Select(h => new { h.Sequence, h.LastHash, h.ProtectedKey }).SingleAsync(ct);
            var key = keys.Unprotect(chainKey, head.ProtectedKey);
            var sequence = head.Sequence - entries.Count;
            var previous = head.LastHash;
            foreach (var entry in entries)
            {
                entry.Sequence = ++sequence;
                entry.PreviousHash = previous;
                entry.Hash = AuditHasher.Compute(key, entry);
                previous = entry.Hash;
            }
            await db.AuditChainHeads.Where(h => h.ChainKey == chainKey)
                .ExecuteUpdateAsync(s => s.SetProperty(h => h.LastHash, previous), ct);
        }
    }

    private static Task<int> BumpAsync(AppDbContext db, string chainKey, int count, CancellationToken ct) =>
        db.AuditChainHeads.Where(h => h.ChainKey == chainKey)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.Sequence, h => h.Sequence + count), ct);

    /// <summary>Creates the head of a new chain unless another writer just did (plain SQL that both providers run).</summary>
    private static async Task EnsureHeadAsync(AppDbContext db, AuditChainKeys keys, string chainKey, CancellationToken ct)
    {
        var (key, protectedKey) = keys.Create(chainKey);
        var genesis = AuditHasher.Genesis;
        var mac = AuditHasher.Checkpoint(key, chainKey, 0, genesis);
        if (db.Database.IsNpgsql())
        {
            // PostgreSQL folds unquoted names to lower case, and any error aborts the surrounding transaction,
            // so a lost race must not raise one: ON CONFLICT waits for the other writer and then does nothing.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "AuditChainHeads" ("ChainKey", "Sequence", "LastHash", "ProtectedKey", "CheckpointSequence", "CheckpointHash", "CheckpointMac")
                VALUES ({chainKey}, 0, {genesis}, {protectedKey}, 0, {genesis}, {mac})
                ON CONFLICT DO NOTHING
                """, ct);
            return;
        }
        try
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO AuditChainHeads (ChainKey, Sequence, LastHash, ProtectedKey, CheckpointSequence, CheckpointHash, CheckpointMac)
                SELECT {chainKey}, 0, {genesis}, {protectedKey}, 0, {genesis}, {mac}
                WHERE NOT EXISTS (SELECT 1 FROM AuditChainHeads WHERE ChainKey = {chainKey})
                """, ct);
        }
        catch (DbException)
        {
            // A concurrent writer created it between our check and insert (SQL Server): its head is as good as ours.
        }
    }
}
