using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Security;

/// <summary>
/// Hourly Hangfire job that deletes rows nobody reads again: throttle windows older than a day (longer than any
/// throttle window), sessions ended or expired more than a day ago, and answer leases, token reservations, budget reservations and data exports past their expiry. Deletes
/// run in batches so no statement holds a large lock, and each batch is a plain conditional delete: running the
/// job twice, or on several servers at once, deletes each row once and never fails on a row already gone.
/// </summary>
public sealed partial class HousekeepingJob(TenantScopeFactory scopes, ILogger<HousekeepingJob> logger, TimeProvider? time = null)
{
    public const string RecurringJobId = "housekeeping";
    public const string Cron = "17 * * * *";
    public const int BatchSize = 500;

    /// <summary>How long an ended or expired session, or an old throttle window, is kept (investigations of the last day).</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    [AutomaticRetry(Attempts = 2, DelaysInSeconds = [60, 300])]
    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    [JobDisplayName("Housekeeping (throttle windows, sessions, answer leases, token and budget reservations, data exports)")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        await using var platform = scopes.CreatePlatformScope();
        var db = platform.ServiceProvider.GetRequiredService<AppDbContext>();
        var windows = await DeleteThrottleWindowsAsync(db, (now - Retention).ToUnixTimeSeconds(), cancellationToken);
        var sessions = await DeleteSessionsAsync(db, now - Retention, cancellationToken);
        var leases = await DeleteExpiredAsync(db.ActiveAnswers, now.UtcDateTime, cancellationToken);
        var reservations = await DeleteExpiredAsync(db.TokenReservations, now.UtcDateTime, cancellationToken);
        // Budget holds give their amount back to their ledger's running total as they go, so not a plain delete.
        var budgetHolds = await Budgets.BudgetGate.SweepExpiredAsync(db, now.UtcDateTime, BatchSize, cancellationToken);
        // Data exports past their link's end (used or not), and builds that never ended; their chunks go by cascade.
        var exports = await DeleteExpiredAsync(db.DataExports, now.UtcDateTime, cancellationToken);
        LogDone(logger, windows, sessions, leases, reservations, budgetHolds, exports);
    }

    private static async Task<int> DeleteThrottleWindowsAsync(AppDbContext db, long before, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var keys = await db.ThrottleWindows.Where(w => w.WindowStart < before).OrderBy(w => w.Key).Select(w => w.Key).Take(BatchSize).ToListAsync(cancellationToken);
            if (keys.Count == 0) return total;
            // The condition is repeated: a window reused by a new attempt meanwhile is kept.
            total += await db.ThrottleWindows.Where(w => keys.Contains(w.Key) && w.WindowStart < before).ExecuteDeleteAsync(cancellationToken);
            if (keys.Count < BatchSize) return total;
        }
    }

    /// <summary>
    /// SQLite cannot compare DateTimeOffset in SQL, so sessions are read page by page (id order, id, end and
    /// expiry only) and the stale ones deleted by id.
    /// </summary>
    private static async Task<int> DeleteSessionsAsync(AppDbContext db, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var total = 0;
        var after = "";
        while (true)
        {
            var page = await db.UserSessions.IgnoreQueryFilters([TenantFilter.Name]).AsNoTracking()
                .Where(s => string.Compare(s.Id, after) > 0).OrderBy(s => s.Id).Take(BatchSize)
                .Select(s => new { s.Id, s.ExpiresAt, s.EndedAt })
                .ToListAsync(cancellationToken);
            if (page.Count == 0) return total;
            var stale = page.Where(s => (s.EndedAt is { } ended && ended < before) || s.ExpiresAt < before).Select(s => s.Id).ToList();
            if (stale.Count > 0)
                total += await db.UserSessions.IgnoreQueryFilters([TenantFilter.Name]).Where(s => stale.Contains(s.Id)).ExecuteDeleteAsync(cancellationToken);
            if (page.Count < BatchSize) return total;
            after = page[^1].Id;
        }
    }

    /// <summary>Deletes rows past their expiry (answer leases, token reservations) in batches, across all tenants.</summary>
    private static async Task<int> DeleteExpiredAsync<T>(DbSet<T> set, DateTime now, CancellationToken cancellationToken)
        where T : class, IExpiringRow
    {
        var rows = set.IgnoreQueryFilters([TenantFilter.Name]);
        var total = 0;
        while (true)
        {
            var ids = await rows.Where(r => r.ExpiresAt < now).OrderBy(r => r.Id).Select(r => r.Id).Take(BatchSize).ToListAsync(cancellationToken);
            if (ids.Count == 0) return total;
            total += await rows.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken);
            if (ids.Count < BatchSize) return total;
        }
    }

    [LoggerMessage(LogLevel.Information, "Housekeeping deleted {Windows} throttle windows, {Sessions} sessions, {Leases} answer leases, {Reservations} token reservations, {BudgetHolds} budget reservations, {Exports} data exports")]
    private static partial void LogDone(ILogger logger, int windows, int sessions, int leases, int reservations, int budgetHolds, int exports);
}
