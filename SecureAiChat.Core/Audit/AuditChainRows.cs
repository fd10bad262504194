using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace SecureAiChat.Core.Audit;

/// <summary>
/// A chain's rows as the verifier checks them, one at a time in sequence order: the sequence, the stored hashes as
/// bytes, and the row's canonical form written on demand.
/// </summary>
internal interface IChainRows : IAsyncDisposable
{
    ValueTask<bool> MoveNextAsync();

    /// <summary>False for a row no code writes (an unknown actor kind or outcome, a missing or unreadable value): an edit made outside the app.</summary>
    bool Valid { get; }

    long Sequence { get; }

    /// <summary>The stored previous hash's bytes (ASCII when the app wrote it).</summary>
    ReadOnlySpan<byte> PreviousHash { get; }

    /// <summary>The stored hash's bytes.</summary>
    ReadOnlySpan<byte> Hash { get; }

    /// <summary>Writes the current (valid) row's canonical form (<see cref="AuditCanonicalForm"/>).</summary>
    void WriteCanonical(Utf8JsonWriter writer);
}

/// <summary>Rows read as <see cref="AuditRecord"/>s (SQL Server, PostgreSQL, any provider): the canonical form of the record.</summary>
internal sealed class RecordChainRows(IAsyncEnumerable<AuditRecord?> entries, CancellationToken cancellationToken) : IChainRows
{
    private readonly IAsyncEnumerator<AuditRecord?> _entries = entries.GetAsyncEnumerator(cancellationToken);
    private byte[] _previousHash = new byte[AuditHmac.HexLength];
    private byte[] _hash = new byte[AuditHmac.HexLength];
    private int _previousHashLength;
    private int _hashLength;

    public async ValueTask<bool> MoveNextAsync()
    {
        if (!await _entries.MoveNextAsync()) return false;
        if (_entries.Current is { } record)
        {
            _previousHashLength = Encode(record.PreviousHash, ref _previousHash);
            _hashLength = Encode(record.Hash, ref _hash);
        }
        return true;
    }

    public bool Valid => _entries.Current is not null;
    public long Sequence => _entries.Current!.Sequence;
    public ReadOnlySpan<byte> PreviousHash => _previousHash.AsSpan(0, _previousHashLength);
    public ReadOnlySpan<byte> Hash => _hash.AsSpan(0, _hashLength);

    public void WriteCanonical(Utf8JsonWriter writer)
    {
        var fields = new AuditCanonicalForm.RecordFields(_entries.Current!);
        AuditCanonicalForm.Write(writer, ref fields);
    }

    private static int Encode(string text, ref byte[] buffer)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (buffer.Length < max) buffer = new byte[max];
        return Encoding.UTF8.GetBytes(text, buffer);
    }

    public ValueTask DisposeAsync() => _entries.DisposeAsync();
}

/// <summary>
/// Rows read straight from SQLite's statement: each text column's UTF-8 bytes go into the canonical form as SQLite holds
/// them (no string is made per column and encoded again), the date is read from its text digit by digit. A verification
/// of a million entries spent most of its time decoding and re-encoding those strings.
/// The column order is <see cref="AuditVerifier"/>'s chain query's.
/// </summary>
internal sealed class SqliteChainRows : IChainRows
{
    private const int OccurredAt = 1, ActorKind = 2, ActorId = 3, ActorName = 4, ActorRole = 5, Action = 6, TargetType = 7,
        TargetId = 8, TargetDisplay = 9, Outcome = 10, ClientAddress = 11, UserAgent = 12, Details = 13, PreviousHashColumn = 14, HashColumn = 15;

    private static readonly byte[][] KindNames = Enum.GetNames<AuditActorKind>().Select(Encoding.UTF8.GetBytes).ToArray();
    private static readonly byte[][] OutcomeNames = Enum.GetNames<AuditOutcome>().Select(Encoding.UTF8.GetBytes).ToArray();

    /// <summary>How long a read waits for a lock before the first row (as long as the provider's default command timeout).</summary>
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    private readonly sqlite3 _db;
    private sqlite3_stmt _statement = null!;
    private readonly byte[] _chainKey;
    private readonly CancellationToken _cancellationToken;
    private long _rows;

    // The current row's text columns, copied once: every call into SQLite takes the connection's mutex, and the
    // canonical form, the link and the batch read some columns more than once.
    private byte[] _row = new byte[1024];
    private readonly int[] _starts = new int[HashColumn + 1];
    private readonly int[] _lengths = new int[HashColumn + 1]; // -1: NULL
    private long _sequence;
    private byte[]? _kind;
    private byte[]? _outcome;
    private long _ticks;

