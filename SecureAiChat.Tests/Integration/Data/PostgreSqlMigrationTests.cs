using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Web.Hosting;

namespace SecureAiChat.Tests.Integration.Data;

/// <summary>The <c>migrate</c> command's path on a real PostgreSQL server: the app's own registration for Database:Provider=PostgreSql.</summary>
public sealed class PostgreSqlMigrationTests
{
    [Fact]
    public async Task Migrate_creates_the_schema_on_an_empty_database_and_a_second_run_changes_nothing()
    {
        var connectionString = await PostgreSqlTestServer.CreateDatabaseAsync();
        try
        {
            await using var services = AppServices(connectionString);
            await DatabaseStartup.MigrateAsync(services);
            var first = await AppliedAsync(services);
            await DatabaseStartup.MigrateAsync(services);

            Assert.Equal(await AllAsync(services), first);
            Assert.Equal(first, await AppliedAsync(services));
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.IsType<PostgreSqlAppDbContext>(db);
            // The seeded roles are there once, and the key ring table the Data Protection keys go to exists.
            Assert.Equal(Roles.All.Count, await db.Roles.CountAsync()); // Owner, Admin, Auditor, Member, Operator
            Assert.Equal(0, await db.DataProtectionKeys.CountAsync());
        }
        finally
        {
            await PostgreSqlTestServer.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task Two_migrations_started_together_on_an_empty_database_both_succeed()
    {
        // Two instances of a deployment may run `migrate` at the same time; EF takes a database lock for it.
        var connectionString = await PostgreSqlTestServer.CreateDatabaseAsync();
        try
        {
            await using var one = AppServices(connectionString);
            await using var two = AppServices(connectionString);
            await Task.WhenAll(DatabaseStartup.MigrateAsync(one), DatabaseStartup.MigrateAsync(two));
            Assert.Equal(await AllAsync(one), await AppliedAsync(two));
        }
        finally
        {
            await PostgreSqlTestServer.DropDatabaseAsync(connectionString);
        }
    }

    private static ServiceProvider AppServices(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:Default"] = connectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<ICurrentTenant>(NoTenant.Instance);
        // The Identity store schema (passkeys) the app's Identity registration sets.
        services.Configure<Microsoft.AspNetCore.Identity.IdentityOptions>(o => IdentityStoreSchema.Configure(o.Stores));
        services.AddAppData(configuration, Path.GetTempPath());
        return services.BuildServiceProvider();
    }

    private static async Task<List<string>> AppliedAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.GetAppliedMigrationsAsync()).ToList();
    }

    private static async Task<List<string>> AllAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.GetMigrations().ToList();
    }
}
