using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SecureAiChat.Core.Data;

/// <summary>
/// Sets <c>PRAGMA synchronous=NORMAL</c> on every SQLite connection EF opens. In WAL mode that is the setting
/// SQLite recommends: a commit no longer waits for an fsync (which cost a chat message milliseconds before its
/// answer was requested), the database cannot be corrupted, and only the last commits before a power loss or OS
/// crash may be lost, never on a crash of the app itself. Production runs on SQL Server.
/// </summary>
public sealed class SqliteSynchronousNormal : DbConnectionInterceptor
{
    public static readonly SqliteSynchronousNormal Instance = new();

    private const string Pragma = "PRAGMA synchronous=NORMAL;";

    // The setting belongs to the native connection, which the pool hands out again and again: set it once per handle.
    private readonly ConditionalWeakTable<object, object> _done = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (AlreadySet(connection)) return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (AlreadySet(connection)) return;
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = Pragma;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private bool AlreadySet(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } && !_done.TryAdd(handle, handle);
}