    public SqliteChainRows(SqliteConnection connection, string sql, string chainKey, long after, long upTo, string? tenantId,
        CancellationToken cancellationToken)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        _chainKey = Encoding.UTF8.GetBytes(chainKey);
        _cancellationToken = cancellationToken;
        Check(Prepare(sql));
        try
        {
            Check(raw.sqlite3_bind_int64(_statement, raw.sqlite3_bind_parameter_index(_statement, "@after"), after));
            Check(raw.sqlite3_bind_int64(_statement, raw.sqlite3_bind_parameter_index(_statement, "@upTo"), upTo));
            if (tenantId is not null) Check(raw.sqlite3_bind_text(_statement, raw.sqlite3_bind_parameter_index(_statement, "@tenant"), tenantId));
        }
        catch
        {
            _statement.Dispose();
            throw;
        }
    }

    public ValueTask<bool> MoveNextAsync()
    {
        if ((_rows & 0xFFF) == 0) _cancellationToken.ThrowIfCancellationRequested();
        var rc = raw.sqlite3_step(_statement);
        if (_rows == 0 && rc is raw.SQLITE_BUSY or raw.SQLITE_LOCKED) rc = RetryFirstStep(rc);
        if (rc == raw.SQLITE_DONE) return ValueTask.FromResult(false);
        if (rc != raw.SQLITE_ROW) Check(rc);
        _rows++;
        Valid = ReadRow();
        return ValueTask.FromResult(true);
    }

    /// <summary>
    /// Preparing reads the schema, which can meet the same lock as the first step (the second connection of a split
    /// verification right after a write): wait for it as the provider would, not fail.
    /// </summary>
    private int Prepare(string sql)
    {
        var waited = Stopwatch.StartNew();
        var rc = raw.sqlite3_prepare_v2(_db, sql, out _statement);
        while (rc is raw.SQLITE_BUSY or raw.SQLITE_LOCKED && waited.Elapsed < BusyTimeout)
        {
            _statement.Dispose();
            _cancellationToken.ThrowIfCancellationRequested();
            Thread.Sleep(50);
            rc = raw.sqlite3_prepare_v2(_db, sql, out _statement);
        }
        return rc;
    }

    /// <summary>A lock held by a writer at the very start of the read (WAL recovery, a rollback journal): wait as the provider would.</summary>
    private int RetryFirstStep(int rc)
    {
        var waited = Stopwatch.StartNew();
        while (rc is raw.SQLITE_BUSY or raw.SQLITE_LOCKED && waited.Elapsed < BusyTimeout)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            raw.sqlite3_reset(_statement);
            Thread.Sleep(50);
            rc = raw.sqlite3_step(_statement);
        }
        return rc;
    }

    public bool Valid { get; private set; }
    public long Sequence => _sequence;
    public ReadOnlySpan<byte> PreviousHash => Column(PreviousHashColumn);
    public ReadOnlySpan<byte> Hash => Column(HashColumn);

    /// <summary>
    /// Copies the row, checks what the record reader checks (known kind and outcome, required values present) and reads
    /// the date's ticks.
    /// </summary>
    private bool ReadRow()
    {
        _sequence = raw.sqlite3_column_int64(_statement, 0);
        var length = 0;
        for (var column = OccurredAt; column <= HashColumn; column++)
        {
            var bytes = raw.sqlite3_column_blob(_statement, column);
            // An empty value and NULL both come back empty: only then is the type asked.
            if (bytes.IsEmpty && raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL)
            {
                _lengths[column] = -1;
                continue;
            }
            if (length + bytes.Length > _row.Length) Array.Resize(ref _row, Math.Max(_row.Length * 2, length + bytes.Length));
            bytes.CopyTo(_row.AsSpan(length));
            _starts[column] = length;
            _lengths[column] = bytes.Length;
            length += bytes.Length;
        }
        if (IsNull(Action) || IsNull(TargetType) || IsNull(PreviousHashColumn) || IsNull(HashColumn) || IsNull(OccurredAt)) return false;
        _kind = Name<AuditActorKind>(ActorKind, KindNames);
        _outcome = Name<AuditOutcome>(Outcome, OutcomeNames);
        if (_kind is null || _outcome is null) return false;
        if (SqliteDateTimeText.TryParse(Column(OccurredAt), out var at))
        {
            _ticks = at.Ticks;
            return true;
        }
        // Any other shape is parsed as the provider would; a number (a Julian day) is no shape EF Core writes.
        if (raw.sqlite3_column_type(_statement, OccurredAt) is raw.SQLITE_INTEGER or raw.SQLITE_FLOAT
            || !DateTime.TryParse(Text(OccurredAt), CultureInfo.InvariantCulture, out at))
            return false;
        _ticks = at.Ticks;
        return true;
    }

    /// <summary>The canonical name of the enum value stored in <paramref name="column"/> (as the record reader parses it), or null.</summary>
    private byte[]? Name<TEnum>(int column, byte[][] names) where TEnum : struct, Enum
    {
        if (IsNull(column)) return null;
        var stored = Column(column);
        foreach (var name in names)
        {
            if (stored.SequenceEqual(name)) return name;
        }
        return Enum.TryParse<TEnum>(Text(column), out var value) ? Encoding.UTF8.GetBytes(value.ToString()) : null;
    }

    private bool IsNull(int column) => _lengths[column] < 0;

    private ReadOnlySpan<byte> Column(int column) => _lengths[column] < 0 ? [] : _row.AsSpan(_starts[column], _lengths[column]);

    private string Text(int column) => Encoding.UTF8.GetString(Column(column));

    public void WriteCanonical(Utf8JsonWriter writer)
    {
        var fields = new Fields(this);
        AuditCanonicalForm.Write(writer, ref fields);
    }

    private readonly struct Fields(SqliteChainRows rows) : IAuditFields
    {
        public long Sequence => rows.Sequence;
        public long OccurredAtTicks => rows._ticks;

        public void Write(Utf8JsonWriter w, AuditText field)
        {
            switch (field)
            {
                case AuditText.ChainKey: w.WriteStringValue(rows._chainKey); return;
                case AuditText.ActorKind: w.WriteStringValue(rows._kind); return;
                case AuditText.Outcome: w.WriteStringValue(rows._outcome); return;
            }
            var column = field switch
            {
                AuditText.ActorId => ActorId,
                AuditText.ActorName => ActorName,
                AuditText.ActorRole => ActorRole,
                AuditText.Action => Action,
                AuditText.TargetType => TargetType,
                AuditText.TargetId => TargetId,
                AuditText.TargetDisplay => TargetDisplay,
                AuditText.ClientAddress => ClientAddress,
                AuditText.UserAgent => UserAgent,
                AuditText.Details => Details,
                AuditText.PreviousHash => PreviousHashColumn,
                _ => throw new ArgumentOutOfRangeException(nameof(field)),
            };
            if (rows.IsNull(column)) w.WriteNullValue();
            else w.WriteStringValue(rows.Column(column));
        }
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
    }

    public ValueTask DisposeAsync()
    {
        _statement.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// The canonical forms and stored hashes of up to <see cref="Capacity"/> entries, in one buffer, for hashing on another
/// thread while the reader fills the next batch. The JSON writer writes into it directly.
/// </summary>
internal sealed class CanonicalBatch : IBufferWriter<byte>
{
    public const int Capacity = 4096;

    private byte[] _bytes = new byte[Capacity * 512];
    private int _length;
    private readonly int[] _ends = new int[Capacity];
    private readonly long[] _sequences = new long[Capacity];
    private readonly byte[] _hashes = new byte[Capacity * AuditHmac.HexLength];
    private readonly bool[] _hashShaped = new bool[Capacity];

    public int Count { get; private set; }

    /// <summary>Adds the current row; false (and nothing added) when its canonical form cannot be written (text that is not UTF-8).</summary>
    public bool Add(IChainRows row, Utf8JsonWriter writer)
    {
        var start = _length;
        try
        {
            writer.Reset(this);
            row.WriteCanonical(writer);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            _length = start;
            return false;
        }
        var hash = row.Hash;
        _hashShaped[Count] = hash.Length == AuditHmac.HexLength;
        if (_hashShaped[Count]) hash.CopyTo(_hashes.AsSpan(Count * AuditHmac.HexLength));
        _sequences[Count] = row.Sequence;
        _ends[Count++] = _length;
        return true;
    }

    public void DropLast()
    {
        Count--;
        _length = Count == 0 ? 0 : _ends[Count - 1];
    }

    public void Clear() => _length = Count = 0;

    /// <summary>Whether the last entry added hashes to its stored hash (with a caller's own HMAC, on the reader's thread).</summary>
    public bool LastMatches(AuditHmac hmac) => Matches(Count - 1, hmac);

    /// <summary>The sequence of the first entry whose stored hash is not its HMAC, or null.</summary>
    public long? FirstMismatch(AuditHmac hmac)
    {
        for (var i = 0; i < Count; i++)
        {
            if (!Matches(i, hmac)) return _sequences[i];
        }
        return null;
    }

    private bool Matches(int index, AuditHmac hmac)
    {
        var start = index == 0 ? 0 : _ends[index - 1];
        var stored = _hashShaped[index] ? _hashes.AsSpan(index * AuditHmac.HexLength, AuditHmac.HexLength) : [];
        return hmac.Matches(_bytes.AsSpan(start, _ends[index] - start), stored);
    }

    public void Advance(int count) => _length += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _bytes.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _bytes.AsSpan(_length);
    }

    private void Ensure(int sizeHint)
    {
        var needed = _length + Math.Max(sizeHint, 256);
        if (needed > _bytes.Length) Array.Resize(ref _bytes, Math.Max(needed, _bytes.Length * 2));
    }
}
