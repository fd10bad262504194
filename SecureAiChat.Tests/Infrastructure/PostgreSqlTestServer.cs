using Npgsql;

namespace SecureAiChat.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the tests run on: the throwaway cluster ./test.sh starts and names in
/// SECUREAICHAT_TEST_POSTGRES. Each fixture gets a fresh database of its own, dropped when it is done.
/// </summary>
public static class PostgreSqlTestServer
{
    public const string Variable = "SECUREAICHAT_TEST_POSTGRES";

    /// <summary>A connection string with the right to create databases; a missing one fails the test (never a skip).</summary>
    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. Run ./test.sh: it starts a throwaway PostgreSQL cluster for these tests and sets it "
                + "(or set it yourself to a server where the tests may create and drop databases, e.g. \"Host=127.0.0.1;Port=54000;Username=postgres\").");

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var name = "sac_" + Guid.NewGuid().ToString("N");
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops the database of <paramref name="connectionString"/>, ending any connection still open on it.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        await using (var pooled = new NpgsqlConnection(connectionString)) NpgsqlConnection.ClearPool(pooled);
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
