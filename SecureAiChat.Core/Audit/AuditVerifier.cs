using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
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

    /// <summary>
    /// From this many entries on, the two halves of a chain are read on two connections at once (reading is half of
    /// the work: one reader alone kept verification under 200,000 entries a second); shorter chains are read as one.
    /// </summary>
    internal long SplitFrom { get; init; } = 100_000;

    /// <summary>Verifies <paramref name="chainKey"/> reading through <paramref name="db"/> (any tenant scope: filters are bypassed by chain).</summary>
    public async Task<AuditVerification> VerifyAsync(AppDbContext db, string chainKey, CancellationToken cancellationToken = default)
    {
        var head = await db.AuditChainHeads.AsNoTracking().SingleOrDefaultAsync(h => h.ChainKey == chainKey, cancellationToken);
        var query = ChainQuery.For(db, chainKey);
        if (head is null)
        {
            await using var any = query.Entries(db, 0, null, cancellationToken).GetAsyncEnumerator(cancellationToken);
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

        var from = head.CheckpointSequence;
        var middle = from + (head.Sequence - from) / 2;
        Segment whole;
        if (head.Sequence - from >= SplitFrom && await SecondConnectionAsync(db, cancellationToken) is { } second)
        {
            // Each half checks its own order, links, daily hashes and HMACs; the seam between them is checked after.
            await using (second)
            {
                var halves = await Task.WhenAll(
                    Task.Run(() => query.VerifyAsync(db, from, middle, key, dailyBySequence, head.CheckpointHash, cancellationToken), cancellationToken),
                    Task.Run(() => query.VerifyAsync(second, null, middle, null, key, dailyBySequence, null, cancellationToken), cancellationToken));
                whole = Join(halves[0], halves[1], middle);
            }
        }
        else
        {
            whole = await query.VerifyAsync(db, from, null, key, dailyBySequence, head.CheckpointHash, cancellationToken);
        }

        if (whole.Broken is { } broken)
            return Broken(chainKey, whole.Checked, broken, whole.Problem!);
        var last = whole.Expected - 1;
        var previous = whole.LastHash ?? head.CheckpointHash;
        if (last != head.Sequence || !string.Equals(previous, head.LastHash, StringComparison.Ordinal))
            return Broken(chainKey, whole.Checked, whole.Expected, "truncated");
        if (daily.Count > 0 && daily.Max(d => d.Sequence) > last)
            return Broken(chainKey, whole.Checked, whole.Expected, "truncated");
        return new AuditVerification(chainKey, whole.Checked, last, previous, null, null);
    }

    /// <summary>
    /// What one run of entries showed: how many were checked, the next sequence it expected, the first and last
    /// hashes it linked, and the first broken sequence with its problem (null when the run is intact).
    /// </summary>
    private sealed record Segment(long Checked, long Expected, string? FirstPrevious, string? LastHash, long? Broken, string? Problem);

    /// <summary>
    /// The chain as the two halves show it, reported as one reader would: the first half's break wins; then the seam in
    /// the order one reader checks an entry (the first half must end where the second begins, the second's first entry
    /// must be in sequence, then link to the first's last); then the second half's break.
    /// </summary>
    private static Segment Join(Segment first, Segment second, long middle)
    {
        if (first.Broken is not null) return first;
        if (first.Expected != middle + 1) return first with { Broken = first.Expected, Problem = "gap" };
        var both = new Segment(first.Checked + second.Checked, second.Expected, first.FirstPrevious, second.LastHash ?? first.LastHash, second.Broken, second.Problem);
        if (second.Broken == middle + 1 && second.Problem == "gap") return both;
        if (second.FirstPrevious is not null && !string.Equals(second.FirstPrevious, first.LastHash, StringComparison.Ordinal))
            return first with { Broken = middle + 1, Problem = "link" };
        return both;
    }

    /// <summary>
    /// Checks a run of entries that should start at <paramref name="expected"/> and link to <paramref name="previous"/>
    /// (null: not known here, the seam is checked by <see cref="Join"/>). Sequence, links and daily hashes are checked in
    /// order as rows arrive, and each row's canonical form is written into a batch; the HMACs (most of the work) are
    /// checked a batch behind on another thread, so reading and hashing overlap. Any failure reports the first broken
    /// sequence: a hash failure before a sequential one wins.
    /// </summary>
    private static async Task<Segment> VerifySegmentAsync(IChainRows rows, byte[] key,
        Dictionary<long, HashSet<string>> daily, long expected, string? previous, CancellationToken cancellationToken)
    {
        using var hmac = new AuditHmac(key);
        using var readerHmac = new AuditHmac(key); // AuditHmac is not thread-safe: the reader's own, for daily-hash rows
        using var writer = new Utf8JsonWriter(Stream.Null, AuditCanonicalForm.WriterOptions); // reset onto the batch per row
        var batch = new CanonicalBatch();
        var spare = new CanonicalBatch();
        var hashing = Task.FromResult<long?>(null);
        // The last hash linked, as bytes (null: not known); turned into a string only for the result.
        var last = previous is null ? null : System.Text.Encoding.UTF8.GetBytes(previous);
        string? firstPrevious = null;
        long checkedCount = 0;
        async Task<long?> EarlierBadHashAsync() => await hashing ?? batch.FirstMismatch(hmac);
        Segment Result(long? broken, string? problem, long count) =>
            new(count, expected, firstPrevious, last is null ? null : System.Text.Encoding.UTF8.GetString(last), broken, problem);
        // The count of a hash failure is the entries before it, as a sequential reader would have checked.
        Segment BrokenHash(long sequence) => Result(sequence, "hash", checkedCount - (expected - sequence));

        while (await rows.MoveNextAsync())
        {
            var valid = rows.Valid;
            if (checkedCount == 0) firstPrevious = valid ? System.Text.Encoding.UTF8.GetString(rows.PreviousHash) : null;
            var added = false;
            var problem = !valid ? "hash" // a kind or outcome no code writes
                : rows.Sequence != expected ? "gap"
                : last is not null && !rows.PreviousHash.SequenceEqual(last) ? "link"
                : !(added = batch.Add(rows, writer)) ? "hash" // text that is not UTF-8
                : daily.TryGetValue(expected, out var stored) && !stored.All(h => h == System.Text.Encoding.UTF8.GetString(rows.Hash))
                    ? (batch.LastMatches(readerHmac) ? "daily-hash" : "hash")
                    : null;
            if (problem is not null)
            {
                if (added) batch.DropLast();
                return await EarlierBadHashAsync() is { } earlier ? BrokenHash(earlier) : Result(expected, problem, checkedCount);
            }
            {
                var hash = rows.Hash;
                if (last is null || last.Length != hash.Length) last = new byte[hash.Length];
                hash.CopyTo(last);
            }
            expected++;
            checkedCount++;
            if (batch.Count == CanonicalBatch.Capacity)
            {
                if (await hashing is { } failed) return BrokenHash(failed);
                var full = batch;
                batch = spare;
                batch.Clear();
                spare = full;
                hashing = Task.Run(() => full.FirstMismatch(hmac), cancellationToken);
            }
        }
        if (await EarlierBadHashAsync() is { } bad) return BrokenHash(bad);
        return Result(null, null, checkedCount);
    }

    /// <summary>
    /// Another connection to the database of <paramref name="db"/>, opened; null where a second reader would not see the
    /// same rows (inside a transaction, or an in-memory SQLite database).
    /// </summary>
    private static async Task<DbConnection?> SecondConnectionAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null || db.Database.GetConnectionString() is not { Length: > 0 } connectionString)
            return null;
        if (db.Database.IsSqlite())
        {
            var sqlite = new SqliteConnectionStringBuilder(connectionString);
            if (sqlite.DataSource is ":memory:" or "" || sqlite.Mode == SqliteOpenMode.Memory) return null;
        }

        var connection = DbProviderFactories.GetFactory(db.Database.GetDbConnection())?.CreateConnection();
        if (connection is null) return null;
        connection.ConnectionString = connectionString;
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>Every chain that has a head, platform first.</summary>
    public static async Task<IReadOnlyList<string>> ChainKeysAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        var chains = await db.AuditChainHeads.AsNoTracking().Select(h => h.ChainKey).ToListAsync(cancellationToken);
        return chains.OrderBy(c => c == AuditChains.Platform ? 0 : 1).ThenBy(c => c, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The SQL that reads a chain's entries in sequence order with a plain data reader (verification reads every entry
    /// once; EF's materialisation cost more than the HMAC), built once per verification from the EF model.
    /// </summary>
    private sealed record ChainQuery(string Sql, string ChainKey, string? TenantId)
    {
        public static ChainQuery For(AppDbContext db, string chainKey)
        {
            var tenantId = AuditChains.TenantOf(chainKey);
            var entityType = db.Model.FindEntityType(tenantId is null ? typeof(PlatformAuditEntry) : typeof(AuditEntry))!;
            var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
            var sql = db.GetService<ISqlGenerationHelper>();
            string Column(string property) => sql.DelimitIdentifier(entityType.FindProperty(property)!.GetColumnName(table)!);
            var sequence = Column(nameof(AuditRecord.Sequence));
            return new ChainQuery(
                $"SELECT {string.Join(", ", Columns.Select(Column))} FROM {sql.DelimitIdentifier(table.Name, table.Schema)} "
                + $"WHERE {sequence} > @after AND {sequence} <= @upTo"
                + (tenantId is null ? "" : $" AND {Column(nameof(AuditEntry.TenantId))} = @tenant")
                + $" ORDER BY {sequence}",
                chainKey, tenantId);
        }

        /// <summary>
        /// Verifies the entries after <paramref name="after"/> up to <paramref name="upTo"/> (null: to the end) through the
        /// context's own connection, as a run that starts at <c>after + 1</c> and links to <paramref name="previous"/>.
        /// </summary>
        public async Task<Segment> VerifyAsync(AppDbContext db, long after, long? upTo, byte[] key, Dictionary<long, HashSet<string>> daily,
            string? previous, CancellationToken cancellationToken)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                return await VerifyAsync(db.Database.GetDbConnection(), db.Database.CurrentTransaction?.GetDbTransaction(), after, upTo, key, daily,
                    previous, cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        /// <summary>
        /// The same on an open connection. SQLite's rows are hashed from the statement's own UTF-8 text
        /// (<see cref="SqliteChainRows"/>); any other provider's are read as records.
        /// </summary>
        public async Task<Segment> VerifyAsync(DbConnection connection, DbTransaction? transaction, long after, long? upTo, byte[] key,
            Dictionary<long, HashSet<string>> daily, string? previous, CancellationToken cancellationToken)
        {
            if (connection is not SqliteConnection sqlite)
            {
                await using var records = new RecordChainRows(Entries(connection, transaction, after, upTo, cancellationToken), cancellationToken);
                return await VerifySegmentAsync(records, key, daily, after + 1, previous, cancellationToken);
            }
            await SetMemoryMapAsync(connection, transaction, MemoryMapBytes, cancellationToken);
            try
            {
                await using var rows = new SqliteChainRows(sqlite, Sql, ChainKey, after, upTo ?? long.MaxValue, TenantId, cancellationToken);
                return await VerifySegmentAsync(rows, key, daily, after + 1, previous, cancellationToken);
            }
            finally
            {
                // The connection may go back to the pool: later work keeps SQLite's usual reads.
                await SetMemoryMapAsync(connection, transaction, 0, CancellationToken.None);
            }
        }

        /// <summary>Entries after <paramref name="after"/> up to <paramref name="upTo"/> through the context's own connection.</summary>
        public async IAsyncEnumerable<AuditRecord?> Entries(AppDbContext db, long after, long? upTo, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await foreach (var entry in Entries(db.Database.GetDbConnection(), db.Database.CurrentTransaction?.GetDbTransaction(), after, upTo, cancellationToken))
                    yield return entry;
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        /// <summary>
        /// Entries after <paramref name="after"/> up to <paramref name="upTo"/> (null: to the end) on an open connection.
        /// Yields null for a row whose actor kind or outcome is not one the code writes (an edit made outside the app).
        /// </summary>
        public async IAsyncEnumerable<AuditRecord?> Entries(DbConnection connection, DbTransaction? transaction, long after, long? upTo,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var sqlite = connection is SqliteConnection;
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = Sql;
            command.WithParameter("@after", after);
            command.WithParameter("@upTo", upTo ?? long.MaxValue);
            if (TenantId is not null) command.WithParameter("@tenant", TenantId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                yield return ReadRecord(reader, sqlite);
        }

        private AuditRecord? ReadRecord(DbDataReader reader, bool sqlite)
        {
            if (!Enum.TryParse<AuditActorKind>(reader.GetString(2), out var kind) || !Enum.TryParse<AuditOutcome>(reader.GetString(10), out var outcome))
                return null;
            AuditRecord record = TenantId is null ? new PlatformAuditEntry() : new AuditEntry { TenantId = TenantId };
            record.Sequence = reader.GetInt64(0);
            record.OccurredAt = sqlite ? SqliteDateTimeText.Read(reader, 1) : reader.GetDateTime(1);
            record.ActorKind = kind;
            record.ActorId = NullableString(reader, 3);
            record.ActorName = NullableString(reader, 4);
            record.ActorRole = NullableString(reader, 5);
            record.Action = reader.GetString(6);
            record.TargetType = reader.GetString(7);
            record.TargetId = NullableString(reader, 8);
            record.TargetDisplay = NullableString(reader, 9);
            record.Outcome = outcome;
            record.ClientAddress = NullableString(reader, 11);
            record.UserAgent = NullableString(reader, 12);
            record.Details = NullableString(reader, 13);
            record.PreviousHash = reader.GetString(14);
            record.Hash = reader.GetString(15);
            return record;
        }

        /// <summary>
        /// SQLite reads the chain through a memory map instead of a system call and a copy per page: a verification
        /// reads every page of the table once, and those copies were a large part of the reading's CPU time.
        /// </summary>
        private const long MemoryMapBytes = 1L << 30;

        private static async Task SetMemoryMapAsync(DbConnection connection, DbTransaction? transaction, long bytes, CancellationToken cancellationToken)
        {
            await using var pragma = connection.CreateCommand();
            pragma.Transaction = transaction;
            pragma.CommandText = $"PRAGMA mmap_size = {bytes}";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
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
