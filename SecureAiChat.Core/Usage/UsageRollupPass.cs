using System.Buffers.Binary;
using System.Data.Common;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Usage;

/// <summary>
/// One rebuild of a workspace's rollups over whole local days: the days' raw records are read once, in one plain
/// ADO.NET reader (only the columns the buckets need), and added up into the hourly and daily buckets in hash tables in
/// .NET; then the days' daily rows and the range's hourly rows are deleted and the buckets written with prepared
/// multi-row inserts. No <c>GROUP BY</c>: SQLite ran every record through its temp B-tree sorter twice (~12 µs a record).
/// The same path on every provider; the values are bound with the model's own type mappings, and the members' keys
/// (member, department, model, provider, option) are written back as the records' columns returned them, so a rollup row
/// holds exactly what its records hold.
/// </summary>
internal sealed class UsageRollupPass
{
    private readonly AppDbContext db;
    private readonly UsagePricingOptions pricing;
    private readonly Dictionary<DailyKey, int> dailyKeys = [];
    private readonly List<DailyKey> dailyKeyList = [];
    private readonly List<int> hourlyKeyOfDaily = [];
    private readonly Dictionary<HourlyKey, int> hourlyKeys = [];
    private readonly List<HourlyKey> hourlyKeyList = [];
    private readonly Dictionary<(long HourTicks, int Key), Figures> hours = [];
    private readonly Dictionary<(int DayNumber, int Key), Figures> days = [];
    private readonly RowWriter hourlyWriter;
    private readonly RowWriter dailyWriter;
    private Guid idBase;
    private long idCount;

    public UsageRollupPass(AppDbContext db, UsagePricingOptions pricing)
    {
        this.db = db;
        this.pricing = pricing;
        hourlyWriter = new RowWriter(db, typeof(UsageHourlyRollup), nameof(UsageHourlyRollup.HourStartUtc), []);
        dailyWriter = new RowWriter(db, typeof(UsageDailyRollup), nameof(UsageDailyRollup.Day), [nameof(UsageDailyRollup.UserId), nameof(UsageDailyRollup.DepartmentId)]);
    }

    /// <summary>
    /// Rebuilds the daily rows of <paramref name="first"/>..<paramref name="last"/> (days in <paramref name="zone"/>) and the
    /// hourly rows of the UTC hours in [<paramref name="hoursFrom"/>, <paramref name="hoursTo"/>), which must lie within the
    /// hours that overlap those days (in a half-hour zone the first and last of them reach outside the days: they are read
    /// whole). Runs inside the caller's transaction. Returns how many of the records read were created in
    /// [<paramref name="newFrom"/>, <paramref name="newTo"/>) (the run's new records).
    /// </summary>
    public async Task<long> RebuildAsync(
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
        var taken = await ReadAsync(tenantId, zone, from, to, first.DayNumber, last.DayNumber, hourFrom.Ticks, hourTo.Ticks, newFrom.Ticks, newTo.Ticks, cancellationToken);

        await db.UsageHourlyRollups.Where(r => r.HourStartUtc >= hourFrom && r.HourStartUtc < hourTo).ExecuteDeleteAsync(cancellationToken);
        await db.UsageDailyRollups.Where(r => r.Day >= first && r.Day <= last).ExecuteDeleteAsync(cancellationToken);
        // Row ids count up from one time-ordered id per rebuild: each index of the key takes a rebuild's rows in one place.
        idBase = Guid.CreateVersion7();
        idCount = 0;
        foreach (var ((hourTicks, key), figures) in hours)
        {
            var k = hourlyKeyList[key];
            await hourlyWriter.AddAsync(NextId(), tenantId, new DateTime(hourTicks, DateTimeKind.Utc), [], k, figures, Cost(k.Model, figures), cancellationToken);
        }

        await hourlyWriter.FlushAsync(cancellationToken);
        foreach (var ((dayNumber, key), figures) in days)
        {
            var k = dailyKeyList[key];
            var hourly = hourlyKeyList[hourlyKeyOfDaily[key]];
            await dailyWriter.AddAsync(NextId(), tenantId, DateOnly.FromDayNumber(dayNumber), [k.UserId, k.DepartmentId], hourly, figures, Cost(hourly.Model, figures), cancellationToken);
        }

        await dailyWriter.FlushAsync(cancellationToken);
        return taken;
    }

