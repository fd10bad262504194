using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SecureAiChat.Core.Data;
using SQLitePCL;
using static SecureAiChat.Core.Usage.UsageRollupPass;

namespace SecureAiChat.Core.Usage;

/// <summary>
/// Writes the rows of one rollup table (<see cref="UsageHourlyRollup"/> or <see cref="UsageDailyRollup"/>) for
/// <see cref="UsageRollupPass"/>: the id, the workspace, the bucket (hour or day), the member keys of a daily row, then the
/// figures, in the columns' order as the model names them.
/// </summary>
internal abstract class UsageRollupRows
{
    private static readonly string[] FigureProperties =
    [
        nameof(UsageRollupFigures.Model), nameof(UsageRollupFigures.Provider), nameof(UsageRollupFigures.Source),
        nameof(UsageRollupFigures.Answers), nameof(UsageRollupFigures.Failures), nameof(UsageRollupFigures.InputTokens),
        nameof(UsageRollupFigures.OutputTokens), nameof(UsageRollupFigures.TimeToFirstTokenSumMs),
        nameof(UsageRollupFigures.TimeToFirstTokenCount), nameof(UsageRollupFigures.CostYen),
    ];

    protected UsageRollupRows(AppDbContext db, Type entity)
    {
        Db = db;
        var type = db.Model.FindEntityType(entity) ?? throw new InvalidOperationException($"No entity {entity.Name}.");
        Table = type.GetTableName() ?? throw new InvalidOperationException($"{entity.Name} has no table.");
        string[] keys = entity == typeof(UsageDailyRollup)
            ? [nameof(UsageDailyRollup.Day), nameof(UsageDailyRollup.UserId), nameof(UsageDailyRollup.DepartmentId)]
            : [nameof(UsageHourlyRollup.HourStartUtc)];
        var properties = new[] { nameof(UsageRollupFigures.Id), nameof(UsageRollupFigures.TenantId) }.Concat(keys).Concat(FigureProperties)
            .Select(name => type.FindProperty(name) ?? throw new InvalidOperationException($"{entity.Name} has no {name}.")).ToArray();
        var store = StoreObjectIdentifier.Table(Table, type.GetSchema());
        Columns = properties.Select(p => p.GetColumnName(store) ?? p.Name).ToArray();
        Mappings = properties.Select(p => p.GetRelationalTypeMapping()).ToArray();
    }

    protected AppDbContext Db { get; }

    protected string Table { get; }

    protected string[] Columns { get; }

    protected RelationalTypeMapping[] Mappings { get; }

    protected string ColumnList => string.Join(", ", Columns.Select(c => "\"" + c + "\""));

    /// <summary>The writer for this provider: SQLite's own statements for the rebuild, or the prepared ADO.NET inserts.</summary>
    public static UsageRollupRows For(AppDbContext db, SqliteRollupStatements? sqlite, SqliteRollupStatements.Utf8Cache utf8, Type entity) =>
        sqlite is null ? new CommandRows(db, entity) : new SqliteRows(db, sqlite, utf8, entity);

    /// <summary>
    /// One row: <paramref name="bucket"/> is the hour (<see cref="DateTime"/>) or the day (<see cref="DateOnly"/>);
    /// <paramref name="member"/> the daily row's member keys (null for an hourly row), in the form the records' columns hold them.
    /// </summary>
    public abstract Task AddAsync(
        Guid id, string tenantId, object bucket, DailyKey? member, HourlyKey key, in Figures figures, decimal? cost, CancellationToken cancellationToken);

    public abstract Task FlushAsync(CancellationToken cancellationToken);

    /// <summary>
    /// SQLite: one prepared insert, stepped once a row, every value bound by position in the text forms EF Core's own
    /// parameters take (<see cref="SqliteRollupStatements"/>).
    /// </summary>
    private sealed class SqliteRows : UsageRollupRows
    {
        private readonly SqliteRollupStatements sqlite;
        private readonly SqliteRollupStatements.Utf8Cache utf8;
        private readonly sqlite3_stmt insert;

        public SqliteRows(AppDbContext db, SqliteRollupStatements sqlite, SqliteRollupStatements.Utf8Cache utf8, Type entity)
            : base(db, entity)
        {
            this.sqlite = sqlite;
            this.utf8 = utf8;
            var positions = string.Join(", ", Columns.Select((_, i) => "?" + (i + 1).ToString(CultureInfo.InvariantCulture)));
            insert = sqlite.Prepare($"INSERT INTO \"{Table}\" ({ColumnList}) VALUES ({positions})");
        }

