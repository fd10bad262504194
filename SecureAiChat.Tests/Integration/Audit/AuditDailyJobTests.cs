using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Audit;

/// <summary>The daily job keeps each intact chain's closing hash once per day and reports a broken chain by mail.</summary>
public sealed class AuditDailyJobTests(AppHost app) : IClassFixture<AppHost>
{
    private static DateOnly TokyoToday => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, WorkspaceTime.Tokyo).Date);

    [Fact]
    public async Task Stores_the_days_last_hash_of_an_intact_chain_once_even_when_run_twice()
    {
        var tenant = await WorkspaceWithEntriesAsync(3);
        var job = app.Services.GetRequiredService<AuditDailyJob>();

        var first = await job.RunForDayAsync(TokyoToday);
        await job.RunForDayAsync(TokyoToday);

        Assert.True(first.Single(r => r.ChainKey == AuditChains.ForTenant(tenant.Id)).Intact);
        var stored = Assert.Single(await DailyHashesAsync(tenant.Id));
        var third = await app.TenantDbAsync(tenant.Id, db => db.AuditEntries.SingleAsync(e => e.Sequence == 3));
        Assert.Equal((TokyoToday, 3L, third.Hash, true), (stored.Day, stored.Sequence, stored.Hash, stored.Intact));
    }

    [Fact]
    public async Task Entries_recorded_after_the_day_are_not_part_of_its_hash()
    {
        var tenant = await WorkspaceWithEntriesAsync(2);

        await app.Services.GetRequiredService<AuditDailyJob>().RunForDayAsync(TokyoToday.AddDays(-1));

        Assert.Empty(await DailyHashesAsync(tenant.Id));
    }

    [Fact]
    public async Task A_broken_chain_stores_nothing_and_mails_its_owners_and_the_operators()
    {
        var tenant = await WorkspaceWithEntriesAsync(3);
        var owner = await app.CreateUserAsync(tenant.Id, $"owner-{Guid.NewGuid():N}@example.jp", role: Roles.Owner);
        var member = await app.CreateUserAsync(tenant.Id, $"member-{Guid.NewGuid():N}@example.jp");
        var operatorEmail = await app.CreateOperatorAsync(withAuthenticator: false);
        await app.TenantDbAsync(tenant.Id, db => db.Database.ExecuteSqlAsync(
            $"UPDATE AuditEntries SET ActorName = 'someone else' WHERE TenantId = {tenant.Id} AND Sequence = 2"));

        var results = await app.Services.GetRequiredService<AuditDailyJob>().RunForDayAsync(TokyoToday);

        var result = results.Single(r => r.ChainKey == AuditChains.ForTenant(tenant.Id));
        Assert.Equal(2, result.FirstBrokenSequence);
        Assert.Empty(await DailyHashesAsync(tenant.Id));
        var ownerMail = Assert.Single(app.PickedUpMailTo(owner.Email!));
        Assert.Contains(tenant.Identifier, ownerMail.Subject, StringComparison.Ordinal);
        Assert.Contains("監査ログ", ownerMail.Subject, StringComparison.Ordinal);
        Assert.Contains(" 2 ", ownerMail.TextBody, StringComparison.Ordinal);
        Assert.Contains(app.PickedUpMailTo(operatorEmail), m => (m.Subject ?? "").Contains(tenant.Identifier, StringComparison.Ordinal));
        Assert.Empty(app.PickedUpMailTo(member.Email!));
    }

    private async Task<AppTenantInfo> WorkspaceWithEntriesAsync(int count)
    {
        var tenant = await app.CreateTenantAsync("daily" + Guid.NewGuid().ToString("N")[..8]);
        for (var i = 1; i <= count; i++)
        {
            await using var scope = await app.TenantScopeAsync(tenant.Id);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            scope.ServiceProvider.GetRequiredService<IAuditLog>().Record(db, AuditActions.RoleChanged, AuditTarget.User("u" + i, "社員 " + i));
            await db.SaveChangesAsync();
        }
        return tenant;
    }

    private Task<List<AuditDailyHash>> DailyHashesAsync(string tenantId) =>
        app.TenantDbAsync(tenantId, db => db.AuditDailyHashes.AsNoTracking().Where(d => d.ChainKey == AuditChains.ForTenant(tenantId)).ToListAsync());
}

/// <summary>The Owners' monthly mail carries the month's closing hash, once per month, in each Owner's language.</summary>
public sealed class AuditMonthlyHashJobTests(AppHost app) : IClassFixture<AppHost>
{
    [Fact]
    public async Task Owners_get_the_months_closing_hash_once_in_their_language()
    {
        var tenant = await app.CreateTenantAsync("monthly" + Guid.NewGuid().ToString("N")[..8]);
        var ja = await app.CreateUserAsync(tenant.Id, $"ja-{Guid.NewGuid():N}@example.jp", role: Roles.Owner);
        var en = await app.CreateUserAsync(tenant.Id, $"en-{Guid.NewGuid():N}@example.jp", role: Roles.Owner);
        var admin = await app.CreateUserAsync(tenant.Id, $"admin-{Guid.NewGuid():N}@example.jp", role: Roles.Admin);
        await app.TenantDbAsync(tenant.Id, async db =>
        {
            (await db.Users.SingleAsync(u => u.Id == en.Id)).Culture = "en-US";
            return await db.SaveChangesAsync();
        });
        for (var i = 1; i <= 2; i++)
        {
            await using var scope = await app.TenantScopeAsync(tenant.Id);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            scope.ServiceProvider.GetRequiredService<IAuditLog>().Record(db, AuditActions.RoleChanged, AuditTarget.User("u" + i, "社員 " + i));
            await db.SaveChangesAsync();
        }
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, WorkspaceTime.Tokyo);
        var month = new DateOnly(now.Year, now.Month, 1);
        var job = app.Services.GetRequiredService<AuditMonthlyHashJob>();
        var last = await app.TenantDbAsync(tenant.Id, db => db.AuditEntries.OrderByDescending(e => e.Sequence).FirstAsync());

        Assert.True(await job.SendAsync(tenant.Id, month));
        Assert.False(await job.SendAsync(tenant.Id, month));

        var jaMail = Assert.Single(app.PickedUpMailTo(ja.Email!));
        var enMail = Assert.Single(app.PickedUpMailTo(en.Email!));
        Assert.Contains(last.Hash, jaMail.TextBody, StringComparison.Ordinal);
        Assert.Contains("締めハッシュ", jaMail.Subject, StringComparison.Ordinal);
        Assert.Contains(last.Hash, enMail.TextBody, StringComparison.Ordinal);
        Assert.Contains("closing hash", enMail.Subject, StringComparison.Ordinal);
        Assert.Contains("/settings/audit", enMail.HtmlBody, StringComparison.Ordinal);
        Assert.Empty(app.PickedUpMailTo(admin.Email!));
        var notice = Assert.Single(await app.TenantDbAsync(tenant.Id, db => db.AuditMonthlyNotices.AsNoTracking().ToListAsync()));
        Assert.Equal((last.Sequence, last.Hash), (notice.Sequence, notice.Hash));
    }
}
