using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Security;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Core.Usage;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Security;

/// <summary>The hourly housekeeping job deletes old throttle windows, sessions, answer leases and token reservations, and only those.</summary>
public sealed class HousekeepingJobTests(AppHost app) : IClassFixture<AppHost>
{
    [Fact]
    public async Task Housekeeping_deletes_only_stale_rows_and_is_safe_to_run_twice_at_once()
    {
        var tenant = await app.EnsureTenantAsync("housekeeping-co");
        var user = await app.CreateUserAsync(tenant.Id, $"hk-{Guid.NewGuid():N}@example.jp");
        var now = DateTimeOffset.UtcNow;
        var old = now - TimeSpan.FromDays(2);
        var prefix = Guid.NewGuid().ToString("N")[..8];

        await using (var platform = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope())
        {
            var db = platform.ServiceProvider.GetRequiredService<AppDbContext>();
            db.ThrottleWindows.Add(new ThrottleWindow { Key = prefix + "-old", WindowStart = old.ToUnixTimeSeconds(), Count = 3 });
            db.ThrottleWindows.Add(new ThrottleWindow { Key = prefix + "-current", WindowStart = now.ToUnixTimeSeconds(), Count = 1 });
            await db.SaveChangesAsync();
        }
        await app.TenantDbAsync(tenant.Id, async db =>
        {
            db.UserSessions.AddRange(
                new UserSession { Id = prefix + "-ended-long-ago", UserId = user.Id, CreatedAt = old, ExpiresAt = now + TimeSpan.FromHours(1), EndedAt = old },
                new UserSession { Id = prefix + "-expired-long-ago", UserId = user.Id, CreatedAt = old, ExpiresAt = old },
                new UserSession { Id = prefix + "-ended-just-now", UserId = user.Id, CreatedAt = now, ExpiresAt = now + TimeSpan.FromHours(12), EndedAt = now },
                new UserSession { Id = prefix + "-live", UserId = user.Id, CreatedAt = now, ExpiresAt = now + TimeSpan.FromHours(12) });
            db.ActiveAnswers.AddRange(
                new ActiveAnswer { UserId = user.Id, StartedAt = old.UtcDateTime, ExpiresAt = old.UtcDateTime + TimeSpan.FromMinutes(15) },
                new ActiveAnswer { UserId = user.Id, StartedAt = now.UtcDateTime, ExpiresAt = now.UtcDateTime + TimeSpan.FromMinutes(15) });
            db.TokenReservations.AddRange(
                new TokenReservation { Pool = TokenReservations.OwnPool, Tokens = 1, ExpiresAt = old.UtcDateTime + TimeSpan.FromMinutes(20) },
                new TokenReservation { Pool = TokenReservations.OwnPool, Tokens = 2, ExpiresAt = now.UtcDateTime + TimeSpan.FromMinutes(20) });
            return await db.SaveChangesAsync();
        });

        // Two servers picking the job at once, then a later run: no failure, each row deleted once.
        var job = () => ActivatorUtilities.CreateInstance<HousekeepingJob>(app.Services).RunAsync(CancellationToken.None);
        await Task.WhenAll(job(), job());
        await job();

        await using (var platform = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope())
        {
            var db = platform.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.Equal([prefix + "-current"], await db.ThrottleWindows.Where(w => w.Key.StartsWith(prefix)).Select(w => w.Key).ToListAsync());
        }
        var sessions = await app.TenantDbAsync(tenant.Id, db => db.UserSessions.Where(s => s.UserId == user.Id).Select(s => s.Id).OrderBy(id => id).ToListAsync());
        Assert.Equal([prefix + "-ended-just-now", prefix + "-live"], sessions);
        var leases = await app.TenantDbAsync(tenant.Id, db => db.ActiveAnswers.Where(a => a.UserId == user.Id).Select(a => a.ExpiresAt).ToListAsync());
        Assert.True(Assert.Single(leases) > now.UtcDateTime);
        Assert.Equal([2L], await app.TenantDbAsync(tenant.Id, db => db.TokenReservations.Select(r => r.Tokens).ToListAsync()));
    }

    [Fact]
    public void Housekeeping_is_registered_as_an_hourly_recurring_job()
    {
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        var recurring = Assert.Single(connection.GetRecurringJobs(), j => j.Id == HousekeepingJob.RecurringJobId);
        Assert.Equal("17 * * * *", recurring.Cron);
        Assert.Equal(typeof(HousekeepingJob), recurring.Job.Type);
    }
}
