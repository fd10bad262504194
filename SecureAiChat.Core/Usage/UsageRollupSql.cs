using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Usage;

/// <summary>
/// The rollup's set-wise statements: <c>INSERT … SELECT … GROUP BY</c> over the raw usage records, one shape for every
/// provider. What differs between SQLite, SQL Server and PostgreSQL (a new row id, the UTC hour of a timestamp, a timestamp
/// shifted by the zone's offset as a date, and the estimated cost) is the <see cref="Dialect"/> at the end of this file.
/// </summary>
internal sealed class UsageRollupSql
{
    private const string CostFunction = "sac_usage_cost";

    /// <summary>What a bucket is per, besides its hour or day (the hourly grain has no member or department: see <see cref="UsageHourlyRollup"/>).</summary>
    private static readonly string[] HourlyKeys = [nameof(UsageRecord.Model), nameof(UsageRecord.Provider), nameof(UsageRecord.Source)];

    private static readonly string[] DailyKeys = [nameof(UsageRecord.UserId), nameof(UsageRecord.DepartmentId), .. HourlyKeys];

    private readonly AppDbContext db;
    private readonly Dialect dialect;
    private readonly Func<string, string> q;

    public UsageRollupSql(AppDbContext db, UsagePricingOptions pricing)
    {
        this.db = db;
        var helper = db.GetService<ISqlGenerationHelper>();
        q = helper.DelimitIdentifier;
        dialect = db.Database.IsSqlite() ? new SqliteDialect(q, pricing)
            : db.Database.IsNpgsql() ? new PostgreSqlDialect(q, pricing)
            : db.Database.IsSqlServer() ? new SqlServerDialect(q, pricing)
            : throw new NotSupportedException($"Usage rollups do not support {db.Database.ProviderName}.");
    }

    /// <summary>Must run inside the transaction (the connection is open): SQLite's cost function lives on the connection.</summary>
    public void Prepare() => dialect.Prepare(db);

    /// <summary>The UTC hours that hold records in [<paramref name="from"/>, <paramref name="to"/>), with their record counts.</summary>
    public async Task<List<HourCount>> HoursAsync(string tenantId, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        // Identifiers and expressions of our own only; the values are parameters.
        var sql = $"SELECT h.{q("Hour")} AS {q("Hour")}, CAST(COUNT(*) AS BIGINT) AS {q("Records")} FROM (SELECT {dialect.Hour("u." + q("CreatedAt"))} AS {q("Hour")} "
            + $"FROM {q("UsageRecords")} u WHERE {RecordRange("u")}) h GROUP BY h.{q("Hour")}";
        var hours = await db.Database.SqlQueryRaw<HourCount>(sql, tenantId, from, to).ToListAsync(cancellationToken);
        return hours.Select(h => h with { Hour = DateTime.SpecifyKind(h.Hour, DateTimeKind.Utc) }).ToList();
    }

    /// <summary>Inserts the hourly buckets of the records in [<paramref name="from"/>, <paramref name="to"/>) (whole UTC hours).</summary>
    public Task<int> InsertHourlyAsync(string tenantId, DateTime from, DateTime to, CancellationToken cancellationToken) =>
        InsertAsync("UsageHourlyRollups", nameof(UsageHourlyRollup.HourStartUtc), dialect.Hour("u." + q("CreatedAt")), HourlyKeys, [], tenantId, from, to, cancellationToken);

