using System.Buffers.Binary;
using System.Data.Common;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Data;
using SQLitePCL;

namespace SecureAiChat.Core.Usage;

/// <summary>
/// One rebuild of a workspace's rollups over whole local days: the days' raw records are read once (only the columns the
/// buckets need) and added up into the hourly and daily buckets in hash tables in .NET; then the days' daily rows and the
/// range's hourly rows are deleted and the buckets written (<see cref="UsageRollupRows"/>). No <c>GROUP BY</c>: SQLite ran
/// every record through its temp B-tree sorter twice (~12 µs a record). On SQLite the read and the inserts go straight
/// through SQLite's statements (<see cref="SqliteRollupStatements"/>); elsewhere through one ADO.NET reader and prepared
/// multi-row inserts bound with the model's own type mappings. The members' keys (member, department, model, provider,
/// option) are written back as the records' columns returned them, so a rollup row holds exactly what its records hold.
/// </summary>
internal sealed class UsageRollupPass
{
    private const string ReadColumns = $"""
        SELECT u."{nameof(UsageRecord.CreatedAt)}", u."{nameof(UsageRecord.UserId)}", u."{nameof(UsageRecord.DepartmentId)}",
            u."{nameof(UsageRecord.Model)}", u."{nameof(UsageRecord.Provider)}", u."{nameof(UsageRecord.Source)}",
            CASE WHEN u."{nameof(UsageRecord.Status)}" = '{nameof(MessageStatus.Failed)}' THEN 1 ELSE 0 END,
            u."{nameof(UsageRecord.InputTokens)}", u."{nameof(UsageRecord.OutputTokens)}", u."{nameof(UsageRecord.TimeToFirstTokenMs)}"
        FROM "UsageRecords" u
        WHERE u."{nameof(UsageRecord.TenantId)}" = 
        """;

    private readonly AppDbContext db;
    private readonly UsagePricingOptions pricing;
    private readonly Dictionary<DailyKey, int> dailyKeys = [];
    private readonly List<DailyKey> dailyKeyList = [];
    private readonly List<int> hourlyKeyOfDaily = [];
    private readonly Dictionary<HourlyKey, int> hourlyKeys = [];
    private readonly List<HourlyKey> hourlyKeyList = [];
    private readonly Dictionary<(long HourTicks, int Key), Figures> hours = [];
    private readonly Dictionary<(int DayNumber, int Key), Figures> days = [];
    // SQLite: a record's five key columns as one text (decoded, separated) to its key's number, looked up without a string.
    private readonly Dictionary<string, int> sqliteKeys = [];
    private readonly SqliteRollupStatements.Utf8Cache utf8 = new();
    private char[] keyText = new char[256];
    private Guid idBase;
    private long idCount;

    // The current read's window and local-day arithmetic (see Take).
    private (long StartTicks, long OffsetTicks)[] spans = [];
    private int span;
    private long hourFrom, hourTo, newFrom, newTo;
    private int firstDay, lastDay;
    private long taken;
    private string tenantId = "";

    public UsageRollupPass(AppDbContext db, UsagePricingOptions pricing)
    {
        this.db = db;
        this.pricing = pricing;
    }

    /// <summary>
    /// Rebuilds the daily rows of <paramref name="first"/>..<paramref name="last"/> (days in <paramref name="zone"/>) and the
    /// hourly rows of the UTC hours in [<paramref name="hoursFrom"/>, <paramref name="hoursTo"/>): <see cref="ReadAsync"/> then
    /// <see cref="WriteAsync"/>, inside the caller's transaction.
    /// </summary>
    public async Task RebuildAsync(
        string tenantId, TimeZoneInfo zone, DateOnly first, DateOnly last, DateTime? hoursFrom, DateTime? hoursTo, CancellationToken cancellationToken)
    {
        await ReadAsync(tenantId, zone, first, last, hoursFrom, hoursTo, DateTime.MinValue, DateTime.MinValue, cancellationToken);
        await WriteAsync(cancellationToken);
    }

