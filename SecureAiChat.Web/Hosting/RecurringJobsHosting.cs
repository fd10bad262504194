using Hangfire;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Alerts;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Billing;
using SecureAiChat.Core.DataGovernance;
using SecureAiChat.Core.DataGovernance.BreakGlass;
using SecureAiChat.Core.DataGovernance.Closure;
using SecureAiChat.Core.Operations;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Security;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Core.Usage;

namespace SecureAiChat.Web.Hosting;

/// <summary>
/// Every Hangfire recurring job of the product, in one list: a newcomer sees what runs on a schedule here, and each
/// feature's <c>Add*()</c> only registers its job classes. AddOrUpdate by a fixed id: every instance registering the
/// jobs at start leaves one recurring job each. Crons are configurable where the key is named; times are Asia/Tokyo
/// where a job's moment matters to a person (a report, a deletion, the end of a trial).
/// </summary>
public static class RecurringJobsHosting
{
    public static WebApplication MapJobs(this WebApplication app)
    {
        var jobs = app.Services.GetRequiredService<IRecurringJobManager>();
        var config = app.Configuration;
        var tokyo = new RecurringJobOptions { TimeZone = WorkspaceTime.Tokyo };

        // Hourly: old throttle windows, sessions and answer leases; its run is guarded against overlap.
        jobs.AddOrUpdate<HousekeepingJob>(HousekeepingJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), HousekeepingJob.Cron);

        // Audit: daily verification 02:30, the Owners' monthly closing-hash mail 09:00 on the 1st, retention purge 03:00.
        jobs.AddOrUpdate<AuditDailyJob>(AuditDailyJob.RecurringJobId, job => job.RunAsync(CancellationToken.None),
            Cron(config, "Audit:DailyCron", "30 2 * * *"), tokyo);
        jobs.AddOrUpdate<AuditMonthlyHashJob>(AuditMonthlyHashJob.RecurringJobId, job => job.RunAsync(CancellationToken.None),
            Cron(config, "Audit:MonthlyCron", "0 9 1 * *"), tokyo);
        jobs.AddOrUpdate<AuditPurgeJob>(AuditPurgeJob.RecurringJobId, job => job.RunAsync(CancellationToken.None),
            Cron(config, "Audit:PurgeCron", "0 3 * * *"), tokyo);

        // Usage: the alert check every 10 minutes; rollups every 5 minutes and the nightly rebuild of the last two days
        // (both safe to overlap: runs queue on the workspace's state row); last month's report the 1st at 09:00.
        jobs.AddOrUpdate<UsageAlertJob>(UsageAlertJob.RecurringJobId, job => job.RunAsync(CancellationToken.None),
            Cron(config, "Usage:AlertCron", "*/10 * * * *"));
        jobs.AddOrUpdate<UsageRollupJob>(UsageRollupJob.RecurringJobId, job => job.RunAsync(CancellationToken.None),
            Cron(config, "Usage:RollupCron", "*/5 * * * *"));
        jobs.AddOrUpdate<UsageRollupJob>(UsageRollupJob.ReconcileJobId, job => job.ReconcileAsync(CancellationToken.None),
            Cron(config, "Usage:RollupReconcileCron", "15 3 * * *"), tokyo);
        jobs.AddOrUpdate<UsageMonthlyReportJob>(UsageMonthlyReportJob.RecurringJobId, job => job.RunAsync(CancellationToken.None),
            Cron(config, "Usage:MonthlyReportCron", "0 9 1 * *"), tokyo);

        // Data governance: the retention run (daily, 03:00), the break-glass expiry record (every 15 minutes) and the
        // final deletion of closed workspaces (daily, 03:30).
        jobs.AddOrUpdate<RetentionJob>(RetentionJob.RecurringJobId, job => job.RunAsync(CancellationToken.None),
            Cron(config, "DataGovernance:RetentionCron", new DataGovernanceOptions().RetentionCron), tokyo);
        jobs.AddOrUpdate<BreakGlassExpiryJob>(BreakGlassExpiryJob.RecurringJobId, job => job.RunAsync(CancellationToken.None),
            BreakGlassExpiryJob.Cron, tokyo);
        jobs.AddOrUpdate<ClosureDeletionJob>(ClosureDeletionJob.RecurringJobId, job => job.RunAsync(CancellationToken.None),
            Cron(config, "DataGovernance:ClosureDeletionCron", new ClosureOptions().ClosureDeletionCron), tokyo);

        // Plans: scheduled downgrades applied once their billing period has begun (every 5 minutes, so at most 5 minutes late).
        jobs.AddOrUpdate<PlanChangeJob>(PlanChangeJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), "*/5 * * * *", tokyo);

        // Billing: the monthly invoices (Billing:InvoiceCron, validated with the other billing options at start).
        jobs.AddOrUpdate<InvoiceJob>(InvoiceJob.RecurringJobId, job => job.RunAsync(CancellationToken.None),
            app.Services.GetRequiredService<IOptions<BillingOptions>>().Value.InvoiceCron, tokyo);

        // Alerts: both checks every minute, so an alert opens at most a minute after its condition, and closes as fast.
        jobs.AddOrUpdate<WorkspaceAlertJob>(WorkspaceAlertJob.RecurringJobId, job => job.RunAsync(CancellationToken.None),
            Cron(config, "Alerts:WorkspaceCron", Hangfire.Cron.Minutely()));
        jobs.AddOrUpdate<PlatformAlertJob>(PlatformAlertJob.RecurringJobId, job => job.RunAsync(CancellationToken.None),
            Cron(config, "Alerts:PlatformCron", Hangfire.Cron.Minutely()));

        // Trials: daily (Trials:Cron, default 00:05: trials end at midnight).
        jobs.AddOrUpdate<TrialJob>(TrialJob.RecurringJobId, job => job.RunAsync(CancellationToken.None),
            Cron(config, "Trials:Cron", new TrialOptions().Cron), tokyo);
        return app;
    }

    private static string Cron(IConfiguration configuration, string key, string fallback) =>
        configuration[key] is { Length: > 0 } configured ? configured : fallback;
}
