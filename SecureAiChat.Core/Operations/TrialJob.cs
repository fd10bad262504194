using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Operations;

/// <summary>What one run of the trial job did.</summary>
public sealed record TrialJobRun(int Reminders7, int Reminders2, int Expired);

/// <summary>
/// The daily PoC trial job (Hangfire, just after midnight Asia/Tokyo): reminds the Owners 7 and 2 days before a trial's end
/// and ends the trials whose end has come (read-only, deleted by the closure deletion job after
/// <see cref="TrialOptions.DeleteAfterDays"/> days). Every reminder and every end is claimed with a conditional update of the
/// tenant row before anything is sent, so two runs (two instances, a Hangfire retry) send each reminder once and end each
/// trial once. A reminder whose mail cannot be handed over is not sent again (OwnerMail logs it).
/// </summary>
public sealed partial class TrialJob(TenantScopeFactory scopes, OwnerMail mail, TimeProvider time, IOptions<TrialOptions> options, ILogger<TrialJob> logger)
{
    public const string RecurringJobId = "trials";

    public async Task<TrialJobRun> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        List<AppTenantInfo> running;
        await using (var platform = scopes.CreatePlatformScope())
        {
            var db = platform.ServiceProvider.GetRequiredService<AppDbContext>();
            running = await db.Tenants.AsNoTracking()
                .Where(t => t.Status == TenantStatus.Active && t.TrialEndsAt != null && t.TrialConvertedAt == null && t.Id != PlatformTenant.Id)
                .ToListAsync(cancellationToken);
        }

        int sevens = 0, twos = 0, expired = 0;
        Exception? first = null;
        foreach (var tenant in running)
        {
            try
            {
                var ends = tenant.TrialEndsAt!.Value;
                if (ends <= now)
                {
                    if (await ExpireAsync(tenant, now, cancellationToken)) expired++;
                    continue;
                }
                var left = TrialOperations.DaysLeft(ends, now);
                if (left <= 2 && tenant.TrialReminder2SentAt is null)
                {
                    if (await RemindAsync(tenant, TrialMailKind.Reminder2, now, cancellationToken)) twos++;
                }
                else if (left <= 7 && tenant.TrialReminder7SentAt is null && tenant.TrialReminder2SentAt is null)
                {
                    if (await RemindAsync(tenant, TrialMailKind.Reminder7, now, cancellationToken)) sevens++;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex, tenant.Id);
                first ??= ex;
            }
        }

        if (first is not null) throw new InvalidOperationException("The trial job failed for at least one workspace; see the log.", first);
        return new(sevens, twos, expired);
    }

    private async Task<bool> RemindAsync(AppTenantInfo tenant, TrialMailKind kind, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var platform = scopes.CreatePlatformScope();
        var db = platform.ServiceProvider.GetRequiredService<AppDbContext>();
        var trial = db.Tenants.Where(t => t.Id == tenant.Id && t.Status == TenantStatus.Active && t.TrialConvertedAt == null);
        // The claim is the guard: of two runs only one sees the column still empty.
        var claimed = kind == TrialMailKind.Reminder2
            ? await trial.Where(t => t.TrialReminder2SentAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.TrialReminder2SentAt, now), cancellationToken)
            : await trial.Where(t => t.TrialReminder7SentAt == null && t.TrialReminder2SentAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.TrialReminder7SentAt, now), cancellationToken);
        if (claimed == 0) return false;
        // The 2-day reminder makes a 7-day one that never went out (the job did not run that day) pointless.
        if (kind == TrialMailKind.Reminder2)
            await db.Tenants.Where(t => t.Id == tenant.Id && t.TrialReminder7SentAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.TrialReminder7SentAt, now), cancellationToken);
        var owners = await OwnerMail.OwnersAsync(db, tenant.Id, tenant.DefaultCulture, cancellationToken);
        await mail.SendAsync(owners, o => TrialMail.Build(kind, tenant, o.Email, o.Culture), cancellationToken);
        LogReminded(logger, tenant.Id, kind);
        return true;
    }

    private async Task<bool> ExpireAsync(AppTenantInfo tenant, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var platform = scopes.CreatePlatformScope();
        var db = platform.ServiceProvider.GetRequiredService<AppDbContext>();
        var audit = platform.ServiceProvider.GetRequiredService<IAuditLog>();
        var deletesAt = tenant.TrialEndsAt!.Value.AddDays(options.Value.DeleteAfterDays);
        var done = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // Claimed while still an active, unconverted trial: a conversion or a second run a moment earlier wins.
            var claimed = await db.Tenants.Where(t => t.Id == tenant.Id && t.Status == TenantStatus.Active && t.TrialConvertedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TenantStatus.Closing).SetProperty(t => t.ClosureRequestedAt, now)
                    .SetProperty(t => t.ClosureDeletesAt, deletesAt).SetProperty(t => t.Version, t => t.Version + 1), ct);
            if (claimed == 0) return false;
            // An operator may have extended the trial since it was read: then it is not over, and nothing changes.
            var current = await db.Tenants.AsNoTracking().Where(t => t.Id == tenant.Id).Select(t => t.TrialEndsAt).SingleAsync(ct);
            if (current > now)
            {
                await transaction.RollbackAsync(ct);
                return false;
            }
            audit.Record(db, AuditActions.TrialExpired, new AuditTarget("workspace", tenant.Id, tenant.Identifier), new { endedAt = current, deletesAt });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }, cancellationToken);
        if (!done) return false;

        var expired = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == tenant.Id, cancellationToken);
        platform.ServiceProvider.GetRequiredService<IMultiTenantStore<AppTenantInfo>>().Invalidate(expired);
        var owners = await OwnerMail.OwnersAsync(db, tenant.Id, tenant.DefaultCulture, cancellationToken);
        await mail.SendAsync(owners, o => TrialMail.Build(TrialMailKind.Expired, expired, o.Email, o.Culture), cancellationToken);
        LogExpired(logger, tenant.Id);
        return true;
    }

    [LoggerMessage(LogLevel.Information, "Trial of workspace {TenantId}: reminder {Kind} sent")]
    private static partial void LogReminded(ILogger logger, string tenantId, TrialMailKind kind);

    [LoggerMessage(LogLevel.Information, "Trial of workspace {TenantId} ended: read-only until its deletion")]
    private static partial void LogExpired(ILogger logger, string tenantId);

    [LoggerMessage(LogLevel.Error, "The trial job failed for workspace {TenantId}; the next run tries again")]
    private static partial void LogFailed(ILogger logger, Exception exception, string tenantId);
}
