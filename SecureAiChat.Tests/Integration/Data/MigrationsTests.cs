using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;

namespace SecureAiChat.Tests.Integration.Data;

public sealed class MigrationsTests
{
    [Fact]
    public void Sqlite_model_has_no_changes_without_a_migration()
    {
        using var db = new AppDbContext(
            new DbContextOptionsBuilder<AppDbContext>().UseSqlite("Data Source=:memory:")
                .UseApplicationServiceProvider(IdentityStoreSchema.DesignTimeServices()).Options, NoTenant.Instance);
        Assert.False(db.Database.HasPendingModelChanges(),
            "Run: dotnet ef migrations add <Name> --project SecureAiChat.Core --startup-project SecureAiChat.Web --context AppDbContext --output-dir Data/Migrations/Sqlite");
    }

    [Fact]
    public void SqlServer_model_has_no_changes_without_a_migration()
    {
        using var db = new SqlServerAppDbContext(
            new DbContextOptionsBuilder<SqlServerAppDbContext>().UseSqlServer("Server=none;Database=none")
                .UseApplicationServiceProvider(IdentityStoreSchema.DesignTimeServices()).Options, NoTenant.Instance);
        Assert.False(db.Database.HasPendingModelChanges(),
            "Run: dotnet ef migrations add <Name> --project SecureAiChat.Core --startup-project SecureAiChat.Web --context SqlServerAppDbContext --output-dir Data/Migrations/SqlServer");
    }

    [Fact]
    public void PostgreSql_model_has_no_changes_without_a_migration()
    {
        using var db = PostgreSql();
        Assert.False(db.Database.HasPendingModelChanges(),
            "Run: dotnet ef migrations add <Name> --project SecureAiChat.Core --startup-project SecureAiChat.Web --context PostgreSqlAppDbContext --output-dir Data/Migrations/PostgreSql");
    }

    [Fact]
    public void Each_provider_has_its_own_migrations()
    {
        using var sqlite = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseSqlite("Data Source=:memory:")
            .UseApplicationServiceProvider(IdentityStoreSchema.DesignTimeServices()).Options, NoTenant.Instance);
        using var sqlServer = new SqlServerAppDbContext(new DbContextOptionsBuilder<SqlServerAppDbContext>().UseSqlServer("Server=none")
            .UseApplicationServiceProvider(IdentityStoreSchema.DesignTimeServices()).Options, NoTenant.Instance);
        using var postgreSql = PostgreSql();
        var sqliteMigrations = sqlite.Database.GetMigrations().ToList();
        var sqlServerMigrations = sqlServer.Database.GetMigrations().ToList();
        var postgreSqlMigrations = postgreSql.Database.GetMigrations().ToList();
        Assert.NotEmpty(sqliteMigrations);
        Assert.NotEmpty(sqlServerMigrations);
        Assert.NotEmpty(postgreSqlMigrations);
        Assert.Empty(sqliteMigrations.Intersect(sqlServerMigrations));
        Assert.Empty(sqliteMigrations.Intersect(postgreSqlMigrations));
        Assert.Empty(sqlServerMigrations.Intersect(postgreSqlMigrations));
    }

    // The model and its migrations only: nothing connects to this server.
    private static PostgreSqlAppDbContext PostgreSql() =>
        new(new DbContextOptionsBuilder<PostgreSqlAppDbContext>().UseNpgsql("Host=none;Database=none")
            .UseApplicationServiceProvider(IdentityStoreSchema.DesignTimeServices()).Options, NoTenant.Instance);
}
