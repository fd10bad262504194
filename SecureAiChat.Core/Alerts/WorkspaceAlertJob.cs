using Hangfire;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Budgets;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Email;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Providers;
using SecureAiChat.Core.Telemetry;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Core.Usage;

namespace SecureAiChat.Core.Alerts;

/// <summary>
/// Every minute (Hangfire recurring), evaluates each active workspace's alert rules (<see cref="AlertSettings"/>) and
/// opens or closes its <see cref="WorkspaceAlert"/>s. An alert opens once (the unique open guard lets one insert win
/// across instances and runs), is mailed once to the workspace's Owners and Admins in their language, and closes by
/// itself when its condition clears, mailed once again (the close is a conditional update only one run can make).
/// Allowance and budget alerts are opened for the banner and the lists but not mailed here: the usage alert job and the
/// budget alert job already mail each threshold once per period, and a second mail for the same thing would be noise.
/// </summary>
public sealed partial class WorkspaceAlertJob(TenantScopeFactory scopes, IEmailSender email, PublicUrls urls, TimeProvider time,
    ILogger<WorkspaceAlertJob> logger, ProductMetrics? metrics = null)
{
    /// <summary>Recurring job id.</summary>
    public const string RecurringJobId = "workspace-alerts";

    /// <summary>How many of the newest answers must all have failed with a rejected key.</summary>
    public const int KeyRejectedAnswers = 3;

    /// <summary>The answers looked at for a rejected key are at most this old (an old failure says nothing about the key now).</summary>
    public static readonly TimeSpan KeyRejectedLookBack = TimeSpan.FromHours(24);

    // No automatic retry: the next minute's run evaluates everything again.
    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 120)]
    [JobDisplayName("Workspace alerts (all workspaces)")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await EachWorkspace.RunAsync(scopes, (tenantId, ct) => EvaluateAsync(tenantId, ct), (ex, tenantId) => LogTenantFailed(logger, ex, tenantId),
                "Workspace alerts", cancellationToken);
        }
        finally
        {
            await CountOpenAsync(cancellationToken);
        }
    }

    /// <summary>Evaluates one workspace; returns the alerts open after the run.</summary>
    public async Task<IReadOnlyList<WorkspaceAlert>> EvaluateAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var scope = await scopes.CreateScopeAsync(tenantId, cancellationToken);
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<AppDbContext>();
        var now = time.GetUtcNow();
        var settings = await AlertSettings.ReadAsync(db, cancellationToken);
        var firing = await MeasureAsync(services, db, settings, now, cancellationToken);
        var open = await db.WorkspaceAlerts.AsNoTracking().Where(a => a.ClosedAt == null).ToListAsync(cancellationToken);

        foreach (var alert in firing.Where(f => open.All(o => o.Kind != f.Kind)))
        {
            alert.OpenedAt = now.UtcDateTime;
            alert.OpenGuard = alert.Kind.ToString();
            if (!await AlertLifecycle.TryOpenAsync(db, alert, cancellationToken)) continue;
            metrics?.AlertOpened("workspace", alert.Kind.ToString());
            LogOpened(logger, tenantId, alert.Kind);
            if (!IsMailedHere(alert.Kind)) continue;
            try
            {
                await MailAsync(services, alert, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Not told means not opened: the next minute opens (and mails) it again.
                await db.WorkspaceAlerts.Where(a => a.Id == alert.Id).ExecuteDeleteAsync(CancellationToken.None);
                throw;
            }
        }

        foreach (var alert in open.Where(o => firing.All(f => f.Kind != o.Kind)))
        {
            var closed = await db.WorkspaceAlerts.Where(a => a.Id == alert.Id && a.ClosedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.ClosedAt, now.UtcDateTime).SetProperty(a => a.OpenGuard, alert.Id.ToString()), cancellationToken);
            if (closed == 0) continue; // another run closed it (and mails it)
            alert.ClosedAt = now.UtcDateTime;
            metrics?.AlertClosed("workspace", alert.Kind.ToString());
            LogClosed(logger, tenantId, alert.Kind);
            if (!IsMailedHere(alert.Kind)) continue;
            try
            {
                await MailAsync(services, alert, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The alert stays closed: the cleared-mail is a courtesy, not worth reopening the alert for.
                LogMailFailed(logger, ex, tenantId, alert.Kind);
            }
        }

        return await db.WorkspaceAlerts.AsNoTracking().Where(a => a.ClosedAt == null).ToListAsync(cancellationToken);
    }

    /// <summary>The alerts whose condition holds now (not yet stored; the caller opens the new ones).</summary>
    private static async Task<List<WorkspaceAlert>> MeasureAsync(IServiceProvider services, AppDbContext db, AlertSettings settings, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var firing = new List<WorkspaceAlert>();
        var nowUtc = now.UtcDateTime;
        if (settings.FailureRateEnabled || settings.SlowFirstTokenEnabled)
        {
            var since = nowUtc.AddMinutes(-settings.WindowMinutes);
            var answers = await db.UsageRecords.AsNoTracking().Where(r => r.CreatedAt >= since && r.CreatedAt <= nowUtc)
                .Select(r => new { r.Status, r.TimeToFirstTokenMs }).ToListAsync(cancellationToken);
            var window = settings.WindowMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (settings.FailureRateEnabled && answers.Count >= settings.MinimumAnswers)
            {
                var rate = 100.0 * answers.Count(a => a.Status == MessageStatus.Failed) / answers.Count;
                if (rate >= settings.FailureRatePercent)
                {
                    firing.Add(new WorkspaceAlert { Kind = WorkspaceAlertKind.FailureRate, Value = rate, Threshold = settings.FailureRatePercent, Detail = window });
                }
            }

            var firstTokens = answers.Where(a => a.TimeToFirstTokenMs is not null).Select(a => a.TimeToFirstTokenMs!.Value).ToList();
            if (settings.SlowFirstTokenEnabled && firstTokens.Count >= settings.MinimumAnswers)
            {
                var p95 = AlertLifecycle.P95(firstTokens) / 1000.0;
                if (p95 > settings.FirstTokenP95Seconds)
                {
                    firing.Add(new WorkspaceAlert { Kind = WorkspaceAlertKind.SlowFirstToken, Value = p95, Threshold = settings.FirstTokenP95Seconds, Detail = window });
                }
            }
        }

        if (settings.KeyRejectedEnabled)
        {
            var since = nowUtc - KeyRejectedLookBack;
            var newest = await db.ChatMessages.AsNoTracking()
                .Where(m => m.Role == MessageRole.Assistant && m.Status != MessageStatus.Stopped && m.CreatedAt >= since && m.CreatedAt <= nowUtc)
                .OrderByDescending(m => m.CreatedAt).Take(KeyRejectedAnswers).Select(m => new { m.Status, m.Failure }).ToListAsync(cancellationToken);
            if (newest.Count == KeyRejectedAnswers && newest.All(m => m.Status == MessageStatus.Failed && m.Failure?.Kind == AnswerFailure.KeyRejected))
            {
                var provider = await db.WorkspaceSettings.AsNoTracking().Select(s => (Settings.AiProviderChoice?)s.AiProvider).FirstOrDefaultAsync(cancellationToken);
                firing.Add(new WorkspaceAlert
                {
                    Kind = WorkspaceAlertKind.KeyRejected, Value = newest.Count, Threshold = KeyRejectedAnswers,
                    Detail = (provider ?? Settings.AiProviderChoice.SystemDefault).ToString(),
                });
            }
        }

        if (settings.AllowanceEnabled)
        {
            var thresholds = await db.AlertRules.AsNoTracking().Where(r => r.Enabled && r.Kind == AlertRuleKind.SystemAllowanceUsage)
                .Select(r => r.ThresholdPercent).ToListAsync(cancellationToken);
            var status = await services.GetRequiredService<TokenAllowance>().GetSystemDefaultStatusAsync(cancellationToken: cancellationToken);
            if (thresholds.Count > 0 && status.LimitTokens is > 0 && status.Percent >= thresholds.Min())
            {
                firing.Add(new WorkspaceAlert { Kind = WorkspaceAlertKind.Allowance, Value = status.Percent, Threshold = thresholds.Where(t => t <= status.Percent).Max() });
            }
        }

        if (settings.BudgetEnabled && await BudgetThresholdAsync(services, db, now, cancellationToken) is { } reached)
        {
            firing.Add(new WorkspaceAlert { Kind = WorkspaceAlertKind.Budget, Value = reached, Threshold = BudgetAlertFloor });
        }

        return firing;
    }

    /// <summary>Budget alerts below this share (the 50% notice) inform; they do not open an alert.</summary>
    private const int BudgetAlertFloor = 80;

    /// <summary>The highest threshold (80 or 100) a budget's alert job recorded in the budget's current period; null: none.</summary>
    private static async Task<int?> BudgetThresholdAsync(IServiceProvider services, AppDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var recorded = await db.BudgetAlerts.AsNoTracking().Where(a => a.Threshold >= BudgetAlertFloor)
            .Select(a => new { a.BudgetId, a.PeriodKey, a.Threshold }).ToListAsync(cancellationToken);
        if (recorded.Count == 0) return null;
        var ids = recorded.Select(a => a.BudgetId).Distinct().ToList();
        var budgets = await db.Budgets.AsNoTracking().Where(b => ids.Contains(b.Id)).ToListAsync(cancellationToken);
        var timeZone = services.GetRequiredService<IMultiTenantContextAccessor<AppTenantInfo>>().MultiTenantContext.TenantInfo!.TimeZoneId;
        var current = budgets.ToDictionary(b => b.Id, b => BudgetWindow.For(b, now, timeZone).Key);
        var reached = recorded.Where(a => current.TryGetValue(a.BudgetId, out var key) && key == a.PeriodKey).Select(a => (int?)a.Threshold);
        return reached.Max();
    }

    private static bool IsMailedHere(WorkspaceAlertKind kind) => kind is not (WorkspaceAlertKind.Allowance or WorkspaceAlertKind.Budget);

    private async Task MailAsync(IServiceProvider services, WorkspaceAlert alert, CancellationToken cancellationToken)
    {
        var tenant = services.GetRequiredService<IMultiTenantContextAccessor<AppTenantInfo>>().MultiTenantContext.TenantInfo!;
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var admins = (await ActiveUsers.InRoleAsync(users, Roles.Owner)).Concat(await ActiveUsers.InRoleAsync(users, Roles.Admin))
            .DistinctBy(u => u.Id);
        foreach (var admin in admins)
        {
            var culture = ActiveUsers.CultureOf(admin);
            var text = AlertTexts.For(alert, culture);
            await email.SendAsync(EmailTemplates.Alert(new AlertEmail(admin.Email!, tenant.Name, text.Title, text.Advice, AlertLifecycle.Utc(alert.OpenedAt), alert.ClosedAt is { } closedAt ? AlertLifecycle.Utc(closedAt) : null,
                urls.Workspace(tenant.Identifier, text.ActionPath)), culture), cancellationToken);
        }
    }

    private async Task CountOpenAsync(CancellationToken cancellationToken)
    {
        if (metrics is null) return;
        await using var platform = scopes.CreatePlatformScope();
        var db = platform.ServiceProvider.GetRequiredService<AppDbContext>();
        var counts = await db.WorkspaceAlerts.IgnoreQueryFilters([TenantFilter.Name]).AsNoTracking().Where(a => a.ClosedAt == null)
            .GroupBy(a => a.Kind).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        metrics.OpenAlertsCounted("workspace", Enum.GetValues<WorkspaceAlertKind>()
            .ToDictionary(k => k.ToString(), k => counts.FirstOrDefault(c => c.Key == k)?.Count ?? 0));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workspace alerts failed for tenant {TenantId}")]
    private static partial void LogTenantFailed(ILogger logger, Exception exception, string tenantId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {Kind} opened for tenant {TenantId}")]
    private static partial void LogOpened(ILogger logger, string tenantId, WorkspaceAlertKind kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {Kind} closed for tenant {TenantId}")]
    private static partial void LogClosed(ILogger logger, string tenantId, WorkspaceAlertKind kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cleared mail of alert {Kind} for tenant {TenantId} failed")]
    private static partial void LogMailFailed(ILogger logger, Exception exception, string tenantId, WorkspaceAlertKind kind);
}
