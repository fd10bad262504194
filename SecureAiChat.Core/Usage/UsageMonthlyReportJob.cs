using System.Globalization;
using Hangfire;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Email;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Usage;

/// <summary>
/// The monthly usage report (Hangfire recurring, the 1st at 09:00 Tokyo): each active workspace's Owners and Admins get last
/// month's figures and the chargeback per department (CSV attached), each in their own language; department managers get
/// the same of their own departments. Once per workspace and
/// month: the <see cref="UsageMonthlyReportNotice"/> row (unique) is written before the mails go out; when sending fails the
/// row is removed and Hangfire retries. Workspaces without usage in the month get no mail.
/// </summary>
public sealed partial class UsageMonthlyReportJob(TenantScopeFactory scopes, UsageRollupJob rollups, IEmailSender email, PublicUrls urls,
    IOptions<AnalyticsOptions> options, TimeProvider time, ILogger<UsageMonthlyReportJob> logger)
{
    public const string RecurringJobId = "usage-monthly-report";

    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [60, 600, 3600])]
    [DisableConcurrentExecution(timeoutInSeconds: 1800)]
    [JobDisplayName("Usage: monthly report to Owners, Admins and department managers")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await EachWorkspace.RunAsync(scopes, (tenantId, ct) => SendAsync(tenantId, null, ct), (ex, tenantId) => LogTenantFailed(logger, ex, tenantId),
            "The monthly usage report", cancellationToken);
    }

    /// <summary>
    /// Mails the report of <paramref name="month"/> (its first day; default: last month in the workspace's zone); false when it
    /// was already sent or there was no usage.
    /// </summary>
    public async Task<bool> SendAsync(string tenantId, DateOnly? month = null, CancellationToken cancellationToken = default)
    {
        await using var scope = await scopes.CreateScopeAsync(tenantId, cancellationToken);
        var services = scope.ServiceProvider;
        var tenant = services.GetRequiredService<IMultiTenantContextAccessor<AppTenantInfo>>().MultiTenantContext.TenantInfo!;
        var today = UsageRollupJob.LocalDay(time.GetUtcNow().UtcDateTime, WorkspaceTime.Zone(tenant.TimeZoneId));
        var first = month ?? new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var key = first.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var db = services.GetRequiredService<AppDbContext>();
        if (await db.UsageMonthlyReportNotices.AnyAsync(n => n.Month == key, cancellationToken)) return false;

        // The month's last records may still be above the watermark: bring the rollups up to date first.
        await rollups.RollUpAsync(tenantId, cancellationToken: cancellationToken);
        var analytics = services.GetRequiredService<UsageAnalytics>();
        var range = new AnalyticsRange(first, first.AddMonths(1).AddDays(-1));
        var report = await analytics.GetAsync(range, new AnalyticsFilter(), cancellationToken);
        if (report.Answers == 0) return false;

        var notice = new UsageMonthlyReportNotice { Month = key };
        db.UsageMonthlyReportNotices.Add(notice);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return false; // another run got there first
        }

        try
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            var recipients = (await ActiveUsers.InRoleAsync(users, Roles.Owner)).Concat(await ActiveUsers.InRoleAsync(users, Roles.Admin))
                .DistinctBy(u => u.Id).ToList();
            foreach (var recipient in recipients)
            {
                await MailAsync(recipient, tenant, first, key, report, cancellationToken);
            }

            // Department managers (部門管理者) get the same report of their own departments, when these had usage.
            var managed = (await db.DepartmentManagers.AsNoTracking().Select(m => new { m.UserId, m.DepartmentId }).ToListAsync(cancellationToken))
                .Where(m => recipients.All(r => r.Id != m.UserId)).GroupBy(m => m.UserId);
            foreach (var manager in managed)
            {
                var user = await users.FindByIdAsync(manager.Key);
                if (user is not { IsActive: true, Email.Length: > 0 }) continue;
                var own = await analytics.GetAsync(range, new AnalyticsFilter(), AnalyticsScope.Of(manager.Select(m => m.DepartmentId)), cancellationToken);
                if (own.Answers > 0) await MailAsync(user, tenant, first, key, own, cancellationToken);
            }
        }
        catch
        {
            db.UsageMonthlyReportNotices.Remove(notice);
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }

        LogSent(logger, tenantId, key);
        return true;
    }

    private async Task MailAsync(AppUser recipient, AppTenantInfo tenant, DateOnly first, string key, AnalyticsReport report, CancellationToken cancellationToken)
    {
        var culture = ActiveUsers.CultureOf(recipient);
        var lines = Chargeback.Lines(report.ByDepartment,
            l => EmailTemplates.DepartmentName(l.Label, l.Key == AnalyticsFilter.NoDepartment.ToString(), culture), options.Value.ConsumptionTaxRate);
        await email.SendAsync(EmailTemplates.UsageMonthlyReport(new UsageMonthlyReportEmail(
            recipient.Email!, tenant.Name, first, report.ActiveMembers, report.Answers, report.TotalTokens, report.CostYen,
            lines.Select(l => (l.Department, l.YenExcludingTax)).ToList(), Chargeback.ToCsv(key, lines, shiftJis: false),
            urls.Workspace(tenant.Identifier, "/analytics")), culture), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Monthly usage report failed for tenant {TenantId}")]
    private static partial void LogTenantFailed(ILogger logger, Exception exception, string tenantId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Monthly usage report for {Month} sent for tenant {TenantId}")]
    private static partial void LogSent(ILogger logger, string tenantId, string month);
}
