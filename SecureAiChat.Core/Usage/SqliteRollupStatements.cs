using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using SecureAiChat.Core.Audit;
using SQLitePCL;

namespace SecureAiChat.Core.Usage;

/// <summary>
/// SQLite only: the rollup pass's record read and row inserts straight through SQLite's own statements, every value bound by
/// its position. Through Microsoft.Data.Sqlite a record cost five strings and a boxed value, and a rollup row fourteen
/// parameters each looked up by name (a linear scan of the statement's names) and converted again: together about half of a
/// rollup's time. The values are written in exactly the text forms Microsoft.Data.Sqlite gives EF Core's (dates
/// <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>, days <c>yyyy-MM-dd</c>, GUIDs upper case, decimals as invariant text), which a test
/// compares with rows EF Core saved. The statements live for one read or one write: they belong to the connection the run
/// holds open, and are finalized before it goes back to the pool.
/// </summary>
internal sealed class SqliteRollupStatements : IDisposable
{
    /// <summary>Microsoft.Data.Sqlite's text forms (SqliteValueBinder), so EF Core reads and compares the rows as its own.</summary>
    internal const string DateTimeFormat = @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF";

    internal const string DateFormat = @"yyyy\-MM\-dd";

    internal const string DecimalFormat = "0.0###########################";

    private readonly sqlite3 db;
    private readonly List<sqlite3_stmt> statements = [];

    public SqliteRollupStatements(SqliteConnection connection) =>
        db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");

    /// <summary>
    /// Sets the connection up for a rollup run until disposed. Several workspaces' runs take turns at SQLite's one write lock
    /// (<see cref="UsageRollupJob"/>): the one that waits lets SQLite's own busy handler wait (in steps of a few
    /// milliseconds, as long as the provider's default command timeout) instead of failing and being retried by the
    /// provider in coarser steps. A batch reads and writes some 10 MB of pages, which SQLite's default 2 MB page cache spilled
    /// and read again (a quarter of the run's time): the run's connection gets 64 MB, and the default back at the end, so the
    /// pooled connection does not keep it.
    /// </summary>
    public static IDisposable TuneForTheRun(SqliteConnection connection)
    {
        var handle = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        raw.sqlite3_busy_timeout(handle, 30_000);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA cache_size";
            var size = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            command.CommandText = "PRAGMA cache_size=-65536";
            command.ExecuteNonQuery();
            return new Restore(connection, size);
        }
    }

    private sealed class Restore(SqliteConnection connection, long cacheSize) : IDisposable
    {
        public void Dispose()
        {
            if (connection.State != System.Data.ConnectionState.Open) return;
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA cache_size=" + cacheSize.ToString(CultureInfo.InvariantCulture);
            command.ExecuteNonQuery();
        }
    }

    public sqlite3_stmt Prepare(string sql)
    {
        Check(raw.sqlite3_prepare_v2(db, sql, out var statement));
        statements.Add(statement);
        return statement;
    }

    public void Check(int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_ROW or raw.SQLITE_DONE)) SqliteException.ThrowExceptionForRC(rc, db);
    }

    public void Dispose()
    {
        foreach (var statement in statements) statement.Dispose();
        statements.Clear();
    }

    /// <summary>Binds a value as UTF-8 text formatted into a stack buffer (no string made).</summary>
    public void BindText<T>(sqlite3_stmt statement, int index, T value, string? format) where T : IUtf8SpanFormattable
    {
        Span<byte> text = stackalloc byte[64];
        if (!value.TryFormat(text, out var written, format, CultureInfo.InvariantCulture)) throw new FormatException($"{value} does not fit its column's text form.");
        Check(raw.sqlite3_bind_text(statement, index, text[..written]));
    }

    /// <summary>A GUID as EF Core stores it on SQLite: the 36-character form in upper case.</summary>
    public void BindGuid(sqlite3_stmt statement, int index, Guid value)
    {
        Span<byte> text = stackalloc byte[36];
        value.TryFormat(text, out _, "D");
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is >= (byte)'a' and <= (byte)'f') text[i] -= 'a' - 'A';
        }

        Check(raw.sqlite3_bind_text(statement, index, text));
    }

    /// <summary>A record's time from its stored text (<see cref="DateTimeFormat"/>) read digit by digit; any other shape through the general parser.</summary>
    public static long Ticks(ReadOnlySpan<byte> text) => SqliteDateTimeText.TryParse(text, out var at)
        ? at.Ticks
        : DateTime.Parse(Encoding.UTF8.GetString(text), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal).Ticks;

    /// <summary>
    /// Strings a rollup writes many times (the member keys, the model, the workspace) encoded once, keyed by the string
    /// object itself: the pass hands the same instances back for every row of a key.
    /// </summary>
    public sealed class Utf8Cache
    {
        private readonly Dictionary<string, byte[]> bytes = new(ReferenceEqualityComparer.Instance);

        public ReadOnlySpan<byte> Of(string text)
        {
            ref var encoded = ref CollectionsMarshal.GetValueRefOrAddDefault(bytes, text, out var exists);
            if (!exists) encoded = Encoding.UTF8.GetBytes(text);
            return encoded;
        }
    }
}