    private async Task<long> ReadAsync(
        string tenantId, TimeZoneInfo zone, DateTime from, DateTime to, int firstDay, int lastDay, long hourFrom, long hourTo, long newFrom, long newTo,
        CancellationToken cancellationToken)
    {
        // The local day of a record is its UTC time plus the offset of its span (an offset change inside the range puts each
        // record on the day its own offset gives), found without a time zone conversion per record.
        var spans = OffsetSpans(zone, from, to).Select(s => (StartTicks: s.StartUtc.Ticks, OffsetTicks: s.OffsetSeconds * TimeSpan.TicksPerSecond)).ToArray();
        var span = 0;
        var taken = 0L;
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = $"""
            SELECT u."{nameof(UsageRecord.CreatedAt)}", u."{nameof(UsageRecord.UserId)}", u."{nameof(UsageRecord.DepartmentId)}",
                u."{nameof(UsageRecord.Model)}", u."{nameof(UsageRecord.Provider)}", u."{nameof(UsageRecord.Source)}",
                CASE WHEN u."{nameof(UsageRecord.Status)}" = '{nameof(MessageStatus.Failed)}' THEN 1 ELSE 0 END,
                u."{nameof(UsageRecord.InputTokens)}", u."{nameof(UsageRecord.OutputTokens)}", u."{nameof(UsageRecord.TimeToFirstTokenMs)}"
            FROM "UsageRecords" u
            WHERE u."{nameof(UsageRecord.TenantId)}" = @tenant AND u."{nameof(UsageRecord.CreatedAt)}" >= @from AND u."{nameof(UsageRecord.CreatedAt)}" < @to
            """;
        command.WithParameter("@tenant", tenantId).WithParameter("@from", from).WithParameter("@to", to);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var ticks = Ticks(reader.GetValue(0));
            if (ticks >= newFrom && ticks < newTo) taken++;
            var figures = new Figures
            {
                Answers = 1,
                Failures = reader.GetInt32(6),
                InputTokens = reader.GetInt32(7),
                OutputTokens = reader.GetInt32(8),
            };
            if (!reader.IsDBNull(9))
            {
                figures.TimeToFirstTokenSumMs = reader.GetInt32(9);
                figures.TimeToFirstTokenCount = 1;
            }

            var key = DailyKeyOf(new DailyKey(
                reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetValue(2), reader.GetString(3), reader.GetString(4), reader.GetString(5)));
            if (ticks >= hourFrom && ticks < hourTo) Add(hours, (ticks - ticks % TimeSpan.TicksPerHour, hourlyKeyOfDaily[key]), figures);

            if (ticks < spans[span].StartTicks) span = 0;
            while (span + 1 < spans.Length && ticks >= spans[span + 1].StartTicks) span++;
            var day = (int)((ticks + spans[span].OffsetTicks) / TimeSpan.TicksPerDay);
            // Records of the edge hours outside the days (half-hour zones) count in their hour only.
            if (day >= firstDay && day <= lastDay) Add(days, (day, key), figures);
        }

