using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
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
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Hosting;

/// <summary>The app's start schedules every recurring job of the product (the one list in <c>MapJobs()</c>), each on its zone.</summary>
public sealed class RecurringJobsTests(AppHost app) : IClassFixture<AppHost>
{
    [Fact]
    public void Start_schedules_every_recurring_job_once_with_its_class_and_time_zone()
    {
        var tokyo = WorkspaceTime.Tokyo.Id;
        var utc = TimeZoneInfo.Utc.Id;
        var expected = new Dictionary<string, (Type Job, string Zone)>
        {
            [HousekeepingJob.RecurringJobId] = (typeof(HousekeepingJob), utc),
            [AuditDailyJob.RecurringJobId] = (typeof(AuditDailyJob), tokyo),
            [AuditMonthlyHashJob.RecurringJobId] = (typeof(AuditMonthlyHashJob), tokyo),
            [AuditPurgeJob.RecurringJobId] = (typeof(AuditPurgeJob), tokyo),
            [UsageAlertJob.RecurringJobId] = (typeof(UsageAlertJob), utc),
            [UsageRollupJob.RecurringJobId] = (typeof(UsageRollupJob), utc),
            [UsageRollupJob.ReconcileJobId] = (typeof(UsageRollupJob), tokyo),
            [UsageMonthlyReportJob.RecurringJobId] = (typeof(UsageMonthlyReportJob), tokyo),
            [RetentionJob.RecurringJobId] = (typeof(RetentionJob), tokyo),
            [BreakGlassExpiryJob.RecurringJobId] = (typeof(BreakGlassExpiryJob), tokyo),
            [ClosureDeletionJob.RecurringJobId] = (typeof(ClosureDeletionJob), tokyo),
            [PlanChangeJob.RecurringJobId] = (typeof(PlanChangeJob), tokyo),
            [InvoiceJob.RecurringJobId] = (typeof(InvoiceJob), tokyo),
            [WorkspaceAlertJob.RecurringJobId] = (typeof(WorkspaceAlertJob), utc),
            [PlatformAlertJob.RecurringJobId] = (typeof(PlatformAlertJob), utc),
            [TrialJob.RecurringJobId] = (typeof(TrialJob), tokyo),
        };

        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        var scheduled = connection.GetRecurringJobs();
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), scheduled.Select(j => j.Id).Order(StringComparer.Ordinal));
        foreach (var job in scheduled)
        {
            Assert.Equal(expected[job.Id].Job, job.Job.Type);
            Assert.Equal(expected[job.Id].Zone, job.TimeZoneId);
        }
        // The keys a test host sets reach the schedule (the alert checks are parked in tests).
        Assert.Equal("0 0 1 1 *", scheduled.Single(j => j.Id == WorkspaceAlertJob.RecurringJobId).Cron);
        Assert.Equal(HousekeepingJob.Cron, scheduled.Single(j => j.Id == HousekeepingJob.RecurringJobId).Cron);
    }
}
