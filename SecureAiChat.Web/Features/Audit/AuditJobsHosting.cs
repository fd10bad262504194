using Hangfire;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Web.Features.Audit;

/// <summary>The audit log's recurring jobs, on Asia/Tokyo time (the product's default zone).</summary>
public static class AuditJobsHosting
{
    public static IHostApplicationBuilder AddAuditJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddTransient<AuditDailyJob>();
        builder.Services.AddTransient<AuditMonthlyHashJob>();
        builder.Services.AddTransient<AuditPurgeJob>();
        return builder;
    }

    /// <summary>
    /// Registers the daily verification (<c>Audit:DailyCron</c>, default 02:30) and the Owners' monthly closing-hash mail
    /// (<c>Audit:MonthlyCron</c>, default 09:00 on the 1st) and the retention purge (<c>Audit:PurgeCron</c>, default 03:00).
    /// </summary>
    public static WebApplication MapAuditJobs(this WebApplication app)
    {
        var jobs = app.Services.GetRequiredService<IRecurringJobManager>();
        var tokyo = new RecurringJobOptions { TimeZone = WorkspaceTime.Tokyo };
        jobs.AddOrUpdate<AuditDailyJob>(AuditDailyJob.RecurringJobId, job => job.RunAsync(CancellationToken.None),
            Cron(app.Configuration, "Audit:DailyCron", "30 2 * * *"), tokyo);
        jobs.AddOrUpdate<AuditMonthlyHashJob>(AuditMonthlyHashJob.RecurringJobId, job => job.RunAsync(CancellationToken.None),
            Cron(app.Configuration, "Audit:MonthlyCron", "0 9 1 * *"), tokyo);
        jobs.AddOrUpdate<AuditPurgeJob>(AuditPurgeJob.RecurringJobId, job => job.RunAsync(CancellationToken.None),
            Cron(app.Configuration, "Audit:PurgeCron", "0 3 * * *"), tokyo);
        return app;
    }

    private static string Cron(IConfiguration configuration, string key, string fallback) =>
        configuration[key] is { Length: > 0 } configured ? configured : fallback;
}
