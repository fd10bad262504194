using Hangfire;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Usage;

/// <summary>
/// Aggregates usage records into <see cref="UsageHourlyRollup"/> and <see cref="UsageDailyRollup"/> buckets, workspace by
/// workspace. Each run takes the records created since the workspace's watermark, finds the local days (in the workspace's
/// time zone) from the first new record's to the last one's, and rebuilds those days' buckets and the new records' UTC hours
/// from the raw records in one pass (<see cref="UsageRollupPass"/>: one read, hash tables, prepared inserts), advancing the
/// watermark in the same transaction. Rebuilding rather than adding makes runs idempotent: a repeated run writes the same
/// rows, a run killed mid-way rolls back whole, and two runs at once queue on the state row, which each run updates first.
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

    /// <summary>
    /// One transaction covers at most this much history and (see <see cref="MaxRecordsPerBatch"/>) about this many records, so
    /// catching up on a long history is many short transactions. The span is long because each batch rebuilds its two edge
    /// days again in the next one (7-day batches rebuilt ~14% of the days twice); the record cap keeps a busy workspace's
    /// transaction, which holds SQLite's write lock, short.
    /// </summary>
    private static readonly TimeSpan MaxSpanPerBatch = TimeSpan.FromDays(62);

    /// <summary>
    /// Workspaces rolled up at once. SQLite has a single writer, so at any moment one run writes while the others read and
    /// sum their next batch or wait for the checkpoint of their last commit, which SQLite runs after the write lock is
    /// released: two workers left the second core idle a third of the time, three filled it (figure 11a: 63 s with two,
    /// 54 s with three, for 10,000,000 records on 2 cores). On a server database the runs write side by side.
    /// </summary>
    private const int Workers = 3;

    /// <summary>About how many records one catch-up transaction takes (see <see cref="MaxSpanPerBatch"/>); tests make it small.</summary>
    internal int MaxRecordsPerBatch { get; init; } = 20_000;

    /// <summary>Every 5 minutes: the new records of every active workspace.</summary>
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [30, 120, 600])]
    [JobDisplayName("Usage rollups (all workspaces)")]
    public Task RunAsync(CancellationToken cancellationToken) =>
        ForEachTenantAsync((tenantId, ct) => RollUpAsync(tenantId, cancellationToken: ct), cancellationToken, Workers);

    /// <summary>Nightly: rebuilds the last two days of every active workspace from raw records (stragglers, price table changes).</summary>
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [60, 600, 1800])]
    [JobDisplayName("Usage rollups reconciliation (all workspaces)")]
    public Task ReconcileAsync(CancellationToken cancellationToken) =>
        ForEachTenantAsync((tenantId, ct) => ReconcileAsync(tenantId, 2, cancellationToken: ct), cancellationToken);

    /// <summary>
    /// Rolls up one workspace's records up to now minus <see cref="SettleDelay"/>; returns the number of new records taken.
    /// <paramref name="beforeCommit"/> runs just before each commit, or before returning when there was nothing new (tests
    /// simulate a crash by throwing there).
    /// </summary>
    public async Task<int> RollUpAsync(string tenantId, Func<Task>? beforeCommit = null, CancellationToken cancellationToken = default)
    {
        await using var scope = await scopes.CreateScopeAsync(tenantId, cancellationToken);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tenant = scope.ServiceProvider.GetRequiredService<IMultiTenantContextAccessor<AppTenantInfo>>().MultiTenantContext.TenantInfo
            ?? throw new InvalidOperationException($"No workspace {tenantId}.");
        var zone = WorkspaceTime.Zone(tenant.TimeZoneId);
        await EnsureStateAsync(db, time.GetUtcNow().UtcDateTime, cancellationToken);
        var cutoff = time.GetUtcNow().UtcDateTime - SettleDelay;

        // Nothing new since the watermark: one indexed probe, no transaction and no write lock (the 5-minute run passes most
        // workspaces this way). The watermark stays where it is, which is still true: every record below it is rolled up.
        var seen = await db.UsageRollupStates.AsNoTracking().Select(s => s.WatermarkUtc).SingleAsync(cancellationToken);
        if (!await db.UsageRecords.AnyAsync(u => u.CreatedAt >= seen && u.CreatedAt < cutoff, cancellationToken))
        {
            if (beforeCommit is not null) await beforeCommit();
            return 0;
        }

        // The pass reads outside the transactions (below), through statements of this connection: it stays open for the run.
        await db.Database.OpenConnectionAsync(cancellationToken);
        var tuning = db.Database.GetDbConnection() is SqliteConnection sqlite ? SqliteRollupStatements.TuneForTheRun(sqlite) : null;
        try
        {
            var pass = new UsageRollupPass(db, pricing.Value);
            var taken = 0L;
            while (true)
            {
                var (count, caughtUp) = await RollUpBatchAsync(db, pass, tenant.Id, zone, cutoff, beforeCommit, cancellationToken);
                taken += count ?? 0;
                if (caughtUp) return (int)taken;
            }
        }
        finally
        {
            tuning?.Dispose();
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// One batch: the records from the watermark are read and summed without the write lock, so another workspace's run can
    /// write meanwhile (the job runs <see cref="Workers"/> workspaces at once, and SQLite has one writer); then, under the
    /// lock, the rows are replaced and the watermark advanced, unless another run of this workspace moved the watermark since
    /// the read (then nothing is written and the batch is read again: a null count). A record committed between the read
    /// and the lock below the batch's end is a straggler like one committed after the batch: the nightly reconciliation
    /// rebuilds its day.
    /// </summary>
    private async Task<(long? Count, bool CaughtUp)> RollUpBatchAsync(
        AppDbContext db, UsageRollupPass pass, string tenantId, TimeZoneInfo zone, DateTime cutoff, Func<Task>? beforeCommit, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var watermark = await db.UsageRollupStates.AsNoTracking().Select(s => s.WatermarkUtc).SingleAsync(cancellationToken);
        var until = watermark;
        var read = false;
        var records = 0L;
        if (watermark < cutoff)
        {
            until = await BatchEndAsync(db, watermark, watermark + MaxSpanPerBatch < cutoff ? watermark + MaxSpanPerBatch : cutoff, cancellationToken);
            // Only what the new records touch is rebuilt: the local days from the first new record's to the last one's
            // (two index probes) and the UTC hours from the first one's to the last one's.
            var batch = db.UsageRecords.Where(u => u.CreatedAt >= watermark && u.CreatedAt < until);
            if (await batch.MinAsync(u => (DateTime?)u.CreatedAt, cancellationToken) is { } from
                && await batch.MaxAsync(u => (DateTime?)u.CreatedAt, cancellationToken) is { } to)
            {
                records = await pass.ReadAsync(tenantId, zone, LocalDay(from, zone), LocalDay(to, zone), HourOf(from), HourOf(to).AddHours(1), watermark, until, cancellationToken);
                read = true;
            }
        }

        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var locked = await LockAsync(db, ct);
            if (locked != watermark)
            {
                await transaction.RollbackAsync(ct);
                return ((long?)null, false);
            }

            if (watermark >= cutoff)
            {
                if (beforeCommit is not null) await beforeCommit();
                await transaction.CommitAsync(ct);
                return (0L, true);
            }

            if (read) await pass.WriteAsync(ct);
            await db.UsageRollupStates.ExecuteUpdateAsync(s => s.SetProperty(x => x.WatermarkUtc, until), ct);
            if (beforeCommit is not null) await beforeCommit();
            await transaction.CommitAsync(ct);
            return (records, until >= cutoff);
        }, cancellationToken);
    }

    /// <summary>Rebuilds the last <paramref name="days"/> days (today included, workspace time zone) from raw records.</summary>
    public async Task ReconcileAsync(string tenantId, int days, Func<Task>? beforeCommit = null, CancellationToken cancellationToken = default)
    {
        await using var scope = await scopes.CreateScopeAsync(tenantId, cancellationToken);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tenant = scope.ServiceProvider.GetRequiredService<IMultiTenantContextAccessor<AppTenantInfo>>().MultiTenantContext.TenantInfo
            ?? throw new InvalidOperationException($"No workspace {tenantId}.");
        var zone = WorkspaceTime.Zone(tenant.TimeZoneId);
        await EnsureStateAsync(db, time.GetUtcNow().UtcDateTime, cancellationToken);
        var today = LocalDay(time.GetUtcNow().UtcDateTime, zone);
        var pass = new UsageRollupPass(db, pricing.Value);
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await LockAsync(db, ct);
            await pass.RebuildAsync(tenant.Id, zone, today.AddDays(1 - days), today, null, null, ct);
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

    private Task ForEachTenantAsync(Func<string, CancellationToken, Task> work, CancellationToken cancellationToken, int workers = 1) =>
        EachWorkspace.RunAsync(scopes, work, (ex, tenantId) => LogTenantFailed(logger, ex, tenantId), "Usage rollups", cancellationToken, workers);

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
        await db.UsageRollupStates.ExecuteUpdateAsync(s => s.SetProperty(x => x.LastRunUtc, now).SetProperty(x => x.Version, x => x.Version + 1), cancellationToken);
        return await db.UsageRollupStates.AsNoTracking().Select(s => s.WatermarkUtc).SingleAsync(cancellationToken);
    }

    // A catch-up ends its batch at the hour of its MaxRecordsPerBatch-th record (one index-only read of that many entries), so
    // the batch is about that many records, never less than one hour. The 5-minute run (less than an hour behind) skips it.
    private async Task<DateTime> BatchEndAsync(AppDbContext db, DateTime watermark, DateTime until, CancellationToken cancellationToken)
    {
        if (until - watermark <= TimeSpan.FromHours(1)) return until;
        var last = await db.UsageRecords.Where(u => u.CreatedAt >= watermark && u.CreatedAt < until).OrderBy(u => u.CreatedAt)
            .Skip(MaxRecordsPerBatch).Select(u => (DateTime?)u.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (last is not { } at) return until;
        var end = HourOf(DateTime.SpecifyKind(at, DateTimeKind.Utc));
        if (end <= watermark) end = end.AddHours(1);
        return end < until ? end : until;
    }

    /// <summary>The start of the UTC hour of <paramref name="utc"/>.</summary>
    internal static DateTime HourOf(DateTime utc) => new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Usage rollups failed for tenant {TenantId}")]
    private static partial void LogTenantFailed(ILogger logger, Exception exception, string tenantId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Usage rollups of tenant {TenantId} rebuilt for the last {Days} days")]
    private static partial void LogReconciled(ILogger logger, string tenantId, int days);
}