    /// <summary>
    /// Inserts the daily buckets of the records in [<paramref name="from"/>, <paramref name="to"/>) (whole local days), the day
    /// read in <paramref name="zone"/>: one offset per span of constant UTC offset, so a daylight saving change inside the
    /// range puts each record on the day its own offset gives.
    /// </summary>
    public Task<int> InsertDailyAsync(string tenantId, TimeZoneInfo zone, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        var spans = OffsetSpans(zone, from, to);
        var createdAt = "u." + q("CreatedAt");
        var extra = new List<object>();
        string day;
        if (spans.Count == 1)
        {
            day = dialect.ShiftedDate(createdAt, spans[0].OffsetSeconds);
        }
        else
        {
            // Parameters {3}, {4}, …: the instants the offset changes at.
            var cases = spans.Skip(1).Select((span, i) =>
            {
                extra.Add(span.StartUtc);
                return $"WHEN {createdAt} < {{{3 + i}}} THEN {dialect.ShiftedDate(createdAt, spans[i].OffsetSeconds)}";
            });
            day = $"CASE {string.Join(" ", cases)} ELSE {dialect.ShiftedDate(createdAt, spans[^1].OffsetSeconds)} END";
        }

        return InsertAsync("UsageDailyRollups", nameof(UsageDailyRollup.Day), day, DailyKeys, extra, tenantId, from, to, cancellationToken);
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

    private string RecordRange(string alias) =>
        $"{alias}.{q("TenantId")} = {{0}} AND {alias}.{q("CreatedAt")} >= {{1}} AND {alias}.{q("CreatedAt")} < {{2}}";

    private async Task<int> InsertAsync(
        string table, string bucketColumn, string bucket, string[] keys, List<object> extra, string tenantId, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        string[] figures =
        [
            nameof(UsageRollupFigures.Answers), nameof(UsageRollupFigures.Failures), nameof(UsageRollupFigures.InputTokens),
            nameof(UsageRollupFigures.OutputTokens), nameof(UsageRollupFigures.TimeToFirstTokenSumMs), nameof(UsageRollupFigures.TimeToFirstTokenCount),
        ];
        string G(string column) => "g." + q(column);
        string R(string column) => "r." + q(column);
        var failed = "'" + nameof(MessageStatus.Failed) + "'";
        // The bucket is computed in an inner query and grouped by name outside it: SQL Server does not match a GROUP BY
        // expression holding parameters (the time zone's change instants) with the same expression in the select list.
        var sql = $$"""
            INSERT INTO {{q(table)}} ({{q("Id")}}, {{q("TenantId")}}, {{q(bucketColumn)}}, {{string.Join(", ", keys.Select(q))}}, {{string.Join(", ", figures.Select(q))}}, {{q(nameof(UsageRollupFigures.CostYen))}})
            SELECT {{dialect.NewId()}}, {0}, g.{{q("Bucket")}}, {{string.Join(", ", keys.Select(G))}}, {{string.Join(", ", figures.Select(G))}},
                {{dialect.Cost(G(nameof(UsageRecord.Model)), G(nameof(UsageRollupFigures.InputTokens)), G(nameof(UsageRollupFigures.OutputTokens)))}}
            FROM (
                SELECT r.{{q("Bucket")}} AS {{q("Bucket")}}, {{string.Join(", ", keys.Select(k => $"{R(k)} AS {q(k)}"))}},
                    COUNT(*) AS {{q(figures[0])}},
                    SUM(CASE WHEN {{R(nameof(UsageRecord.Status))}} = {{failed}} THEN 1 ELSE 0 END) AS {{q(figures[1])}},
                    SUM(CAST({{R(nameof(UsageRecord.InputTokens))}} AS BIGINT)) AS {{q(figures[2])}},
                    SUM(CAST({{R(nameof(UsageRecord.OutputTokens))}} AS BIGINT)) AS {{q(figures[3])}},
                    SUM(CAST(COALESCE({{R(nameof(UsageRecord.TimeToFirstTokenMs))}}, 0) AS BIGINT)) AS {{q(figures[4])}},
                    COUNT({{R(nameof(UsageRecord.TimeToFirstTokenMs))}}) AS {{q(figures[5])}}
                FROM (
                    SELECT {{bucket}} AS {{q("Bucket")}}, {{string.Join(", ", keys.Append(nameof(UsageRecord.Status)).Append(nameof(UsageRecord.InputTokens))
                        .Append(nameof(UsageRecord.OutputTokens)).Append(nameof(UsageRecord.TimeToFirstTokenMs)).Select(k => "u." + q(k)))}}
                    FROM {{q("UsageRecords")}} u
                    WHERE {{RecordRange("u")}}
                ) r
                GROUP BY r.{{q("Bucket")}}, {{string.Join(", ", keys.Select(R))}}
            ) g
            """;
        return await db.Database.ExecuteSqlRawAsync(sql, [tenantId, from, to, .. extra], cancellationToken);
    }

    public sealed record HourCount(DateTime Hour, long Records);

    /// <summary>What differs between the providers, and only that.</summary>
    private abstract class Dialect(Func<string, string> q, UsagePricingOptions pricing)
    {
        protected Func<string, string> Q { get; } = q;

        protected UsagePricingOptions Pricing { get; } = pricing;

        public virtual void Prepare(AppDbContext db)
        {
        }

        /// <summary>A new primary key per inserted row.</summary>
        public abstract string NewId();

        /// <summary>The start of the UTC hour of a UTC timestamp, typed as the rollup's hour column.</summary>
        public abstract string Hour(string utc);

        /// <summary>The date of a UTC timestamp shifted by a fixed offset, typed as the rollup's day column.</summary>
        public abstract string ShiftedDate(string utc, int offsetSeconds);

        /// <summary>
        /// The estimated cost in JPY of a bucket's tokens, exactly as <see cref="UsagePricingOptions.EstimateYen"/> and the
        /// rollup always rounded it (6 decimals, half to even): null for a model without a price.
        /// </summary>
        public abstract string Cost(string model, string inputTokens, string outputTokens);

        /// <summary>
        /// The cost from exact decimal arithmetic in the database: yen × 10⁶ is (in × price in + out × price out) × rate (no
        /// division before the rounding), rounded half to even to a whole number, then divided by 10⁶.
        /// </summary>
        protected string DecimalCost(string model, string inputTokens, string outputTokens, Func<string, string> modulo2)
        {
            if (Pricing.Models.Count == 0) return "NULL";
            var cases = Pricing.Models.Select(p =>
            {
                var micro = $"(({inputTokens} * {Literal(p.Value.InputPerMillionUsd)} + {outputTokens} * {Literal(p.Value.OutputPerMillionUsd)}) * {Literal(Pricing.UsdToJpy)})";
                var rounded = $"CASE WHEN {micro} - FLOOR({micro}) = 0.5 AND {modulo2($"FLOOR({micro})")} = 0 THEN FLOOR({micro}) ELSE ROUND({micro}, 0) END";
                return $"WHEN {Text(p.Key.ToUpperInvariant())} THEN ({rounded}) / 1000000";
            });
            return $"CASE UPPER({model}) {string.Join(" ", cases)} ELSE NULL END";
        }

        private static string Literal(decimal value) => value.ToString(CultureInfo.InvariantCulture);

        protected static string Text(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    private sealed class SqliteDialect(Func<string, string> q, UsagePricingOptions pricing) : Dialect(q, pricing)
    {
        // EF Core's text form of a decimal on SQLite (what it writes and parses for the CostYen column).
        private const string DecimalText = "0.0###########################";

        // SQLite has no exact decimal arithmetic: the cost is the price table's own .NET computation, called per bucket
        // (not per record) through a function on the connection.
        public override void Prepare(AppDbContext db) =>
            ((SqliteConnection)db.Database.GetDbConnection()).CreateFunction<string, long, long, string?>(CostFunction,
                (model, input, output) => Pricing.EstimateYen(model, input, output) is { } yen
                    ? Math.Round(yen, 6).ToString(DecimalText, CultureInfo.InvariantCulture) : null,
                isDeterministic: true);

        // Ids share a time-ordered prefix per statement and count up within it: the primary key index takes each statement's
        // rows in one place instead of scattering random GUIDs over it.
        public override string NewId()
        {
            var prefix = Guid.CreateVersion7().ToString("D").ToUpperInvariant()[..24];
            return $"'{prefix}' || printf('%012X', row_number() OVER ())";
        }

        // EF Core stores a DateTime as 'yyyy-MM-dd HH:mm:ss.FFFFFFF': a whole hour is 'yyyy-MM-dd HH:00:00'.
        public override string Hour(string utc) => $"substr({utc}, 1, 13) || ':00:00'";

        public override string ShiftedDate(string utc, int offsetSeconds) =>
            $"date(substr({utc}, 1, 19), '{offsetSeconds.ToString("+0;-0", CultureInfo.InvariantCulture)} seconds')";

        public override string Cost(string model, string inputTokens, string outputTokens) => $"{CostFunction}({model}, {inputTokens}, {outputTokens})";
    }

    private sealed class PostgreSqlDialect(Func<string, string> q, UsagePricingOptions pricing) : Dialect(q, pricing)
    {
        public override string NewId() => "gen_random_uuid()";

        // timestamptz: truncated on the UTC clock, not the session's time zone.
        public override string Hour(string utc) => $"(date_trunc('hour', {utc} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')";

        public override string ShiftedDate(string utc, int offsetSeconds) =>
            $"CAST(({utc} AT TIME ZONE 'UTC') + INTERVAL '{offsetSeconds.ToString(CultureInfo.InvariantCulture)} seconds' AS date)";

        public override string Cost(string model, string inputTokens, string outputTokens) =>
            DecimalCost(model, inputTokens, outputTokens, x => $"MOD({x}, 2)");
    }

    private sealed class SqlServerDialect(Func<string, string> q, UsagePricingOptions pricing) : Dialect(q, pricing)
    {
        public override string NewId() => "NEWID()";

        public override string Hour(string utc) =>
            $"DATEADD(hour, DATEDIFF(hour, CAST('2000-01-01' AS datetime2), {utc}), CAST('2000-01-01' AS datetime2))";

        public override string ShiftedDate(string utc, int offsetSeconds) =>
            $"CAST(DATEADD(second, {offsetSeconds.ToString(CultureInfo.InvariantCulture)}, {utc}) AS date)";

        public override string Cost(string model, string inputTokens, string outputTokens) =>
            DecimalCost(model, inputTokens, outputTokens, x => $"({x}) % 2");
    }
}
