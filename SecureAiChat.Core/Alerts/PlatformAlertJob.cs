using System.Globalization;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Billing;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Email;
using SecureAiChat.Core.Provisioning;
using SecureAiChat.Core.Telemetry;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Alerts;

/// <summary>
/// Every minute (Hangfire recurring), the operators' alerts: failed provisioning requests, failed Hangfire jobs, workspaces
/// whose answers fail above the default rate (<see cref="AlertSettings.Defaults"/>, whatever the workspace tuned for
/// itself) and unhealthy readiness checks. Same open-once, mail-once, close-once rules as <see cref="WorkspaceAlertJob"/>;
/// mailed to <c>Ops:AlertAddress</c>. Reads counts and statuses only, never chat content.
/// </summary>
public sealed partial class PlatformAlertJob(TenantScopeFactory scopes, IEmailSender email, PublicUrls urls, TimeProvider time,
    IOptions<OpsAlertOptions> options, ILogger<PlatformAlertJob> logger, ProductMetrics? metrics = null, JobStorage? jobs = null,
    HealthCheckService? health = null)
{
    /// <summary>Recurring job id.</summary>
    public const string RecurringJobId = "platform-alerts";

    /// <summary>The tag of the health endpoint's readiness checks (<c>/health/ready</c>).</summary>
    public const string ReadyTag = "ready";

    /// <summary>The tag of readiness checks that describe one instance's own state, not a shared dependency.</summary>
    public const string InstanceTag = "instance";

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 120)]
    [JobDisplayName("Platform alerts")]
    public Task RunAsync(CancellationToken cancellationToken) => EvaluateAsync(cancellationToken);

    /// <summary>Evaluates every platform signal; returns the alerts open after the run.</summary>
    public async Task<IReadOnlyList<PlatformAlert>> EvaluateAsync(CancellationToken cancellationToken = default)
    {
        await using var platform = scopes.CreatePlatformScope();
        var db = platform.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = time.GetUtcNow();
        var firing = new List<PlatformAlert>();
        firing.AddRange(await ProvisioningAsync(db, cancellationToken));
        firing.AddRange(await FailureRatesAsync(db, now, cancellationToken));
        firing.AddRange(await OverdueInvoicesAsync(platform.ServiceProvider, cancellationToken));
        if (FailedJobs() is > 0 and var failed)
        {
            firing.Add(new PlatformAlert { Kind = PlatformAlertKind.JobsFailed, Value = failed });
        }

        if (health is not null)
        {
            // A check about this instance alone (it is shutting down) is not the platform's problem.
            var report = await health.CheckHealthAsync(c => c.Tags.Contains(ReadyTag) && !c.Tags.Contains(InstanceTag), cancellationToken);
            firing.AddRange(report.Entries.Where(e => e.Value.Status == HealthStatus.Unhealthy)
                .Select(e => new PlatformAlert { Kind = PlatformAlertKind.HealthCheckFailing, Subject = e.Key, Detail = e.Value.Status.ToString() }));
        }

        var open = await db.PlatformAlerts.AsNoTracking().Where(a => a.ClosedAt == null).ToListAsync(cancellationToken);
        foreach (var alert in firing.Where(f => open.All(o => Guard(o) != Guard(f))))
        {
            alert.OpenedAt = now.UtcDateTime;
            alert.OpenGuard = Guard(alert);
            if (!await AlertLifecycle.TryOpenAsync(db, alert, cancellationToken)) continue;
            metrics?.AlertOpened("platform", alert.Kind.ToString());
            LogOpened(logger, alert.Kind, alert.Subject);
            try
            {
                await MailAsync(alert, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Not told means not opened: the next minute opens (and mails) it again.
                await db.PlatformAlerts.Where(a => a.Id == alert.Id).ExecuteDeleteAsync(CancellationToken.None);
                throw;
            }
        }

        foreach (var alert in open.Where(o => firing.All(f => Guard(f) != Guard(o))))
        {
            var closed = await db.PlatformAlerts.Where(a => a.Id == alert.Id && a.ClosedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.ClosedAt, now.UtcDateTime).SetProperty(a => a.OpenGuard, alert.Id.ToString()), cancellationToken);
            if (closed == 0) continue;
            alert.ClosedAt = now.UtcDateTime;
            metrics?.AlertClosed("platform", alert.Kind.ToString());
            LogClosed(logger, alert.Kind, alert.Subject);
            try
            {
                await MailAsync(alert, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogMailFailed(logger, ex, alert.Kind);
            }
        }

        var nowOpen = await db.PlatformAlerts.AsNoTracking().Where(a => a.ClosedAt == null).ToListAsync(cancellationToken);
        metrics?.OpenAlertsCounted("platform", Enum.GetValues<PlatformAlertKind>().ToDictionary(k => k.ToString(), k => nowOpen.Count(a => a.Kind == k)));
        return nowOpen;
    }

    private static string Guard(PlatformAlert alert) => alert.Kind + ":" + alert.Subject;

    private static async Task<IEnumerable<PlatformAlert>> ProvisioningAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var failed = await db.ProvisioningRequests.AsNoTracking().Where(r => r.Status == ProvisioningStatus.Failed)
            .Select(r => new { r.Id, r.Identifier }).ToListAsync(cancellationToken);
        return failed.Select(r => new PlatformAlert { Kind = PlatformAlertKind.ProvisioningFailed, Subject = r.Id, Detail = r.Identifier });
    }

    private static async Task<IEnumerable<PlatformAlert>> FailureRatesAsync(AppDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rule = AlertSettings.Defaults;
        var until = now.UtcDateTime;
        var since = until.AddMinutes(-rule.WindowMinutes);
        var byTenant = await db.UsageRecords.IgnoreQueryFilters([TenantFilter.Name]).AsNoTracking()
            .Where(r => r.CreatedAt >= since && r.CreatedAt <= until)
            .GroupBy(r => r.TenantId)
            .Select(g => new { TenantId = g.Key, Answers = g.Count(), Failed = g.Count(r => r.Status == MessageStatus.Failed) })
            .ToListAsync(cancellationToken);
        var over = byTenant.Where(t => t.Answers >= rule.MinimumAnswers && 100.0 * t.Failed / t.Answers >= rule.FailureRatePercent).ToList();
        if (over.Count == 0) return [];
        var ids = over.Select(t => t.TenantId).ToList();
        var identifiers = await db.Tenants.AsNoTracking().Where(t => ids.Contains(t.Id) && t.Status == TenantStatus.Active)
            .ToDictionaryAsync(t => t.Id, t => t.Identifier, cancellationToken);
        return over.Where(t => identifiers.ContainsKey(t.TenantId)).Select(t => new PlatformAlert
        {
            Kind = PlatformAlertKind.WorkspaceFailureRate, Subject = t.TenantId, Detail = identifiers[t.TenantId],
            Value = 100.0 * t.Failed / t.Answers, Threshold = rule.FailureRatePercent,
        });
    }

    private async Task<IEnumerable<PlatformAlert>> OverdueInvoicesAsync(IServiceProvider platform, CancellationToken cancellationToken)
    {
        // On this job's clock, so the overdue days agree with the rest of the run.
        var invoices = ActivatorUtilities.CreateInstance<InvoiceService>(platform, time);
        var overdue = await invoices.OverdueAsync(InvoiceService.AlertOverdueDays, cancellationToken);
        return overdue.Select(w => new PlatformAlert
        {
            Kind = PlatformAlertKind.InvoiceOverdue, Subject = w.TenantId, Detail = w.WorkspaceIdentifier,
            Value = w.DaysOverdue, Threshold = InvoiceService.AlertOverdueDays,
        });
    }

    private long FailedJobs()
    {
        if (jobs is null) return 0;
        try
        {
            return jobs.GetMonitoringApi().FailedCount();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Storage unreachable: the readiness checks (and Hangfire itself) report that; do not fail the other signals.
            LogJobsUnknown(logger, ex);
            return 0;
        }
    }

    private async Task MailAsync(PlatformAlert alert, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.AlertAddress)) return;
        var culture = CultureInfo.GetCultureInfo("ja-JP");
        var text = AlertTexts.For(alert, culture);
        await email.SendAsync(EmailTemplates.Alert(new AlertEmail(options.Value.AlertAddress, "Secure AI Chat", text.Title, text.Advice, AlertLifecycle.Utc(alert.OpenedAt),
            alert.ClosedAt is { } closedAt ? AlertLifecycle.Utc(closedAt) : null, urls.Platform("/ops/alerts")), culture), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Platform alert {Kind} opened ({Subject})")]
    private static partial void LogOpened(ILogger logger, PlatformAlertKind kind, string subject);

    [LoggerMessage(Level = LogLevel.Information, Message = "Platform alert {Kind} closed ({Subject})")]
    private static partial void LogClosed(ILogger logger, PlatformAlertKind kind, string subject);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cleared mail of platform alert {Kind} failed")]
    private static partial void LogMailFailed(ILogger logger, Exception exception, PlatformAlertKind kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hangfire's failed job count could not be read")]
    private static partial void LogJobsUnknown(ILogger logger, Exception exception);
}
