using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Data;

public static class DataServiceCollectionExtensions
{
    public const string DefaultConnectionString = "Data Source=App_Data/secureaichat.db";

    /// <summary>
    /// Registers <see cref="AppDbContext"/> for the configured provider. The factory is scoped because the
    /// context needs the scope's tenant; components use the factory (a circuit outlives a unit of work).
    /// </summary>
    public static IServiceCollection AddAppData(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var provider = ConfiguredProvider(configuration);
        var connectionString = configuration.GetConnectionString("Default") ?? DefaultConnectionString;

        if (provider == DatabaseProvider.SqlServer)
        {
            services.AddDbContextFactory<SqlServerAppDbContext>(
                (sp, o) => o.UseSqlServer(connectionString, sql => sql.EnableRetryOnFailure()).AddInterceptors(sp.GetRequiredService<TenantSettingsCommits>()),
                ServiceLifetime.Scoped);
            services.AddScoped<IDbContextFactory<AppDbContext>, UpcastingFactory<SqlServerAppDbContext>>();
        }
        else if (provider == DatabaseProvider.PostgreSql)
        {
            services.AddDbContextFactory<PostgreSqlAppDbContext>(
                (sp, o) => o.UseNpgsql(connectionString, pg => pg.EnableRetryOnFailure()).AddInterceptors(sp.GetRequiredService<TenantSettingsCommits>()),
                ServiceLifetime.Scoped);
            services.AddScoped<IDbContextFactory<AppDbContext>, UpcastingFactory<PostgreSqlAppDbContext>>();
        }
        else
        {
            var sqlite = SqliteConnectionString(connectionString, contentRoot);
            services.AddDbContextFactory<AppDbContext>(
                (sp, o) => o.UseSqlite(sqlite).AddInterceptors(SqliteSynchronousNormal.Instance, sp.GetRequiredService<TenantSettingsCommits>()),
                ServiceLifetime.Scoped);
        }

        services.AddSingleton<TenantSettingsCache>();
        services.AddSingleton<TenantSettingsCommits>();
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        services.AddSingleton(new DatabaseInfo(provider));
        services.AddAuditLog(); // SaveChanges seals audit entries with the chain keys

        return services;
    }

    /// <summary><c>Database:Provider</c>, SQLite when unset.</summary>
    public static DatabaseProvider ConfiguredProvider(IConfiguration configuration) =>
        configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>()?.Provider ?? DatabaseProvider.Sqlite;

    /// <summary>Relative SQLite paths are taken from the content root, and their folder is created.</summary>
    public static string SqliteConnectionString(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource != ":memory:" && !builder.DataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            var path = Path.GetFullPath(builder.DataSource, contentRoot);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.DataSource = path;
        }
        // Many readers with one writer; a busy writer waits instead of failing at once.
        builder.DefaultTimeout = 30;
        builder.Pooling = true;
        return builder.ToString();
    }

    private sealed class UpcastingFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<AppDbContext>
        where TContext : AppDbContext
    {
        public AppDbContext CreateDbContext() => inner.CreateDbContext();
    }
}

/// <summary>Which provider the app runs on (for start-up and health checks).</summary>
public sealed record DatabaseInfo(DatabaseProvider Provider);
