using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Data;

/// <summary>The embedded database as the app opens it: WAL, and commits that do not wait for an fsync.</summary>
public sealed class SqliteConnectionTests(AppHost app) : IClassFixture<AppHost>
{
    [Fact]
    public async Task The_apps_connections_use_wal_with_synchronous_normal()
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        Assert.Equal("wal", await ScalarAsync(db, "PRAGMA journal_mode;"));
        Assert.Equal("1", await ScalarAsync(db, "PRAGMA synchronous;")); // 1 = NORMAL (2 = FULL, the default)

        // The pragma is set once per pooled native connection; a connection handed out again keeps it.
        for (var i = 0; i < 3; i++)
        {
            await using var again = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            await again.Database.OpenConnectionAsync();
            Assert.Equal("1", await ScalarAsync(again, "PRAGMA synchronous;"));
        }
    }

    private static async Task<string?> ScalarAsync(AppDbContext db, string sql)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
