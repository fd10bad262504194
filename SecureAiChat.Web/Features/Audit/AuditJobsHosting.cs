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
        return builder;
    }

    /// <summary>Registers the daily verification (<c>Audit:DailyCron</c>, default 02:30).</summary>
    public static WebApplication MapAuditJobs(this WebApplication app)
    {
        var jobs = app.Services.GetRequiredService<IRecurringJobManager>();
        var tokyo = new RecurringJobOptions { TimeZone = WorkspaceTime.Tokyo };
        jobs.AddOrUpdate<AuditDailyJob>(AuditDailyJob.RecurringJobId, job => job.RunAsync(CancellationToken.None),
            Cron(app.Configuration, "Audit:DailyCron", "30 2 * * *"), tokyo);
        return app;
    }

    private static string Cron(IConfiguration configuration, string key, string fallback) =>
        configuration[key] is { Length: > 0 } configured ? configured : fallback;
}
