using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Tests.Infrastructure;

/// <summary>A real, migrated SQLite file for data-layer tests, with contexts for any tenant (or none).</summary>
public class TestDatabase : IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "sac-tests", $"data-{Guid.NewGuid():N}.db");

    public virtual string ConnectionString => $"Data Source={_path};Pooling=false";

    public virtual AppDbContext Context(string? tenantId) =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite(ConnectionString)
                .UseApplicationServiceProvider(Services).Options,
            new FixedTenant(tenantId));

    // Identity's store options shape the model; the audit chain keys seal audit entries on save.
    protected static readonly IServiceProvider Services = new ServiceCollection()
        .Configure<IdentityOptions>(o => IdentityStoreSchema.Configure(o.Stores))
        .AddAuditLog()
        .BuildServiceProvider();

    public async Task<AppTenantInfo> CreateTenantAsync(string identifier)
    {
        var tenant = new AppTenantInfo { Identifier = identifier, Name = identifier, Status = TenantStatus.Active };
        await using var db = Context(null);
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync();
        return tenant;
    }

    public virtual async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        await using var db = Context(null);
        await db.Database.MigrateAsync();
    }

    public virtual Task DisposeAsync()
    {
        File.Delete(_path);
        return Task.CompletedTask;
    }
}


/// <summary>The same on a fresh PostgreSQL database of the test cluster (<see cref="PostgreSqlTestServer"/>), dropped after.</summary>
public sealed class PostgreSqlTestDatabase : TestDatabase
{
    private string? _connectionString;

    public override string ConnectionString => _connectionString ?? throw new InvalidOperationException("The database is created in InitializeAsync.");

    public override AppDbContext Context(string? tenantId) =>
        new PostgreSqlAppDbContext(new DbContextOptionsBuilder<PostgreSqlAppDbContext>().UseNpgsql(ConnectionString)
                .UseApplicationServiceProvider(Services).Options,
            new FixedTenant(tenantId));

    public override async Task InitializeAsync()
    {
        _connectionString = await PostgreSqlTestServer.CreateDatabaseAsync();
        await using var db = Context(null);
        await db.Database.MigrateAsync();
    }

    public override async Task DisposeAsync()
    {
        if (_connectionString is not null) await PostgreSqlTestServer.DropDatabaseAsync(_connectionString);
    }
}