    /// <summary>
    /// Reads the records of the days <paramref name="first"/>..<paramref name="last"/> (in <paramref name="zone"/>) into daily
    /// buckets and those of the UTC hours in [<paramref name="hoursFrom"/>, <paramref name="hoursTo"/>) into hourly ones; the
    /// hours must lie within the hours that overlap the days (in a half-hour zone the first and last of them reach outside the
    /// days: they are read whole). Writes nothing: <see cref="WriteAsync"/> replaces those rows with the buckets. Returns how
    /// many of the records read were created in [<paramref name="newFrom"/>, <paramref name="newTo"/>) (the run's new records).
    /// </summary>
    public async Task<long> ReadAsync(
        string tenantId, TimeZoneInfo zone, DateOnly first, DateOnly last, DateTime? hoursFrom, DateTime? hoursTo, DateTime newFrom, DateTime newTo,
        CancellationToken cancellationToken)
    {
        var dayStart = UsageRollupJob.DayStartUtc(first, zone);
        var dayEnd = UsageRollupJob.DayStartUtc(last.AddDays(1), zone);
        var from = UsageRollupJob.HourOf(dayStart);
        var to = UsageRollupJob.HourOf(dayEnd) < dayEnd ? UsageRollupJob.HourOf(dayEnd).AddHours(1) : dayEnd;
        var hourFrom = hoursFrom ?? from;
        var hourTo = hoursTo ?? to;
        if (hourFrom < from || hourTo > to) throw new ArgumentOutOfRangeException(nameof(hoursFrom), "The hours to rebuild lie outside the days read.");
        hours.Clear();
        days.Clear();
        // The local day of a record is its UTC time plus the offset of its span (an offset change inside the range puts each
        // record on the day its own offset gives), found without a time zone conversion per record.
        spans = OffsetSpans(zone, from, to).Select(s => (s.StartUtc.Ticks, s.OffsetSeconds * TimeSpan.TicksPerSecond)).ToArray();
        span = 0;
        (this.hourFrom, this.hourTo, this.newFrom, this.newTo) = (hourFrom.Ticks, hourTo.Ticks, newFrom.Ticks, newTo.Ticks);
        (firstDay, lastDay) = (first.DayNumber, last.DayNumber);
        this.tenantId = tenantId;
        taken = 0;

        if (db.Database.IsSqlite())
        {
            using var sqlite = new SqliteRollupStatements((SqliteConnection)db.Database.GetDbConnection());
            ReadSqlite(sqlite, tenantId, from, to, cancellationToken);
        }
        else await ReadCommandAsync(tenantId, from, to, cancellationToken);

        return taken;
    }

    /// <summary>Replaces the rows of the hours and days last read with the buckets read. Runs inside the caller's transaction.</summary>
    public async Task WriteAsync(CancellationToken cancellationToken)
    {
        var (hourFrom, hourTo) = (new DateTime(this.hourFrom, DateTimeKind.Utc), new DateTime(this.hourTo, DateTimeKind.Utc));
        var (first, last) = (DateOnly.FromDayNumber(firstDay), DateOnly.FromDayNumber(lastDay));
        await db.UsageHourlyRollups.Where(r => r.HourStartUtc >= hourFrom && r.HourStartUtc < hourTo).ExecuteDeleteAsync(cancellationToken);
        await db.UsageDailyRollups.Where(r => r.Day >= first && r.Day <= last).ExecuteDeleteAsync(cancellationToken);
        using var sqlite = db.Database.IsSqlite() ? new SqliteRollupStatements((SqliteConnection)db.Database.GetDbConnection()) : null;
        // Row ids count up from one time-ordered id per rebuild: each index of the key takes a rebuild's rows in one place.
        idBase = Guid.CreateVersion7();
        idCount = 0;
        var hourlyRows = UsageRollupRows.For(db, sqlite, utf8, typeof(UsageHourlyRollup));
        foreach (var ((hourTicks, key), figures) in hours)
        {
            var k = hourlyKeyList[key];
            await hourlyRows.AddAsync(NextId(), tenantId, new DateTime(hourTicks, DateTimeKind.Utc), null, k, figures, Cost(k.Model, figures), cancellationToken);
        }

        await hourlyRows.FlushAsync(cancellationToken);
        var dailyRows = UsageRollupRows.For(db, sqlite, utf8, typeof(UsageDailyRollup));
        foreach (var ((dayNumber, key), figures) in days)
        {
            var hourly = hourlyKeyList[hourlyKeyOfDaily[key]];
            await dailyRows.AddAsync(NextId(), tenantId, DateOnly.FromDayNumber(dayNumber), dailyKeyList[key], hourly, figures, Cost(hourly.Model, figures), cancellationToken);
        }

        await dailyRows.FlushAsync(cancellationToken);
    }

