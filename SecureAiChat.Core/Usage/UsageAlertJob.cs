using System.Globalization;
using Hangfire;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Email;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Usage;

/// <summary>
/// Evaluates the alert rules created at provisioning (system-default allowance at 80% and 100%) for every
/// active workspace; runs as a Hangfire recurring job. Each threshold sends its admins one email per month:
/// the <see cref="UsageAlertNotice"/> row (unique per tenant, month and threshold) is written before the mail
/// goes out, so a second run finds it; when the mail fails the row is removed and Hangfire retries.
/// </summary>
public sealed partial class UsageAlertJob(TenantScopeFactory scopes, IEmailSender email, PublicUrls urls, ILogger<UsageAlertJob> logger)
{
    /// <summary>Recurring job id.</summary>
    public const string RecurringJobId = "usage-alerts";

    /// <summary>Every workspace, one after the other (a failure of one does not stop the others).</summary>
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [30, 120, 600])]
    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    [JobDisplayName("Usage alerts (all workspaces)")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await EachWorkspace.RunAsync(scopes, EvaluateAsync, (ex, tenantId) => LogTenantFailed(logger, ex, tenantId), "Usage alerts", cancellationToken);
    }

    /// <summary>Evaluates one workspace's rules; returns the threshold notified now, or null.</summary>
    public async Task<int?> EvaluateAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var scope = await scopes.CreateScopeAsync(tenantId, cancellationToken);
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<AppDbContext>();
        var thresholds = await db.AlertRules.AsNoTracking()
            .Where(r => r.Enabled && r.Kind == AlertRuleKind.SystemAllowanceUsage)
            .Select(r => r.ThresholdPercent).ToListAsync(cancellationToken);
        var status = await services.GetRequiredService<TokenAllowance>().GetSystemDefaultStatusAsync(cancellationToken: cancellationToken);
        var crossed = thresholds.Where(t => status.LimitTokens is > 0 && status.UsedTokens * 100 >= t * status.LimitTokens.Value).Order().ToList();
        if (crossed.Count == 0)
        {
            return null;
        }

        var notified = await db.UsageAlertNotices.AsNoTracking().Where(n => n.Month == status.Month.Key)
            .Select(n => n.ThresholdPercent).ToListAsync(cancellationToken);
        var fresh = crossed.Except(notified).ToList();
        if (fresh.Count == 0)
        {
            return null;
        }

        // Jumping straight past several thresholds sends one mail, for the highest; the lower ones count as told.
        var notices = fresh.Select(t => new UsageAlertNotice
        {
            Month = status.Month.Key, ThresholdPercent = t, UsedTokens = status.UsedTokens, AllowanceTokens = status.LimitTokens!.Value,
        }).ToList();
        db.UsageAlertNotices.AddRange(notices);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return null; // another run got there first
        }

        try
        {
            await SendAsync(services, status, cancellationToken);
        }
        catch
        {
            db.UsageAlertNotices.RemoveRange(notices);
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }

        var highest = fresh[^1];
        LogNotified(logger, tenantId, highest, status.Month.Key);
        return highest;
    }

    private async Task SendAsync(IServiceProvider services, AllowanceStatus status, CancellationToken cancellationToken)
    {
        var tenant = services.GetRequiredService<IMultiTenantContextAccessor<AppTenantInfo>>().MultiTenantContext.TenantInfo!;
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var admins = (await users.GetUsersInRoleAsync(Roles.Owner)).Concat(await users.GetUsersInRoleAsync(Roles.Admin))
            .Where(u => u.IsActive && !string.IsNullOrEmpty(u.Email)).DistinctBy(u => u.Id).ToList();
        var settings = urls.Workspace(tenant.Identifier, "/settings/ai");
        foreach (var admin in admins)
        {
            var culture = CultureInfo.GetCultureInfo(string.IsNullOrEmpty(admin.Culture) ? "ja-JP" : admin.Culture);
            await email.SendAsync(EmailTemplates.UsageAlert(
                new UsageAlertEmail(admin.Email!, tenant.Name, status.UsedTokens, status.LimitTokens!.Value, settings), culture), cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Usage alerts failed for tenant {TenantId}")]
    private static partial void LogTenantFailed(ILogger logger, Exception exception, string tenantId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Usage alert {Threshold}% sent for tenant {TenantId} ({Month})")]
    private static partial void LogNotified(ILogger logger, string tenantId, int threshold, string month);
}
