using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Audit;
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
                .UseApplicationServiceProvider(Services).Options,
            new FixedTenant(tenantId));

    // Identity's store options shape the model; the audit chain keys seal audit entries on save.
    private static readonly IServiceProvider Services = new ServiceCollection()
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
