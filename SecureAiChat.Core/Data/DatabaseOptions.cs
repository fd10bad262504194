namespace SecureAiChat.Core.Data;

/// <summary>Configuration section <c>Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary><see cref="DatabaseProvider.Sqlite"/> (embedded default) or <see cref="DatabaseProvider.SqlServer"/>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}