    /// <summary>Adds one record to its hour (when the hour is being rebuilt) and to its local day (when inside the days).</summary>
    private void Take(long ticks, int key, in Figures figures)
    {
        if (ticks >= newFrom && ticks < newTo) taken++;
        if (ticks >= hourFrom && ticks < hourTo) Add(hours, (ticks - ticks % TimeSpan.TicksPerHour, hourlyKeyOfDaily[key]), figures);
        if (ticks < spans[span].StartTicks) span = 0;
        while (span + 1 < spans.Length && ticks >= spans[span + 1].StartTicks) span++;
        var day = (int)((ticks + spans[span].OffsetTicks) / TimeSpan.TicksPerDay);
        // Records of the edge hours outside the days (half-hour zones) count in their hour only.
        if (day >= firstDay && day <= lastDay) Add(days, (day, key), figures);
    }

    // SQL Server and PostgreSQL: one plain ADO.NET reader; the dates come back as DateTime.
    private async Task ReadCommandAsync(string tenantId, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = ReadColumns + $"""@tenant AND u."{nameof(UsageRecord.CreatedAt)}" >= @from AND u."{nameof(UsageRecord.CreatedAt)}" < @to""";
        command.WithParameter("@tenant", tenantId).WithParameter("@from", from).WithParameter("@to", to);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = DailyKeyOf(new DailyKey(
                reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetValue(2), reader.GetString(3), reader.GetString(4), reader.GetString(5)));
            Take(reader.GetDateTime(0).Ticks, key, new Figures
            {
                Answers = 1,
                Failures = reader.GetInt32(6),
                InputTokens = reader.GetInt32(7),
                OutputTokens = reader.GetInt32(8),
                TimeToFirstTokenSumMs = reader.IsDBNull(9) ? 0 : reader.GetInt32(9),
                TimeToFirstTokenCount = reader.IsDBNull(9) ? 0 : 1,
            });
        }
    }

    // SQLite: the statement stepped directly; the key columns' bytes are decoded into one reused buffer and looked up as a
    // span, so a record makes no string (a workspace has few distinct keys).
    private void ReadSqlite(SqliteRollupStatements sqlite, string tenantId, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        var read = sqlite.Prepare(ReadColumns + $"""?1 AND u."{nameof(UsageRecord.CreatedAt)}" >= ?2 AND u."{nameof(UsageRecord.CreatedAt)}" < ?3""");
        sqlite.Check(raw.sqlite3_bind_text(read, 1, utf8.Of(tenantId)));
        sqlite.BindText(read, 2, from, SqliteRollupStatements.DateTimeFormat);
        sqlite.BindText(read, 3, to, SqliteRollupStatements.DateTimeFormat);
        var lookup = sqliteKeys.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var row = 0L; ; row++)
        {
            var rc = raw.sqlite3_step(read);
            if (rc == raw.SQLITE_DONE) return;
            if (rc != raw.SQLITE_ROW) sqlite.Check(rc);
            if ((row & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();

            var length = 0;
            for (var column = 1; column <= 5; column++)
            {
                var bytes = raw.sqlite3_column_blob(read, column);
                if (keyText.Length < length + bytes.Length + 2) Array.Resize(ref keyText, Math.Max(keyText.Length * 2, length + bytes.Length + 2));
                // A department is a GUID or NULL: NULL is the one character no text holds.
                if (column == 2 && bytes.IsEmpty && raw.sqlite3_column_type(read, column) == raw.SQLITE_NULL) keyText[length++] = '\0';
                else length += Encoding.UTF8.GetChars(bytes, keyText.AsSpan(length));
                keyText[length++] = KeySeparator;
            }

            var text = keyText.AsSpan(0, length);
            if (!lookup.TryGetValue(text, out var key))
            {
                var parts = new string(text[..^1]).Split(KeySeparator);
                key = DailyKeyOf(new DailyKey(parts[0], parts[1] == "\0" ? null : parts[1], parts[2], parts[3], parts[4]));
                sqliteKeys.Add(new string(text), key);
            }

            var hasFirstToken = raw.sqlite3_column_type(read, 9) != raw.SQLITE_NULL;
            Take(SqliteRollupStatements.Ticks(raw.sqlite3_column_blob(read, 0)), key, new Figures
            {
                Answers = 1,
                Failures = raw.sqlite3_column_int(read, 6),
                InputTokens = raw.sqlite3_column_int64(read, 7),
                OutputTokens = raw.sqlite3_column_int64(read, 8),
                TimeToFirstTokenSumMs = hasFirstToken ? raw.sqlite3_column_int64(read, 9) : 0,
                TimeToFirstTokenCount = hasFirstToken ? 1 : 0,
            });
        }
    }

    private const char KeySeparator = '\u001F';

    private static void Add<TKey>(Dictionary<TKey, Figures> buckets, TKey key, in Figures figures) where TKey : notnull
    {
        ref var bucket = ref CollectionsMarshal.GetValueRefOrAddDefault(buckets, key, out _);
        bucket.Answers += figures.Answers;
        bucket.Failures += figures.Failures;
        bucket.InputTokens += figures.InputTokens;
        bucket.OutputTokens += figures.OutputTokens;
        bucket.TimeToFirstTokenSumMs += figures.TimeToFirstTokenSumMs;
        bucket.TimeToFirstTokenCount += figures.TimeToFirstTokenCount;
    }

    // Keys are numbered once per job run (a workspace has few), so a record costs one lookup of its key and two of integers.
    private int DailyKeyOf(DailyKey key)
    {
        ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(dailyKeys, key, out var exists);
        if (exists) return id;
        id = dailyKeyList.Count;
        dailyKeyList.Add(key);
        var hourly = new HourlyKey(key.Model, key.Provider, key.Source);
        ref var hourlyId = ref CollectionsMarshal.GetValueRefOrAddDefault(hourlyKeys, hourly, out var hourlyExists);
        if (!hourlyExists)
        {
            hourlyId = hourlyKeyList.Count;
            hourlyKeyList.Add(hourly);
        }

        hourlyKeyOfDaily.Add(hourlyId);
        return id;
    }

    /// <summary>
    /// The estimated cost of a bucket's tokens: <see cref="UsagePricingOptions.EstimateYen"/> rounded to 6 decimals half to
    /// even (the column's scale), null for a model without a price.
    /// </summary>
    private decimal? Cost(string model, in Figures figures) =>
        pricing.EstimateYen(model, figures.InputTokens, figures.OutputTokens) is { } yen ? Math.Round(yen, 6) : null;

    private Guid NextId()
    {
        Span<byte> bytes = stackalloc byte[16];
        idBase.TryWriteBytes(bytes, bigEndian: true, out _);
        var count = (long)(BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]) & 0xFFFF_FFFF_FFFF) + ++idCount;
        BinaryPrimitives.WriteUInt16BigEndian(bytes[10..], (ushort)(count >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(bytes[12..], (uint)count);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>The spans of constant UTC offset of <paramref name="zone"/> within [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static List<(DateTime StartUtc, int OffsetSeconds)> OffsetSpans(TimeZoneInfo zone, DateTime from, DateTime to)
    {
        static int Offset(TimeZoneInfo zone, DateTime utc) => (int)zone.GetUtcOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).TotalSeconds;
        var spans = new List<(DateTime, int)> { (from, Offset(zone, from)) };
        var at = from;
        while (at < to)
        {
            var next = at.AddHours(1) < to ? at.AddHours(1) : to;
            var offset = spans[^1].Item2;
            if (Offset(zone, next) != offset || (next == to && Offset(zone, to.AddTicks(-1)) != offset))
            {
                // The change lies in (at, next]: narrowed to the second (zones change on whole seconds, mostly on the hour).
                var (low, high) = (at, next);
                while (high - low > TimeSpan.FromSeconds(1))
                {
                    var middle = low + (high - low) / 2;
                    middle = new DateTime(middle.Ticks - middle.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
                    if (middle <= low) break;
                    if (Offset(zone, middle) == offset) low = middle;
                    else high = middle;
                }

                if (high < to) spans.Add((high, Offset(zone, high)));
            }

            at = next;
        }

        return spans;
    }

    /// <summary>A daily bucket's member keys as the record's columns returned them (the department: text on SQLite, a Guid elsewhere).</summary>
    internal readonly record struct DailyKey(string UserId, object? DepartmentId, string Model, string Provider, string Source);

    internal readonly record struct HourlyKey(string Model, string Provider, string Source);

    internal struct Figures
    {
        public int Answers;
        public int Failures;
        public long InputTokens;
        public long OutputTokens;
        public long TimeToFirstTokenSumMs;
        public int TimeToFirstTokenCount;
    }
}
