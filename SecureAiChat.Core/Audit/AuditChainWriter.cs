using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Audit;

/// <summary>
/// Seals pending audit entries into their chains inside the transaction of the SaveChanges that commits them.
/// Per chain it first bumps the head's sequence with a single UPDATE that returns the head: that takes the write lock (SQLite's database
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
            .OrderBy(g => g.Key, StringComparer.Ordinal) // one lock order for every writer
            .ToList();
        foreach (var chain in chains)
        {
            var entries = chain.OrderBy(e => e.LocalOrder).ToList();
            var chainKey = chain.Key;
            var head = await BumpAsync(db, chainKey, entries.Count, ct);
            if (head is null)
            {
                await EnsureHeadAsync(db, keys, chainKey, ct);
                head = await BumpAsync(db, chainKey, entries.Count, ct)
                    ?? throw new InvalidOperationException($"Audit chain head {chainKey} could not be created.");
            }
            using var hmac = new AuditHmac(keys.Unprotect(chainKey, head.ProtectedKey));
            var sequence = head.Sequence - entries.Count;
            var previous = head.LastHash;
            foreach (var entry in entries)
            {
                entry.Sequence = ++sequence;
                entry.PreviousHash = previous;
                entry.Hash = hmac.Compute(entry);
                previous = entry.Hash;
            }
            // The new last hash rides in the same batch as the entries' inserts (no round trip of its own).
            TrackHead(db, head).Property(h => h.LastHash).CurrentValue = previous;
        }
    }

    /// <summary>
    /// Advances the chain's sequence by <paramref name="count"/> and returns the head as it is after that: one
    /// statement that takes the write lock (SQLite's database lock, a row lock on the server databases) until commit.
    /// Null when the chain has no head yet. Plain ADO.NET on the context's connection and transaction: this runs
    /// on every audited save, and EF's query pipeline costs more than the statement itself.
    /// </summary>
    private static async Task<AuditChainHead?> BumpAsync(AppDbContext db, string chainKey, int count, CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = BumpSql(db);
        command.WithParameter("@count", count);
        command.WithParameter("@chain", chainKey);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new AuditChainHead
        {
            ChainKey = chainKey,
            Sequence = reader.GetInt64(0),
            LastHash = reader.GetString(1),
            ProtectedKey = reader.GetString(2),
            CheckpointSequence = reader.GetInt64(3),
            CheckpointHash = reader.GetString(4),
            CheckpointMac = reader.GetString(5),
        };
    }

    private static readonly string[] HeadColumns =
    [
        nameof(AuditChainHead.Sequence), nameof(AuditChainHead.LastHash), nameof(AuditChainHead.ProtectedKey),
        nameof(AuditChainHead.CheckpointSequence), nameof(AuditChainHead.CheckpointHash), nameof(AuditChainHead.CheckpointMac),
    ];

    private static readonly ConcurrentDictionary<string, string> BumpSqlByProvider = new(StringComparer.Ordinal);

    /// <summary>The bump returning <see cref="HeadColumns"/> in order: <c>OUTPUT</c> on SQL Server, <c>RETURNING</c> elsewhere.</summary>
    private static string BumpSql(AppDbContext db) => BumpSqlByProvider.GetOrAdd(db.Database.ProviderName ?? "", _ =>
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        string Q(string name) => sql.DelimitIdentifier(name);
        var update = $"UPDATE {Q("AuditChainHeads")} SET {Q(nameof(AuditChainHead.Sequence))} = {Q(nameof(AuditChainHead.Sequence))} + @count";
        var where = $"WHERE {Q(nameof(AuditChainHead.ChainKey))} = @chain";
        return db.Database.IsSqlServer()
            ? $"{update} OUTPUT {string.Join(", ", HeadColumns.Select(c => "INSERTED." + Q(c)))} {where}"
            : $"{update} {where} RETURNING {string.Join(", ", HeadColumns.Select(Q))}";
    });

    /// <summary>Tracks <paramref name="head"/> as it is in the database now (reusing an entry an earlier save left tracked).</summary>
    private static EntityEntry<AuditChainHead> TrackHead(AppDbContext db, AuditChainHead head)
    {
        var tracked = db.ChangeTracker.Entries<AuditChainHead>().FirstOrDefault(e => e.Entity.ChainKey == head.ChainKey);
        if (tracked is null) return db.Attach(head);
        tracked.OriginalValues.SetValues(head);
        tracked.CurrentValues.SetValues(head);
        tracked.State = EntityState.Unchanged;
        return tracked;
    }

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
