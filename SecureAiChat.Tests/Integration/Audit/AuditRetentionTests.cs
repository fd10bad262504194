using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Audit;

/// <summary>Retention: the setting's range, and the purge that removes old entries behind a checkpoint the verifier starts from.</summary>
public sealed class AuditRetentionTests(AppHost app) : IClassFixture<AppHost>
{
    /// <summary>A workspace with five entries, where entries 1–3 happened strictly before the returned cut-off and 4–5 after it.</summary>
    private async Task<(string TenantId, DateTime Cutoff)> ChainAsync()
    {
        var tenant = await app.CreateTenantAsync("ret" + Guid.NewGuid().ToString("N")[..6]);
        for (var i = 1; i <= 3; i++) await RecordAsync(tenant.Id, i);
        var third = await app.TenantDbAsync(tenant.Id, db => db.AuditEntries.AsNoTracking().Where(e => e.Sequence == 3).Select(e => e.OccurredAt).SingleAsync());
        var cutoff = third.AddMilliseconds(1);
        // Entries are stamped to the millisecond: wait until the clock has passed the cut-off (an ordering, not a timing check).
        while (DateTime.UtcNow <= cutoff.AddMilliseconds(1)) await Task.Yield();
        for (var i = 4; i <= 5; i++) await RecordAsync(tenant.Id, i);
        return (tenant.Id, cutoff);
    }

    private async Task RecordAsync(string tenantId, int n)
    {
        await using var scope = await app.TenantScopeAsync(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        scope.ServiceProvider.GetRequiredService<IAuditLog>().Record(db, AuditActions.DepartmentCreated, new AuditTarget("department", n.ToString(System.Globalization.CultureInfo.InvariantCulture), "部署" + n));
        await db.SaveChangesAsync();
    }

    private Task<AuditVerification> VerifyAsync(string tenantId) =>
        app.TenantDbAsync(tenantId, db => app.Services.GetRequiredService<AuditVerifier>().VerifyAsync(db, AuditChains.ForTenant(tenantId)));

    private Task<int> PurgeAsync(string tenantId, DateTime cutoff) => app.Services.GetRequiredService<AuditPurgeJob>().PurgeAsync(tenantId, cutoff);

    private Task<int> SqlAsync(string tenantId, string sql, params object[] parameters) =>
        app.TenantDbAsync(tenantId, db => db.Database.ExecuteSqlRawAsync(sql, parameters));

    [Fact]
    public async Task Purging_removes_the_old_entries_and_the_rest_of_the_chain_still_verifies_from_the_checkpoint()
    {
        var (tenantId, cutoff) = await ChainAsync();
        var third = await app.TenantDbAsync(tenantId, db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.Sequence == 3));

        Assert.Equal(3, await PurgeAsync(tenantId, cutoff));

        var remaining = await app.TenantDbAsync(tenantId, db => db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync());
        Assert.Equal([4L, 5L, 6L], remaining.Select(e => e.Sequence));
        Assert.Equal(AuditActions.AuditPurged, remaining[^1].Action);
        Assert.Equal(AuditActorKind.System, remaining[^1].ActorKind);
        var head = await app.TenantDbAsync(tenantId, db => db.AuditChainHeads.AsNoTracking().SingleAsync(h => h.ChainKey == AuditChains.ForTenant(tenantId)));
        Assert.Equal((3L, third.Hash), (head.CheckpointSequence, head.CheckpointHash));
        var result = await VerifyAsync(tenantId);
        Assert.True(result.Intact, result.Problem);
        Assert.Equal((3L, 6L), (result.EntriesChecked, result.LastSequence));
    }

    [Fact]
    public async Task Purging_again_removes_nothing_and_records_nothing()
    {
        var (tenantId, cutoff) = await ChainAsync();
        Assert.Equal(3, await PurgeAsync(tenantId, cutoff));

        Assert.Equal(0, await PurgeAsync(tenantId, cutoff));
        await app.Services.GetRequiredService<AuditPurgeJob>().RunAsync(CancellationToken.None); // default 3 years: nothing is that old

        Assert.Equal(1, await app.TenantDbAsync(tenantId, db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.AuditPurged)));
        Assert.Equal(3, await app.TenantDbAsync(tenantId, db => db.AuditEntries.CountAsync()));
        Assert.True((await VerifyAsync(tenantId)).Intact);
    }

    [Fact]
    public async Task Editing_or_deleting_a_remaining_entry_after_a_purge_is_caught()
    {
        var (tenantId, cutoff) = await ChainAsync();
        await PurgeAsync(tenantId, cutoff);

        await SqlAsync(tenantId, "UPDATE AuditEntries SET TargetDisplay = '改ざん' WHERE TenantId = {0} AND Sequence = 5", tenantId);
        var edited = await VerifyAsync(tenantId);
        Assert.Equal((5L, "hash"), (edited.FirstBrokenSequence, edited.Problem));

        await SqlAsync(tenantId, "DELETE FROM AuditEntries WHERE TenantId = {0} AND Sequence = 4", tenantId);
        var deleted = await VerifyAsync(tenantId);
        Assert.Equal((4L, "gap"), (deleted.FirstBrokenSequence, deleted.Problem));
    }

    [Fact]
    public async Task Moving_the_checkpoint_to_hide_deleted_entries_is_caught()
    {
        var (tenantId, cutoff) = await ChainAsync();
        await PurgeAsync(tenantId, cutoff);
        var fourth = await app.TenantDbAsync(tenantId, db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.Sequence == 4));

        await SqlAsync(tenantId, "DELETE FROM AuditEntries WHERE TenantId = {0} AND Sequence = 4", tenantId);
        await SqlAsync(tenantId, "UPDATE AuditChainHeads SET CheckpointSequence = 4, CheckpointHash = {1} WHERE ChainKey = {0}", AuditChains.ForTenant(tenantId), fourth.Hash);

        var result = await VerifyAsync(tenantId);
        Assert.Equal("checkpoint", result.Problem);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    [InlineData(-3)]
    public async Task A_retention_outside_one_to_ten_years_is_refused_and_nothing_is_saved_or_recorded(int years)
    {
        var tenant = await app.CreateTenantAsync("rv" + Guid.NewGuid().ToString("N")[..6]);
        await using var scope = await app.TenantScopeAsync(tenant.Id);
        var retention = scope.ServiceProvider.GetRequiredService<AuditRetention>();

        Assert.False(await retention.SetAsync(years));

        Assert.Equal(AuditRetention.DefaultYears, await retention.GetAsync());
        Assert.Equal(0, await app.TenantDbAsync(tenant.Id, db => db.AuditEntries.CountAsync()));
    }

    [Fact]
    public async Task Changing_the_retention_is_saved_and_recorded_once()
    {
        var tenant = await app.CreateTenantAsync("rc" + Guid.NewGuid().ToString("N")[..6]);
        await using var scope = await app.TenantScopeAsync(tenant.Id);
        var retention = scope.ServiceProvider.GetRequiredService<AuditRetention>();

        Assert.True(await retention.SetAsync(7));
        Assert.True(await retention.SetAsync(7));

        Assert.Equal(7, await retention.GetAsync());
        var entry = await app.TenantDbAsync(tenant.Id, db => db.AuditEntries.SingleAsync());
        Assert.Equal((AuditActions.AuditRetentionChanged, "{\"from\":3,\"to\":7}"), (entry.Action, entry.Details));
    }
}
