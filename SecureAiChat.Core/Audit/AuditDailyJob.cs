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
/// The daily audit job (Hangfire recurring, after midnight in Tokyo): verifies every chain (the platform chain and each
/// workspace's) and, for each intact chain, stores the last sequence and hash of the previous Tokyo day in
/// <see cref="AuditDailyHash"/>; the verifier compares those on every later run, so a truncation that also rewinds the
/// head is caught back to the last stored day. A broken chain is logged as an error and mailed to every platform
/// operator and, for a workspace chain, to that workspace's Owners; no hash is stored for it (storing would bless the
/// tampered state). Safe on several servers: Hangfire runs one instance at a time, and (chain, day) is the primary key.
/// </summary>
public sealed partial class AuditDailyJob(TenantScopeFactory scopes, AuditVerifier verifier, IEmailSender email, TimeProvider time,
    ILogger<AuditDailyJob> logger)
{
    /// <summary>Recurring job id.</summary>
    public const string RecurringJobId = "audit-daily";

    /// <summary>Verifies every chain and keeps yesterday's (Asia/Tokyo) closing hashes.</summary>
    // No automatic retry: a retry would mail the same broken chain again; tomorrow's run covers a failed day's chains.
    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 1800)]
    [JobDisplayName("Audit log: daily verification")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var today = WorkspaceTime.Day(time.GetUtcNow());
        await RunForDayAsync(today.AddDays(-1), cancellationToken);
    }

    /// <summary>Verifies every chain and stores the closing hash of <paramref name="day"/> (a Tokyo day) for each intact one.</summary>
    public async Task<IReadOnlyList<AuditVerification>> RunForDayAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        var dayEnd = TokyoMidnightUtc(day.AddDays(1));
        await using var platform = scopes.CreatePlatformScope();
        var db = platform.ServiceProvider.GetRequiredService<AppDbContext>();
        var tenants = await db.Tenants.AsNoTracking()
            .Select(t => new { t.Id, t.Identifier }).ToDictionaryAsync(t => AuditChains.ForTenant(t.Id), t => t.Identifier, cancellationToken);

        var results = new List<AuditVerification>();
        foreach (var chain in await AuditVerifier.ChainKeysAsync(db, cancellationToken))
        {
            var result = await verifier.VerifyAsync(db, chain, cancellationToken);
            results.Add(result);
            if (result.Intact)
            {
                await StoreAsync(db, chain, day, dayEnd, result.LastSequence, cancellationToken);
                continue;
            }
            var name = chain == AuditChains.Platform ? AuditChains.Platform : tenants.GetValueOrDefault(chain, chain);
            LogBroken(logger, name, result.FirstBrokenSequence!.Value, result.Problem ?? "");
            await NotifyAsync(platform.ServiceProvider, chain, name, result, cancellationToken);
        }
        return results;
    }

    /// <summary>The UTC instant at which <paramref name="day"/> begins in Tokyo.</summary>
    public static DateTime TokyoMidnightUtc(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), WorkspaceTime.Tokyo);

    private async Task StoreAsync(AppDbContext db, string chain, DateOnly day, DateTime dayEnd, long verifiedUpTo, CancellationToken cancellationToken)
    {
        if (await db.AuditDailyHashes.AnyAsync(d => d.ChainKey == chain && d.Day == day, cancellationToken)) return;
        // The day's last entry: the highest sequence recorded before the day ended, among the entries just verified.
        var last = await LastEntryBeforeAsync(db, chain, dayEnd, verifiedUpTo, cancellationToken);
        if (last is null) return; // nothing recorded yet (or everything of that day is already purged)
        db.AuditDailyHashes.Add(new AuditDailyHash
        {
            ChainKey = chain, Day = day, Sequence = last.Value.Sequence, Hash = last.Value.Hash, Intact = true, VerifiedAt = time.GetUtcNow().UtcDateTime,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear(); // another server stored the same day first: its row is as good as ours
        }
    }

    /// <summary>The last entry of <paramref name="chain"/> recorded before <paramref name="before"/> (UTC), at most <paramref name="maxSequence"/>.</summary>
    public static async Task<(long Sequence, string Hash)?> LastEntryBeforeAsync(AppDbContext db, string chain, DateTime before, long maxSequence,
        CancellationToken cancellationToken = default)
    {
        IQueryable<AuditRecord> entries = AuditChains.TenantOf(chain) is { } tenantId
            ? db.AuditEntries.IgnoreQueryFilters([TenantFilter.Name]).Where(e => e.TenantId == tenantId)
            : db.PlatformAuditEntries;
        var last = await entries.AsNoTracking().Where(e => e.OccurredAt < before && e.Sequence <= maxSequence)
            .OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(cancellationToken);
        return last is null ? null : (last.Sequence, last.Hash);
    }

    private async Task NotifyAsync(IServiceProvider platform, string chain, string name, AuditVerification result, CancellationToken cancellationToken)
    {
        var recipients = (await platform.GetRequiredService<IAuditRecipients>().OperatorsAsync()).ToList();
        if (AuditChains.TenantOf(chain) is { } tenantId)
        {
            await using var scope = await scopes.CreateScopeAsync(tenantId, cancellationToken);
            recipients.AddRange(await scope.ServiceProvider.GetRequiredService<IAuditRecipients>().OwnersAsync());
        }
        foreach (var user in recipients)
        {
            try
            {
                await email.SendAsync(EmailTemplates.AuditChainBroken(
                    new AuditChainBrokenEmail(user.Email, name, result.FirstBrokenSequence!.Value, result.Problem ?? ""), user.Culture), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One unreachable mailbox must not keep the others (or the remaining chains) from being told.
                LogMailFailed(logger, ex, name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit chain {Chain} is broken at sequence {Sequence} ({Problem})")]
    private static partial void LogBroken(ILogger logger, string chain, long sequence, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not mail the broken-chain alert for {Chain}")]
    private static partial void LogMailFailed(ILogger logger, Exception exception, string chain);
}
