using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Data;

// Used by `dotnet ef` only: each provider's migrations are generated from its own context type.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite("Data Source=design.db").UseApplicationServiceProvider(IdentityStoreSchema.DesignTimeServices()).Options, NoTenant.Instance);
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerAppDbContext>
{
    public SqlServerAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerAppDbContext>().UseSqlServer("Server=.;Database=SecureAiChat;Integrated Security=true;TrustServerCertificate=true")
                .UseApplicationServiceProvider(IdentityStoreSchema.DesignTimeServices()).Options,
            NoTenant.Instance);
}

// The connection string is never opened to generate a migration (only `dotnet ef database update` would use it).
internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlAppDbContext>
{
    public PostgreSqlAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlAppDbContext>().UseNpgsql("Host=localhost;Database=secureaichat;Username=secureaichat")
                .UseApplicationServiceProvider(IdentityStoreSchema.DesignTimeServices()).Options,
            NoTenant.Instance);
}

/// <summary>No tenant: what maintenance code (migrations, design time) runs as. Sees no tenant rows.</summary>
public sealed class NoTenant : ICurrentTenant
{
    public static readonly NoTenant Instance = new();

    public string? TenantId => null;
}
