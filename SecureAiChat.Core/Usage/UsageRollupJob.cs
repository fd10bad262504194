using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Usage;

/// <summary>
/// Aggregates usage records into <see cref="UsageHourlyRollup"/> and <see cref="UsageDailyRollup"/> buckets, workspace by
/// workspace. Each run takes the records created since the workspace's watermark, finds the days (in the workspace's time
/// zone) they fall on, and rebuilds those days' buckets, hourly and daily, from the raw records, advancing the watermark
/// in the same transaction. Rebuilding rather than adding makes runs idempotent: a repeated run writes the same rows, a run
/// killed mid-way rolls back whole, and two runs at once queue on the state row, which each run updates first.
/// </summary>
public sealed partial class UsageRollupJob(
    TenantScopeFactory scopes, TimeProvider time, IOptions<UsagePricingOptions> pricing, ILogger<UsageRollupJob> logger)
{
    public const string RecurringJobId = "usage-rollups";

    public const string ReconcileJobId = "usage-rollups-nightly";

    /// <summary>
    /// Records younger than this are left for the next run: an answer's record is stamped just before its short save, so one
    /// committed a moment late still lands above the watermark. Later stragglers are caught by the nightly reconciliation.
    /// </summary>
    public static readonly TimeSpan SettleDelay = TimeSpan.FromMinutes(2);

    /// <summary>One transaction covers at most this much history, so catching up on a long history is many short runs.</summary>
    private static readonly TimeSpan MaxSpanPerBatch = TimeSpan.FromDays(7);

    /// <summary>Every 5 minutes: the new records of every active workspace.</summary>
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [30, 120, 600])]
    [JobDisplayName("Usage rollups (all workspaces)")]
    public Task RunAsync(CancellationToken cancellationToken) =>
        ForEachTenantAsync((tenantId, ct) => RollUpAsync(tenantId, cancellationToken: ct), cancellationToken);

    /// <summary>Nightly: rebuilds the last two days of every active workspace from raw records (stragglers, price table changes).</summary>
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [60, 600, 1800])]
    [JobDisplayName("Usage rollups reconciliation (all workspaces)")]
    public Task ReconcileAsync(CancellationToken cancellationToken) =>
        ForEachTenantAsync((tenantId, ct) => ReconcileAsync(tenantId, 2, cancellationToken: ct), cancellationToken);

    /// <summary>
    /// Rolls up one workspace's records up to now minus <see cref="SettleDelay"/>; returns the number of new records taken.
    /// <paramref name="beforeCommit"/> runs just before each commit (tests simulate a crash by throwing there).
    /// </summary>
    public async Task<int> RollUpAsync(string tenantId, Func<Task>? beforeCommit = null, CancellationToken cancellationToken = default)
    {
        await using var scope = await scopes.CreateScopeAsync(tenantId, cancellationToken);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var zone = WorkspaceTime.Zone(scope.ServiceProvider.GetRequiredService<IMultiTenantContextAccessor<AppTenantInfo>>().MultiTenantContext.TenantInfo?.TimeZoneId);
        await EnsureStateAsync(db, time.GetUtcNow().UtcDateTime, cancellationToken);
        var cutoff = time.GetUtcNow().UtcDateTime - SettleDelay;
        var taken = 0;
        while (true)
        {
            var (count, caughtUp) = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var watermark = await LockAsync(db, ct);
                if (watermark >= cutoff)
                {
                    if (beforeCommit is not null) await beforeCommit();
                    await transaction.CommitAsync(ct);
                    return (0, true);
                }

                var until = watermark + MaxSpanPerBatch < cutoff ? watermark + MaxSpanPerBatch : cutoff;
                var stamps = await db.UsageRecords.AsNoTracking().Where(u => u.CreatedAt >= watermark && u.CreatedAt < until)
                    .Select(u => u.CreatedAt).ToListAsync(ct);
                await RebuildDaysAsync(db, zone, stamps.Select(s => LocalDay(s, zone)), ct);
                await db.UsageRollupStates.ExecuteUpdateAsync(s => s.SetProperty(x => x.WatermarkUtc, until), ct);
                if (beforeCommit is not null) await beforeCommit();
                await transaction.CommitAsync(ct);
                return (stamps.Count, until >= cutoff);
            }, cancellationToken);
            taken += count;
            if (caughtUp) return taken;
        }
    }

    /// <summary>Rebuilds the last <paramref name="days"/> days (today included, workspace time zone) from raw records.</summary>
    public async Task ReconcileAsync(string tenantId, int days, Func<Task>? beforeCommit = null, CancellationToken cancellationToken = default)
    {
        await using var scope = await scopes.CreateScopeAsync(tenantId, cancellationToken);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var zone = WorkspaceTime.Zone(scope.ServiceProvider.GetRequiredService<IMultiTenantContextAccessor<AppTenantInfo>>().MultiTenantContext.TenantInfo?.TimeZoneId);
        await EnsureStateAsync(db, time.GetUtcNow().UtcDateTime, cancellationToken);
        var today = LocalDay(time.GetUtcNow().UtcDateTime, zone);
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await LockAsync(db, ct);
            await RebuildDaysAsync(db, zone, Enumerable.Range(0, days).Select(d => today.AddDays(-d)), ct);
            if (beforeCommit is not null) await beforeCommit();
            await transaction.CommitAsync(ct);
        }, cancellationToken);
        LogReconciled(logger, tenantId, days);
    }

    /// <summary>The day <paramref name="utc"/> falls on in <paramref name="zone"/>.</summary>
    public static DateOnly LocalDay(DateTime utc, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone));

    /// <summary>The UTC instant <paramref name="day"/> starts in <paramref name="zone"/>.</summary>
    public static DateTime DayStartUtc(DateOnly day, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone);

    private Task ForEachTenantAsync(Func<string, CancellationToken, Task> work, CancellationToken cancellationToken) =>
        EachWorkspace.RunAsync(scopes, work, (ex, tenantId) => LogTenantFailed(logger, ex, tenantId), "Usage rollups", cancellationToken);

    // The state row starts at the workspace's first record, so the first run catches up on the whole history.
    private static async Task EnsureStateAsync(AppDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        if (await db.UsageRollupStates.AnyAsync(cancellationToken)) return;
        var first = await db.UsageRecords.MinAsync(u => (DateTime?)u.CreatedAt, cancellationToken);
        db.UsageRollupStates.Add(new UsageRollupState { WatermarkUtc = first ?? now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A run at the same moment created it (unique per workspace); its row serves.
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    // Writing the state row first takes its lock (SQLite: the write lock of BEGIN IMMEDIATE; SQL Server and PostgreSQL: the
    // row lock) until commit, so a second run waits here and then reads the watermark the first one left.
    private async Task<DateTime> LockAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await db.UsageRollupStates.ExecuteUpdateAsync(s => s.SetProperty(x => x.LastRunUtc, now), cancellationToken);
        return await db.UsageRollupStates.AsNoTracking().Select(s => s.WatermarkUtc).SingleAsync(cancellationToken);
    }

    private async Task RebuildDaysAsync(AppDbContext db, TimeZoneInfo zone, IEnumerable<DateOnly> days, CancellationToken cancellationToken)
    {
        var sorted = days.Distinct().Order().ToList();
        var i = 0;
        while (i < sorted.Count)
        {
            // Consecutive days are rebuilt as one range: one delete and one read per range.
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j].AddDays(1)) j++;
            await RebuildRangeAsync(db, zone, sorted[i], sorted[j], cancellationToken);
            i = j + 1;
        }
    }

    private async Task RebuildRangeAsync(AppDbContext db, TimeZoneInfo zone, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken)
    {
        var start = DayStartUtc(firstDay, zone);
        var end = DayStartUtc(lastDay.AddDays(1), zone);
        // Hours are UTC hours; in a zone with a half-hour offset the range's first and last hour reach outside the days,
        // so the records are read over whole hours and the days take only theirs.
        var hourStart = new DateTime(start.Year, start.Month, start.Day, start.Hour, 0, 0, DateTimeKind.Utc);
        var hourEnd = new DateTime(end.Year, end.Month, end.Day, end.Hour, 0, 0, DateTimeKind.Utc);
        if (hourEnd < end) hourEnd = hourEnd.AddHours(1);

        await db.UsageHourlyRollups.Where(r => r.HourStartUtc >= hourStart && r.HourStartUtc < hourEnd).ExecuteDeleteAsync(cancellationToken);
        await db.UsageDailyRollups.Where(r => r.Day >= firstDay && r.Day <= lastDay).ExecuteDeleteAsync(cancellationToken);
        var records = await db.UsageRecords.AsNoTracking().Where(u => u.CreatedAt >= hourStart && u.CreatedAt < hourEnd)
            .Select(u => new RawUsage(u.CreatedAt, u.UserId, u.DepartmentId, u.Model, u.Provider, u.Source, u.Status, u.InputTokens, u.OutputTokens, u.TimeToFirstTokenMs))
            .ToListAsync(cancellationToken);

        foreach (var bucket in records.GroupBy(r => (Hour: new DateTime(r.At.Year, r.At.Month, r.At.Day, r.At.Hour, 0, 0, DateTimeKind.Utc), Key: r.Key)))
        {
            db.UsageHourlyRollups.Add(Fill(new UsageHourlyRollup { HourStartUtc = bucket.Key.Hour }, bucket.Key.Key, bucket));
        }

        foreach (var bucket in records.Where(r => r.At >= start && r.At < end).GroupBy(r => (Day: LocalDay(r.At, zone), r.Key)))
        {
            db.UsageDailyRollups.Add(Fill(new UsageDailyRollup { Day = bucket.Key.Day }, bucket.Key.Key, bucket));
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    private T Fill<T>(T rollup, RollupKey key, IEnumerable<RawUsage> records) where T : UsageRollupFigures
    {
        rollup.UserId = key.UserId;
        rollup.DepartmentId = key.DepartmentId;
        rollup.Model = key.Model;
        rollup.Provider = key.Provider;
        rollup.Source = key.Source;
        foreach (var record in records)
        {
            rollup.Answers++;
            if (record.Status == MessageStatus.Failed) rollup.Failures++;
            rollup.InputTokens += record.InputTokens;
            rollup.OutputTokens += record.OutputTokens;
            if (record.TimeToFirstTokenMs is { } ttft)
            {
                rollup.TimeToFirstTokenSumMs += ttft;
                rollup.TimeToFirstTokenCount++;
            }
        }

        // The estimate is linear in the tokens, so the bucket's cost equals the sum of its answers' costs.
        // Six decimals: the column's precision on SQL Server and PostgreSQL, so every provider stores the same figure.
        rollup.CostYen = pricing.Value.EstimateYen(key.Model, rollup.InputTokens, rollup.OutputTokens) is { } yen ? Math.Round(yen, 6) : null;
        return rollup;
    }

    private sealed record RawUsage(
        DateTime At, string UserId, Guid? DepartmentId, string Model, Providers.ProviderKind Provider, Settings.AiProviderChoice Source,
        MessageStatus Status, int InputTokens, int OutputTokens, int? TimeToFirstTokenMs)
    {
        public RollupKey Key => new(UserId, DepartmentId, Model, Provider, Source);
    }

    private readonly record struct RollupKey(string UserId, Guid? DepartmentId, string Model, Providers.ProviderKind Provider, Settings.AiProviderChoice Source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Usage rollups failed for tenant {TenantId}")]
    private static partial void LogTenantFailed(ILogger logger, Exception exception, string tenantId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Usage rollups of tenant {TenantId} rebuilt for the last {Days} days")]
    private static partial void LogReconciled(ILogger logger, string tenantId, int days);
}
