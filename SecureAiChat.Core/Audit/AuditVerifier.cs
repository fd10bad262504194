using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Audit;

/// <summary>The result of verifying one chain. <see cref="FirstBrokenSequence"/> is null when the chain is intact.</summary>
public sealed record AuditVerification(string ChainKey, long EntriesChecked, long LastSequence, string LastHash, long? FirstBrokenSequence, string? Problem)
{
    public bool Intact => FirstBrokenSequence is null;
}

/// <summary>
/// Verifies a chain by streaming its entries in sequence order (never the whole chain in memory): no gaps from the
/// purge checkpoint on, every previous hash links to the entry before, every HMAC recomputes with the chain's key,
/// the last entry matches the head (so a truncated tail is caught), and the daily hashes kept by the verification
/// job still match (so a truncation that also rewrote the head is caught back to the last stored day).
/// </summary>
public sealed class AuditVerifier(AuditChainKeys keys)
{
    private const int HashBatch = 4096;

    /// <summary>Verifies <paramref name="chainKey"/> reading through <paramref name="db"/> (any tenant scope: filters are bypassed by chain).</summary>
    public async Task<AuditVerification> VerifyAsync(AppDbContext db, string chainKey, CancellationToken cancellationToken = default)
    {
        var head = await db.AuditChainHeads.AsNoTracking().SingleOrDefaultAsync(h => h.ChainKey == chainKey, cancellationToken);
        var entries = Entries(db, chainKey, head?.CheckpointSequence ?? 0, cancellationToken);
        if (head is null)
        {
            await using var any = entries.GetAsyncEnumerator(cancellationToken);
            return await any.MoveNextAsync()
                ? Broken(chainKey, 0, any.Current?.Sequence ?? 1, "head-missing")
                : new AuditVerification(chainKey, 0, 0, AuditHasher.Genesis, null, null);
        }

        byte[] key;
        try
        {
            key = keys.Unprotect(chainKey, head.ProtectedKey);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return Broken(chainKey, 0, head.CheckpointSequence + 1, "key-unreadable");
        }
        if (!FixedTimeEquals(AuditHasher.Checkpoint(key, chainKey, head.CheckpointSequence, head.CheckpointHash), head.CheckpointMac))
            return Broken(chainKey, 0, head.CheckpointSequence + 1, "checkpoint");

        var daily = await db.AuditDailyHashes.AsNoTracking()
            .Where(d => d.ChainKey == chainKey && d.Sequence > head.CheckpointSequence)
            .Select(d => new { d.Sequence, d.Hash }).ToListAsync(cancellationToken);
        var dailyBySequence = daily.GroupBy(d => d.Sequence).ToDictionary(g => g.Key, g => g.Select(d => d.Hash).ToHashSet(StringComparer.Ordinal));

        var expected = head.CheckpointSequence + 1;
        var previous = head.CheckpointHash;
        long checkedCount = 0;
        // Sequence, links and daily hashes are checked in order as rows arrive; the HMACs (most of the work) are
        // checked a batch behind on another thread, so reading and hashing use both cores. Any failure reports the
        // first broken sequence: a hash failure before a sequential one wins.
        using var hmac = new AuditHmac(key);
        using var readerHmac = new AuditHmac(key); // AuditHmac is not thread-safe: the reader's own, for daily-hash rows
        var batch = new List<AuditRecord>(HashBatch);
        var hashing = Task.FromResult<long?>(null);
        long? FirstBadHash(List<AuditRecord> records) => records.FirstOrDefault(r => !hmac.Matches(r, r.Hash))?.Sequence;
        async Task<long?> EarlierBadHashAsync() => await hashing ?? FirstBadHash(batch);
        AuditVerification BrokenHash(long sequence) => Broken(chainKey, sequence - head.CheckpointSequence - 1, sequence, "hash");

        await foreach (var entry in entries)
        {
            var problem = entry is null ? "hash" // a kind or outcome no code writes
                : entry.Sequence != expected ? "gap"
                : !string.Equals(entry.PreviousHash, previous, StringComparison.Ordinal) ? "link"
                : dailyBySequence.TryGetValue(entry.Sequence, out var stored) && !stored.All(h => h == entry.Hash)
                    ? (readerHmac.Matches(entry, entry.Hash) ? "daily-hash" : "hash")
                    : null;
            if (problem is not null)
            {
                return await EarlierBadHashAsync() is { } earlier ? BrokenHash(earlier) : Broken(chainKey, checkedCount, expected, problem);
            }
            batch.Add(entry!);
            previous = entry!.Hash;
            expected++;
            checkedCount++;
            if (batch.Count == HashBatch)
            {
                if (await hashing is { } failed) return BrokenHash(failed);
                var full = batch;
                batch = new List<AuditRecord>(HashBatch);
                hashing = Task.Run(() => FirstBadHash(full), cancellationToken);
            }
        }
        if (await EarlierBadHashAsync() is { } bad) return BrokenHash(bad);

        var last = expected - 1;
        if (last != head.Sequence || !string.Equals(previous, head.LastHash, StringComparison.Ordinal))
            return Broken(chainKey, checkedCount, expected, "truncated");
        if (daily.Count > 0 && daily.Max(d => d.Sequence) > last)
            return Broken(chainKey, checkedCount, expected, "truncated");
        return new AuditVerification(chainKey, checkedCount, last, previous, null, null);
    }

