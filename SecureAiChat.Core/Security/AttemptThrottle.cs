using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Security;

/// <summary>A limit: at most <see cref="Permits"/> attempts per partition in each fixed <see cref="Window"/>.</summary>
public sealed class ThrottleRule
{
    public string Name { get; set; } = "";

    [Range(1, 1_000_000)]
    public int Permits { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; }

    public static ThrottleRule Of(string name, int permits, TimeSpan window) => new() { Name = name, Permits = permits, Window = window };
}

/// <summary>The answer of the throttle: allowed, or refused until <see cref="RetryAfter"/> has passed.</summary>
public readonly record struct ThrottleDecision(bool Allowed, TimeSpan RetryAfter)
{
    public static ThrottleDecision Allow => new(true, TimeSpan.Zero);
}

/// <summary>
/// Counts attempts per partition (a client address, or an address and an account) in fixed windows stored in the
/// database, so that every app instance sharing the database enforces one limit (an in-process counter would give
/// each instance its own allowance). Each attempt is one conditional UPDATE (count below the limit, same window);
/// a new window resets the row with another conditional UPDATE; the first attempt of a partition inserts it.
/// Used by the account pages (HTTP middleware) and by the public forms that submit over a Blazor circuit, where
/// no HTTP request exists per submit.
/// </summary>
public sealed class AttemptThrottle(IDbContextFactory<AppDbContext> contexts, TimeProvider time)
{
    /// <summary>Counts one attempt if the partition is under the limit; otherwise refuses it (and does not count it).</summary>
    public Task<ThrottleDecision> TakeAsync(ThrottleRule rule, string partition, CancellationToken cancellationToken = default) =>
        CountAsync(rule, partition, rule.Permits, cancellationToken);

    /// <summary>Counts an attempt whatever the count (e.g. a failed password); read back with <see cref="PeekAsync"/>.</summary>
    public Task RecordAsync(ThrottleRule rule, string partition, CancellationToken cancellationToken = default) =>
        CountAsync(rule, partition, int.MaxValue, cancellationToken);

    /// <summary>Refused when the partition has reached the limit in the current window; counts nothing.</summary>
    public async Task<ThrottleDecision> PeekAsync(ThrottleRule rule, string partition, CancellationToken cancellationToken = default)
    {
        var (key, windowStart, retryAfter) = Window(rule, partition);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var count = await db.ThrottleWindows.AsNoTracking().Where(w => w.Key == key && w.WindowStart == windowStart)
            .Select(w => (int?)w.Count).SingleOrDefaultAsync(cancellationToken) ?? 0;
        return count >= rule.Permits ? new ThrottleDecision(false, retryAfter) : ThrottleDecision.Allow;
    }

    private async Task<ThrottleDecision> CountAsync(ThrottleRule rule, string partition, int limit, CancellationToken cancellationToken)
    {
        var (key, windowStart, retryAfter) = Window(rule, partition);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Two rounds: an insert that loses a race with another instance finds the row on the second.
        for (var round = 0; round < 2; round++)
        {
            if (await db.ThrottleWindows.Where(w => w.Key == key && w.WindowStart == windowStart && w.Count < limit)
                    .ExecuteUpdateAsync(s => s.SetProperty(w => w.Count, w => w.Count + 1), cancellationToken) == 1)
                return ThrottleDecision.Allow;
            if (await db.ThrottleWindows.Where(w => w.Key == key && w.WindowStart < windowStart)
                    .ExecuteUpdateAsync(s => s.SetProperty(w => w.WindowStart, windowStart).SetProperty(w => w.Count, 1), cancellationToken) == 1)
                return ThrottleDecision.Allow;
            if (await db.ThrottleWindows.AnyAsync(w => w.Key == key, cancellationToken))
                return new ThrottleDecision(false, retryAfter); // this window's count is at the limit
            if (!db.Database.IsSqlServer())
            {
                // SQLite and PostgreSQL insert-or-nothing: a lost race is no error (an error would be logged as one).
                var inserted = await db.Database.ExecuteSqlAsync(
                    $"""INSERT INTO "ThrottleWindows" ("Key", "WindowStart", "Count") VALUES ({key}, {windowStart}, 1) ON CONFLICT DO NOTHING""", cancellationToken);
                if (inserted == 1) return ThrottleDecision.Allow;
                continue; // another request inserted the partition first: count on it in the next round
            }
            db.ThrottleWindows.Add(new ThrottleWindow { Key = key, WindowStart = windowStart, Count = 1 });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return ThrottleDecision.Allow;
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear(); // another instance inserted the partition first (SQL Server)
            }
        }
        return new ThrottleDecision(false, retryAfter);
    }

    private (string Key, long WindowStart, TimeSpan RetryAfter) Window(ThrottleRule rule, string partition)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var seconds = Math.Max(1, (long)rule.Window.TotalSeconds);
        var start = now - now % seconds;
        // Hashed: the table holds neither client addresses nor email addresses in clear.
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(rule.Name + "\n" + partition)));
        return (key, start, TimeSpan.FromSeconds(start + seconds - now));
    }
}

/// <summary>
/// Limits of the account pages (<c>Throttle:*</c>), each per client address unless said otherwise. Identity's own
/// account lockout is not used for passwords: anyone could keep an Owner locked out with it.
/// </summary>
public sealed class ThrottleOptions
{
    public const string SectionName = "Throttle";

    /// <summary>Sign-in, two-factor code and recovery code posts per address (stops a password spray over many accounts).</summary>
    public ThrottleRule SignIn { get; set; } = ThrottleRule.Of("signin", 30, TimeSpan.FromMinutes(15));

    /// <summary>Failed passwords per address and account: guessing one account's password from one address.</summary>
    public ThrottleRule SignInFailures { get; set; } = ThrottleRule.Of("signin-failures", 5, TimeSpan.FromMinutes(15));

    /// <summary>Forgot password, reset password and resend confirmation posts per address (mail bombing, code guessing).</summary>
    public ThrottleRule AccountMail { get; set; } = ThrottleRule.Of("account-mail", 10, TimeSpan.FromHours(1));

    /// <summary>Invitation acceptance posts per address.</summary>
    public ThrottleRule Invitation { get; set; } = ThrottleRule.Of("invitation", 20, TimeSpan.FromHours(1));

    /// <summary>In-app feedback submissions per member.</summary>
    public ThrottleRule Feedback { get; set; } = ThrottleRule.Of("feedback", 20, TimeSpan.FromHours(1));
}
