namespace SecureAiChat.Core.Data;

/// <summary>Configuration section <c>Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>
    /// <see cref="DatabaseProvider.Sqlite"/> (embedded default, one instance only), <see cref="DatabaseProvider.SqlServer"/>
    /// or <see cref="DatabaseProvider.PostgreSql"/>.
    /// </summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}
