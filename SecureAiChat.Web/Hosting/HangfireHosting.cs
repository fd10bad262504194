using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.SqlServer;
using Hangfire.Storage.SQLite;
using Microsoft.Data.Sqlite;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Security;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Web.Hosting;

/// <summary>
/// Hangfire: SQLite storage beside the app database by default (its queue polled every second, not
/// Hangfire.Storage.SQLite's 15 s), SQL Server or PostgreSQL storage when Database:Provider says so (ConnectionStrings:Hangfire,
/// else Default), one in-process server, and the dashboard at
/// /ops/hangfire for operators on the platform host only.
/// </summary>
public static class HangfireHosting
{
    public const string DashboardPath = "/ops/hangfire";

    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var contentRoot = builder.Environment.ContentRootPath;
        // Our own storage instance in DI (not JobStorage.Current, a static): every host in a process keeps its own.
        builder.Services.AddSingleton<JobStorage>(sp =>
        {
            // Hangfire logs through a process-wide static. Point it at this host before the storage logs anything,
            // so a second host in the same process (tests, restarts) never writes to a disposed logger factory.
            GlobalConfiguration.Configuration.UseLogProvider(new HostLogProvider(sp.GetRequiredService<ILoggerFactory>()));
            return CreateStorage(configuration, contentRoot);
        });
        // Our own activator too: AddHangfire's default is the process-wide JobActivator.Current, which the last host
        // to configure Hangfire owns. Two hosts starting together (tests, benchmarks) then ran each other's jobs
        // against the wrong database, or against a disposed container.
        builder.Services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        // AddHangfire sets its own ASP.NET Core log provider (throwing once its host is disposed) before this
        // callback runs: replace it with ours every time a host resolves the configuration.
        builder.Services.AddHangfire((sp, config) => config
            .UseLogProvider(new HostLogProvider(sp.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        // Every worker polls the queue on its own, and a poll of the SQLite storage costs real CPU (a profile of an
        // idle app showed Hangfire's polling as its largest consumer). Jobs are few and short (provisioning,
        // alert rules): two workers, the queue polled every second (signup → ready stays fast), the schedule
        // (retries, recurring jobs) every 15 s as Hangfire's default; both configurable.
        var workers = configuration.GetValue("Hangfire:WorkerCount", 2);
        var schedulePolling = TimeSpan.FromSeconds(configuration.GetValue("Hangfire:SchedulePollingSeconds", 15.0));
        if (DataServiceCollectionExtensions.ConfiguredProvider(configuration) == DatabaseProvider.Sqlite)
        {
            // Before the server: hosted services start in order, so a second instance fails before it fetches a job.
            var storagePath = SqlitePath(configuration, contentRoot);
            builder.Services.AddHostedService(sp => new SqliteHangfireServerLock(storagePath, sp.GetRequiredService<ILogger<SqliteHangfireServerLock>>()));
        }
        builder.Services.AddHangfireServer((sp, o) =>
        {
            o.WorkerCount = workers;
            o.SchedulePollingInterval = schedulePolling;
            o.ShutdownTimeout = TimeSpan.FromSeconds(10);
            o.FilterProvider = TelemetryHosting.WithJobFailureMetric(sp.GetRequiredService<SecureAiChat.Core.Telemetry.ProductMetrics>());
        });
        builder.Services.AddTransient<HousekeepingJob>();
        return builder;
    }

    /// <summary>The dashboard, for operators on the root host (a workspace admin never sees other tenants' jobs).</summary>
    public static IEndpointRouteBuilder MapHangfireDashboard(this WebApplication app)
    {
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [new OperatorDashboardAuthorization()],
            AppPath = "/",
            DisplayStorageConnectionString = false,
            DashboardTitle = "Secure AI Chat · Jobs",
        }, app.Services.GetRequiredService<JobStorage>());
        return app;
    }

    /// <summary>Where the SQLite job store lives: <c>Hangfire:SqlitePath</c>, else hangfire.db beside the app database.</summary>
    public static string SqlitePath(IConfiguration configuration, string contentRoot)
    {
        var configured = configuration["Hangfire:SqlitePath"];
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured, contentRoot);
        var app = new SqliteConnectionStringBuilder(DataServiceCollectionExtensions.SqliteConnectionString(
            configuration.GetConnectionString("Default") ?? DataServiceCollectionExtensions.DefaultConnectionString, contentRoot));
        var folder = Path.GetDirectoryName(app.DataSource);
        return Path.Combine(string.IsNullOrEmpty(folder) ? Path.Combine(contentRoot, "App_Data") : folder, "hangfire.db");
    }

    private static JobStorage CreateStorage(IConfiguration configuration, string contentRoot)
    {
        var provider = DataServiceCollectionExtensions.ConfiguredProvider(configuration);
        if (provider != DatabaseProvider.Sqlite)
        {
            var connectionString = configuration.GetConnectionString("Hangfire") ?? configuration.GetConnectionString("Default")
                ?? throw new InvalidOperationException($"ConnectionStrings:Default is required on {provider}.");
            if (provider == DatabaseProvider.PostgreSql)
            {
                // Its own schema "hangfire" (the package's default) keeps the job tables apart from the app's migrations.
                var options = new PostgreSqlStorageOptions
                {
                    PrepareSchemaIfNecessary = true,
                    QueuePollInterval = TimeSpan.FromSeconds(1),
                    InvisibilityTimeout = TimeSpan.FromMinutes(5),
                };
                return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
            }
            return new SqlServerStorage(connectionString, new SqlServerStorageOptions
            {
                PrepareSchemaIfNecessary = true,
                SlidingInvisibilityTimeout = TimeSpan.FromMinutes(5),
                QueuePollInterval = TimeSpan.FromSeconds(1),
                UseRecommendedIsolationLevel = true,
                DisableGlobalLocks = true,
            });
        }

        var path = SqlitePath(configuration, contentRoot);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new SQLiteStorage(path, new SQLiteStorageOptions
        {
            QueuePollInterval = TimeSpan.FromSeconds(1),
            // A job of a process that died is handed to another worker after this long; a graceful stop requeues at once.
            InvisibilityTimeout = TimeSpan.FromMinutes(5),
            DistributedLockLifetime = TimeSpan.FromSeconds(30),
        });
    }

    /// <summary>Hangfire's ASP.NET Core log provider that falls silent instead of throwing once its host is gone.</summary>
    private sealed class HostLogProvider(ILoggerFactory factory) : Hangfire.Logging.ILogProvider
    {
        private readonly Hangfire.AspNetCore.AspNetCoreLogProvider _inner = new(factory);

        public Hangfire.Logging.ILog GetLogger(string name)
        {
            try
            {
                return _inner.GetLogger(name);
            }
            catch (ObjectDisposedException)
            {
                return Silent.Instance;
            }
        }

        private sealed class Silent : Hangfire.Logging.ILog
        {
            public static readonly Silent Instance = new();

            public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
        }
    }

    private sealed class OperatorDashboardAuthorization : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context)
        {
            var http = context.GetHttpContext();
            var tenant = http.RequestServices.GetRequiredService<IMultiTenantContextAccessor<AppTenantInfo>>().MultiTenantContext;
            return tenant.Resolution == TenantResolution.PlatformHost
                && http.User.Identity?.IsAuthenticated == true
                && http.User.IsInRole(Roles.Operator);
        }
    }
}