        public override Task AddAsync(
            Guid id, string tenantId, object bucket, DailyKey? member, HourlyKey key, in Figures figures, decimal? cost, CancellationToken cancellationToken)
        {
            sqlite.Check(raw.sqlite3_reset(insert));
            var i = 1;
            sqlite.BindGuid(insert, i++, id);
            Text(i++, tenantId);
            if (bucket is DateOnly day) sqlite.BindText(insert, i++, day, SqliteRollupStatements.DateFormat);
            else sqlite.BindText(insert, i++, (DateTime)bucket, SqliteRollupStatements.DateTimeFormat);
            if (member is { } m)
            {
                Text(i++, m.UserId);
                if (m.DepartmentId is string department) Text(i++, department);
                else sqlite.Check(raw.sqlite3_bind_null(insert, i++));
            }

            Text(i++, key.Model);
            Text(i++, key.Provider);
            Text(i++, key.Source);
            sqlite.Check(raw.sqlite3_bind_int64(insert, i++, figures.Answers));
            sqlite.Check(raw.sqlite3_bind_int64(insert, i++, figures.Failures));
            sqlite.Check(raw.sqlite3_bind_int64(insert, i++, figures.InputTokens));
            sqlite.Check(raw.sqlite3_bind_int64(insert, i++, figures.OutputTokens));
            sqlite.Check(raw.sqlite3_bind_int64(insert, i++, figures.TimeToFirstTokenSumMs));
            sqlite.Check(raw.sqlite3_bind_int64(insert, i++, figures.TimeToFirstTokenCount));
            if (cost is { } yen) sqlite.BindText(insert, i, yen, SqliteRollupStatements.DecimalFormat);
            else sqlite.Check(raw.sqlite3_bind_null(insert, i));
            sqlite.Check(raw.sqlite3_step(insert));
            return Task.CompletedTask;
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        private void Text(int index, string value) => sqlite.Check(raw.sqlite3_bind_text(insert, index, utf8.Of(value)));
    }

    /// <summary>
    /// Buffers rows and writes them 100 at a time through one prepared statement (the rest one by one), every value bound
    /// with the column's own type mapping: 100 rows (14 values a daily row, under SQL Server's 2,100 parameters a statement)
    /// save round trips to the server.
    /// </summary>
    private sealed class CommandRows(AppDbContext db, Type entity) : UsageRollupRows(db, entity)
    {
        private const int RowsPerStatement = 100;

        private readonly List<object?[]> pending = [];
        private DbCommand? many;
        private DbCommand? one;

        public override Task AddAsync(
            Guid id, string tenantId, object bucket, DailyKey? member, HourlyKey key, in Figures figures, decimal? cost, CancellationToken cancellationToken)
        {
            var values = new object?[Columns.Length];
            values[0] = Provider(0, id);
            values[1] = tenantId;
            values[2] = Provider(2, bucket);
            var i = 3;
            if (member is { } m)
            {
                values[i++] = m.UserId;
                values[i++] = m.DepartmentId;
            }

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
            return pending.Count < RowsPerStatement ? Task.CompletedTask : FlushAsync(cancellationToken);
        }

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (pending.Count == RowsPerStatement)
            {
                many ??= Command(RowsPerStatement);
                await ExecuteAsync(many, pending, cancellationToken);
            }
            else
            {
                one ??= Command(1);
                foreach (var values in pending) await ExecuteAsync(one, [values], cancellationToken);
            }

            pending.Clear();
        }

        private object? Provider(int column, object? value) => Mappings[column].Converter is { } converter ? converter.ConvertToProvider(value) : value;

        private async Task ExecuteAsync(DbCommand command, List<object?[]> rows, CancellationToken cancellationToken)
        {
            command.Transaction = Db.Database.CurrentTransaction?.GetDbTransaction();
            var p = 0;
            foreach (var values in rows)
            {
                foreach (var value in values) command.Parameters[p++].Value = value ?? DBNull.Value;
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        private DbCommand Command(int rows)
        {
            var command = Db.Database.GetDbConnection().CreateCommand();
            var values = new List<string>();
            for (var r = 0; r < rows; r++)
            {
                var names = new string[Columns.Length];
                for (var c = 0; c < Columns.Length; c++)
                {
                    names[c] = "@p" + (r * Columns.Length + c).ToString(CultureInfo.InvariantCulture);
                    command.Parameters.Add(Mappings[c].CreateParameter(command, names[c], null, nullable: true));
                }

                values.Add("(" + string.Join(", ", names) + ")");
            }

            command.CommandText = $"INSERT INTO \"{Table}\" ({ColumnList}) VALUES {string.Join(", ", values)}";
            return command;
        }
    }
}
