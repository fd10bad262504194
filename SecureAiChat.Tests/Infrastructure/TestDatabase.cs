using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Tests.Infrastructure;

/// <summary>A real, migrated SQLite file for data-layer tests, with contexts for any tenant (or none).</summary>
public sealed class TestDatabase : IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "sac-tests", $"data-{Guid.NewGuid():N}.db");

    public string ConnectionString => $"Data Source={_path};Pooling=false";

    public AppDbContext Context(string? tenantId) =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite(ConnectionString)
                .UseApplicationServiceProvider(IdentityStoreSchema.DesignTimeServices()).Options,
            new FixedTenant(tenantId));

    public async Task<AppTenantInfo> CreateTenantAsync(string identifier)
    {
        var tenant = new AppTenantInfo { Identifier = identifier, Name = identifier, Status = TenantStatus.Active };
        await using var db = Context(null);
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync();
        return tenant;
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        await using var db = Context(null);
        await db.Database.MigrateAsync();
    }

    public Task DisposeAsync()
    {
        File.Delete(_path);
        return Task.CompletedTask;
    }

    private sealed class FixedTenant(string? tenantId) : ICurrentTenant
    {
        public string? TenantId => tenantId;
    }
}
