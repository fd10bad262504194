using System.Globalization;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Email;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Audit;

/// <summary>
/// The Owners' monthly mail (Hangfire recurring, the 1st at 09:00 Tokyo): each active workspace's Owners get the
/// previous month's closing audit hash (the last entry of the month, its sequence and hash), so a copy of the chain's
/// state exists outside the database. Once per workspace and month: the <see cref="AuditMonthlyNotice"/> row (unique)
/// is written before the mail goes out; when sending fails the row is removed and Hangfire retries.
/// A chain that does not verify gets no mail (the daily job reports it): its hash would prove nothing.
/// </summary>
public sealed partial class AuditMonthlyHashJob(TenantScopeFactory scopes, AuditVerifier verifier, IEmailSender email, PublicUrls urls,
    TimeProvider time, ILogger<AuditMonthlyHashJob> logger)
{
    /// <summary>Recurring job id.</summary>
    public const string RecurringJobId = "audit-monthly-hash";

    /// <summary>Mails last month's closing hash to every active workspace's Owners (one failure does not stop the others).</summary>
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [60, 600, 3600])]
    [DisableConcurrentExecution(timeoutInSeconds: 1800)]
    [JobDisplayName("Audit log: monthly closing hash to Owners")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var today = TimeZoneInfo.ConvertTime(time.GetUtcNow(), WorkspaceTime.Tokyo);
        var month = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        await EachWorkspace.RunAsync(scopes, (tenantId, ct) => SendAsync(tenantId, month, ct), (ex, tenantId) => LogTenantFailed(logger, ex, tenantId),
            "The monthly audit hash mail", cancellationToken);
    }

    /// <summary>Mails <paramref name="month"/>'s (its first day) closing hash to the workspace's Owners; false when there was nothing to send.</summary>
    public async Task<bool> SendAsync(string tenantId, DateOnly month, CancellationToken cancellationToken = default)
    {
        var key = month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        await using var scope = await scopes.CreateScopeAsync(tenantId, cancellationToken);
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<AppDbContext>();
        if (await db.AuditMonthlyNotices.AnyAsync(n => n.Month == key, cancellationToken)) return false;

        var chain = AuditChains.ForTenant(tenantId);
        var verified = await verifier.VerifyAsync(db, chain, cancellationToken);
        if (!verified.Intact) return false;
        var closing = await AuditDailyJob.LastEntryBeforeAsync(db, chain, AuditDailyJob.TokyoMidnightUtc(month.AddMonths(1)), verified.LastSequence,
            cancellationToken);
        if (closing is null) return false; // no entries yet

        var notice = new AuditMonthlyNotice { Month = key, Sequence = closing.Value.Sequence, Hash = closing.Value.Hash };
        db.AuditMonthlyNotices.Add(notice);
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
            var tenant = services.GetRequiredService<IMultiTenantContextAccessor<AppTenantInfo>>().MultiTenantContext.TenantInfo!;
            var auditLog = urls.Workspace(tenant.Identifier, "/settings/audit");
            foreach (var owner in await services.GetRequiredService<IAuditRecipients>().OwnersAsync())
            {
                await email.SendAsync(EmailTemplates.AuditMonthlyHash(
                    new AuditMonthlyHashEmail(owner.Email, tenant.Name, month, notice.Sequence, notice.Hash, auditLog), owner.Culture),
                    cancellationToken);
            }
        }
        catch
        {
            db.AuditMonthlyNotices.Remove(notice);
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
        LogSent(logger, tenantId, key, notice.Sequence);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Monthly audit hash mail failed for tenant {TenantId}")]
    private static partial void LogTenantFailed(ILogger logger, Exception exception, string tenantId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Monthly audit hash for {Month} sent for tenant {TenantId} (sequence {Sequence})")]
    private static partial void LogSent(ILogger logger, string tenantId, string month, long sequence);
}