        return taken;
    }

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

    /// <summary>
    /// A record's time in ticks: the provider's DateTime, or on SQLite EF Core's text form
    /// (<c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>), read by position (the general parser costs more than the rest of a record).
    /// </summary>
    private static long Ticks(object value)
    {
        if (value is DateTime at) return at.Ticks;
        var text = (string)value;
        if (text.Length < 19 || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' || text[16] != ':' || (text.Length > 19 && text[19] != '.'))
            return DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal).Ticks;
        static int N(string s, int at, int length)
        {
            var n = 0;
            for (var i = at; i < at + length; i++) n = n * 10 + (s[i] - '0');
            return n;
        }

        var ticks = new DateTime(N(text, 0, 4), N(text, 5, 2), N(text, 8, 2), N(text, 11, 2), N(text, 14, 2), N(text, 17, 2)).Ticks;
        var fraction = 0L;
        var digits = 0;
        for (var i = 20; i < text.Length && digits < 7; i++, digits++) fraction = fraction * 10 + (text[i] - '0');
        for (; digits < 7; digits++) fraction *= 10;
        return ticks + fraction;
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
    private readonly record struct DailyKey(string UserId, object? DepartmentId, string Model, string Provider, string Source);

    private readonly record struct HourlyKey(string Model, string Provider, string Source);

    private struct Figures
    {
        public int Answers;
        public int Failures;
        public long InputTokens;
        public long OutputTokens;
        public long TimeToFirstTokenSumMs;
        public int TimeToFirstTokenCount;
    }

    /// <summary>
    /// Buffers rows of one rollup table and writes them several at a time through one prepared statement (the rest one by
    /// one), every value bound with the column's own type mapping. On SQLite one row a statement: the database is in the
    /// process (no round trip to save), and Microsoft.Data.Sqlite binds each parameter by looking its name up among all the
    /// statement's parameters, so a statement of 100 rows (1,400 parameters) cost ~30 µs a row against ~6 for one.
    /// Elsewhere 100 rows (14 values a daily row, under SQL Server's 2,100 parameters a statement) save round trips.
    /// </summary>
    private sealed class RowWriter
    {
        private static readonly string[] FigureColumns =
        [
            nameof(UsageRollupFigures.Model), nameof(UsageRollupFigures.Provider), nameof(UsageRollupFigures.Source),
            nameof(UsageRollupFigures.Answers), nameof(UsageRollupFigures.Failures), nameof(UsageRollupFigures.InputTokens),
            nameof(UsageRollupFigures.OutputTokens), nameof(UsageRollupFigures.TimeToFirstTokenSumMs),
            nameof(UsageRollupFigures.TimeToFirstTokenCount), nameof(UsageRollupFigures.CostYen),
        ];

        private readonly AppDbContext db;
        private readonly string table;
        private readonly RelationalTypeMapping[] mappings;
        private readonly string[] columns;
        private readonly List<object?[]> pending = [];
        private readonly int rowsPerStatement;
        private DbCommand? many;
        private DbCommand? one;

        public RowWriter(AppDbContext db, Type entity, string bucket, string[] keys)
        {
            this.db = db;
            var type = db.Model.FindEntityType(entity) ?? throw new InvalidOperationException($"No entity {entity.Name}.");
            table = type.GetTableName() ?? throw new InvalidOperationException($"{entity.Name} has no table.");
            var properties = new[] { nameof(UsageRollupFigures.Id), nameof(UsageRollupFigures.TenantId), bucket }.Concat(keys).Concat(FigureColumns)
                .Select(name => type.FindProperty(name) ?? throw new InvalidOperationException($"{entity.Name} has no {name}.")).ToArray();
            var store = StoreObjectIdentifier.Table(table, type.GetSchema());
            columns = properties.Select(p => p.GetColumnName(store) ?? p.Name).ToArray();
            mappings = properties.Select(p => p.GetRelationalTypeMapping()).ToArray();
            rowsPerStatement = db.Database.IsSqlite() ? 1 : 100;
        }

        /// <summary>
        /// One row: the model's values of the id, the bucket and the figures (converted here as EF would); the member keys in
        /// the form the records' columns hold them (the same type mapping, so no conversion).
        /// </summary>
        public Task AddAsync(
            Guid id, string tenantId, object bucket, object?[] memberKeys, HourlyKey key, in Figures figures, decimal? cost, CancellationToken cancellationToken)
        {
            var values = new object?[columns.Length];
            values[0] = Provider(0, id);
            values[1] = tenantId;
            values[2] = Provider(2, bucket);
            var i = 3;
            foreach (var memberKey in memberKeys) values[i++] = memberKey;
            values[i++] = key.Model;
            values[i++] = key.Provider;
            values[i++] = key.Source;
            values[i++] = figures.Answers;
            values[i++] = figures.Failures;
            values[i++] = figures.InputTokens;
            values[i++] = figures.OutputTokens;
            values[i++] = figures.TimeToFirstTokenSumMs;
            values[i++] = figures.TimeToFirstTokenCount;
            values[i] = Provider(i, cost);
            pending.Add(values);
            return pending.Count < rowsPerStatement ? Task.CompletedTask : FlushAsync(cancellationToken);
        }

        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (pending.Count == rowsPerStatement)
            {
                many ??= Command(rowsPerStatement);
                await ExecuteAsync(many, pending, cancellationToken);
            }
            else
            {
                one ??= Command(1);
                foreach (var values in pending) await ExecuteAsync(one, [values], cancellationToken);
            }

            pending.Clear();
        }

        private object? Provider(int column, object? value) => mappings[column].Converter is { } converter ? converter.ConvertToProvider(value) : value;

        private async Task ExecuteAsync(DbCommand command, List<object?[]> rows, CancellationToken cancellationToken)
        {
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            var p = 0;
            foreach (var values in rows)
            {
                foreach (var value in values) command.Parameters[p++].Value = value ?? DBNull.Value;
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        private DbCommand Command(int rows)
        {
            var command = db.Database.GetDbConnection().CreateCommand();
            var values = new List<string>();
            for (var r = 0; r < rows; r++)
            {
                var names = new string[columns.Length];
                for (var c = 0; c < columns.Length; c++)
                {
                    names[c] = "@p" + (r * columns.Length + c).ToString(CultureInfo.InvariantCulture);
                    command.Parameters.Add(mappings[c].CreateParameter(command, names[c], null, nullable: true));
                }

                values.Add("(" + string.Join(", ", names) + ")");
            }

            command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => "\"" + c + "\""))}) VALUES {string.Join(", ", values)}";
            return command;
        }
    }
}