    /// <summary>Every chain that has a head, platform first.</summary>
    public static async Task<IReadOnlyList<string>> ChainKeysAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        var chains = await db.AuditChainHeads.AsNoTracking().Select(h => h.ChainKey).ToListAsync(cancellationToken);
        return chains.OrderBy(c => c == AuditChains.Platform ? 0 : 1).ThenBy(c => c, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The chain's entries after <paramref name="after"/> in sequence order, read with a plain data reader (verification
    /// reads every entry once; EF's materialisation cost more than the HMAC). Yields
    /// null for a row whose actor kind or outcome is not one the code writes (an edit made outside the app).
    /// </summary>
    private static async IAsyncEnumerable<AuditRecord?> Entries(AppDbContext db, string chainKey, long after,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var tenantId = AuditChains.TenantOf(chainKey);
        var entityType = db.Model.FindEntityType(tenantId is null ? typeof(PlatformAuditEntry) : typeof(AuditEntry))!;
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        string Column(string property) => sql.DelimitIdentifier(entityType.FindProperty(property)!.GetColumnName(table)!);

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = $"SELECT {string.Join(", ", Columns.Select(Column))} FROM {sql.DelimitIdentifier(table.Name, table.Schema)} "
                + $"WHERE {Column(nameof(AuditRecord.Sequence))} > @after"
                + (tenantId is null ? "" : $" AND {Column(nameof(AuditEntry.TenantId))} = @tenant")
                + $" ORDER BY {Column(nameof(AuditRecord.Sequence))}";
            command.WithParameter("@after", after);
            if (tenantId is not null) command.WithParameter("@tenant", tenantId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                AuditRecord record = tenantId is null ? new PlatformAuditEntry() : new AuditEntry { TenantId = tenantId };
                record.Sequence = reader.GetInt64(0);
                record.OccurredAt = reader.GetDateTime(1);
                record.ActorId = NullableString(reader, 3);
                record.ActorName = NullableString(reader, 4);
                record.ActorRole = NullableString(reader, 5);
                record.Action = reader.GetString(6);
                record.TargetType = reader.GetString(7);
                record.TargetId = NullableString(reader, 8);
                record.TargetDisplay = NullableString(reader, 9);
                record.ClientAddress = NullableString(reader, 11);
                record.UserAgent = NullableString(reader, 12);
                record.Details = NullableString(reader, 13);
                record.PreviousHash = reader.GetString(14);
                record.Hash = reader.GetString(15);
                if (Enum.TryParse<AuditActorKind>(reader.GetString(2), out var kind) && Enum.TryParse<AuditOutcome>(reader.GetString(10), out var outcome))
                {
                    record.ActorKind = kind;
                    record.Outcome = outcome;
                    yield return record;
                }
                else
                {
                    yield return null;
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static readonly string[] Columns =
    [
        nameof(AuditRecord.Sequence), nameof(AuditRecord.OccurredAt), nameof(AuditRecord.ActorKind), nameof(AuditRecord.ActorId),
        nameof(AuditRecord.ActorName), nameof(AuditRecord.ActorRole), nameof(AuditRecord.Action), nameof(AuditRecord.TargetType),
        nameof(AuditRecord.TargetId), nameof(AuditRecord.TargetDisplay), nameof(AuditRecord.Outcome), nameof(AuditRecord.ClientAddress),
        nameof(AuditRecord.UserAgent), nameof(AuditRecord.Details), nameof(AuditRecord.PreviousHash), nameof(AuditRecord.Hash),
    ];

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static AuditVerification Broken(string chainKey, long checkedCount, long sequence, string problem) =>
        new(chainKey, checkedCount, sequence - 1, "", sequence, problem);

    private static bool FixedTimeEquals(string a, string b) =>
        a.Length == b.Length && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(a), System.Text.Encoding.ASCII.GetBytes(b));
}
