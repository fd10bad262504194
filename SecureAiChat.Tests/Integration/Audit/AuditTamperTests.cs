using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Audit;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Audit;

/// <summary>Every way of altering a chain through SQL is caught by the verifier, at the first broken sequence.</summary>
public sealed class AuditTamperTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddAuditLog().BuildServiceProvider();

    [Fact]
    public async Task An_untouched_chain_verifies()
    {
        var tenantId = await ChainOfFiveAsync();
        var result = await VerifyAsync(tenantId);
        Assert.True(result.Intact, result.Problem);
        Assert.Equal((5L, 5L), (result.EntriesChecked, result.LastSequence));
    }

    [Fact]
    public async Task Editing_a_field_is_caught()
    {
        var tenantId = await ChainOfFiveAsync();
        await SqlAsync("UPDATE AuditEntries SET ActorName = 'someone else' WHERE TenantId = {0} AND Sequence = 3", tenantId);
        await AssertBrokenAtAsync(tenantId, 3, "hash");
    }

    [Fact]
    public async Task Editing_a_field_and_its_hash_with_a_guessed_key_is_caught()
    {
        var tenantId = await ChainOfFiveAsync();
        await using var db = database.Context(tenantId);
        var third = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Sequence == 3);
        third.Outcome = AuditOutcome.Success;
        third.TargetDisplay = "別の人";
        var forged = AuditHasher.Compute(new byte[32], third);
        await SqlAsync("UPDATE AuditEntries SET TargetDisplay = '別の人', Hash = {1} WHERE TenantId = {0} AND Sequence = 3", tenantId, forged);
        await AssertBrokenAtAsync(tenantId, 3, "hash");
    }

    [Fact]
    public async Task Deleting_a_row_is_caught()
    {
        var tenantId = await ChainOfFiveAsync();
        await SqlAsync("DELETE FROM AuditEntries WHERE TenantId = {0} AND Sequence = 2", tenantId);
        await AssertBrokenAtAsync(tenantId, 2, "gap");
    }

    [Fact]
    public async Task Inserting_a_row_is_caught()
    {
        var tenantId = await ChainOfFiveAsync();
        await SqlAsync("""
            INSERT INTO AuditEntries (TenantId, Sequence, OccurredAt, ActorKind, ActorId, ActorName, ActorRole, Action, TargetType, TargetId, TargetDisplay,
                Outcome, ClientAddress, UserAgent, Details, PreviousHash, Hash)
            SELECT TenantId, 6, OccurredAt, ActorKind, ActorId, ActorName, ActorRole, Action, TargetType, TargetId, TargetDisplay,
                Outcome, ClientAddress, UserAgent, Details, Hash, Hash FROM AuditEntries WHERE TenantId = {0} AND Sequence = 5
            """, tenantId);
        await SqlAsync("UPDATE AuditChainHeads SET Sequence = 6 WHERE ChainKey = {0}", AuditChains.ForTenant(tenantId));
        await AssertBrokenAtAsync(tenantId, 6, "hash");
    }

    [Fact]
    public async Task Swapping_two_rows_is_caught()
    {
        var tenantId = await ChainOfFiveAsync();
        await SqlAsync("UPDATE AuditEntries SET Sequence = -1 WHERE TenantId = {0} AND Sequence = 2", tenantId);
        await SqlAsync("UPDATE AuditEntries SET Sequence = 2 WHERE TenantId = {0} AND Sequence = 3", tenantId);
        await SqlAsync("UPDATE AuditEntries SET Sequence = 3 WHERE TenantId = {0} AND Sequence = -1", tenantId);
        await AssertBrokenAtAsync(tenantId, 2, "link");
    }

    [Fact]
    public async Task Truncating_the_tail_is_caught_by_the_head()
    {
        var tenantId = await ChainOfFiveAsync();
        await SqlAsync("DELETE FROM AuditEntries WHERE TenantId = {0} AND Sequence >= 4", tenantId);
        await AssertBrokenAtAsync(tenantId, 4, "truncated");
    }

    [Fact]
    public async Task Truncating_the_tail_and_rewinding_the_head_is_caught_by_the_daily_hash()
    {
        var tenantId = await ChainOfFiveAsync();
        var chain = AuditChains.ForTenant(tenantId);
        await using (var db = database.Context(tenantId))
        {
            var fifth = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Sequence == 5);
            db.AuditDailyHashes.Add(new AuditDailyHash { ChainKey = chain, Day = new DateOnly(2026, 12, 3), Sequence = 5, Hash = fifth.Hash, Intact = true, VerifiedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }
        await SqlAsync("DELETE FROM AuditEntries WHERE TenantId = {0} AND Sequence >= 4", tenantId);
        await SqlAsync("UPDATE AuditChainHeads SET Sequence = 3, LastHash = (SELECT Hash FROM AuditEntries WHERE TenantId = {1} AND Sequence = 3) WHERE ChainKey = {0}",
            chain, tenantId);
        await AssertBrokenAtAsync(tenantId, 4, "truncated");
    }

    [Fact]
    public async Task Moving_the_purge_checkpoint_to_hide_rows_is_caught()
    {
        var tenantId = await ChainOfFiveAsync();
        await SqlAsync("DELETE FROM AuditEntries WHERE TenantId = {0} AND Sequence <= 2", tenantId);
        await SqlAsync("UPDATE AuditChainHeads SET CheckpointSequence = 2, CheckpointHash = (SELECT PreviousHash FROM AuditEntries WHERE TenantId = {1} AND Sequence = 3) WHERE ChainKey = {0}",
            AuditChains.ForTenant(tenantId), tenantId);
        await AssertBrokenAtAsync(tenantId, 3, "checkpoint");
    }

    [Fact]
    public async Task A_chain_longer_than_a_hash_batch_reports_its_first_break_even_when_a_later_one_is_read_first()
    {
        // Hashes are checked a batch (4,096 entries) behind the reader, on another thread.
        var tenant = await database.CreateTenantAsync("long" + Guid.NewGuid().ToString("N")[..8]);
        await using (var scope = Services.CreateAsyncScope())
        await using (var db = database.Context(tenant.Id))
        {
            var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
            for (var i = 1; i <= 9000; i++) audit.Record(db, AuditActions.MemberMoved, AuditTarget.User("u" + i % 50, "社員 " + i % 50), new { department = "営業部" });
            await db.SaveChangesAsync();
        }
        var intact = await VerifyAsync(tenant.Id);
        Assert.True(intact.Intact, intact.Problem);
        Assert.Equal(9000L, intact.EntriesChecked);

        await SqlAsync("UPDATE AuditEntries SET ActorName = 'someone else' WHERE TenantId = {0} AND Sequence = 8500", tenant.Id);
        await AssertBrokenAtAsync(tenant.Id, 8500, "hash"); // in the last, partial batch

        await SqlAsync("UPDATE AuditEntries SET TargetDisplay = '別の人' WHERE TenantId = {0} AND Sequence = 100", tenant.Id);
        await SqlAsync("UPDATE AuditEntries SET PreviousHash = {1} WHERE TenantId = {0} AND Sequence = 6000", tenant.Id, new string('f', 64));
        await AssertBrokenAtAsync(tenant.Id, 100, "hash"); // the link at 6000 is read while the first batch is hashed
    }

    private async Task<string> ChainOfFiveAsync()
    {
        var tenant = await database.CreateTenantAsync("tamper" + Guid.NewGuid().ToString("N")[..8]);
        for (var i = 1; i <= 5; i++)
        {
            await using var scope = Services.CreateAsyncScope();
            await using var db = database.Context(tenant.Id);
            scope.ServiceProvider.GetRequiredService<IAuditLog>().Record(db, AuditActions.RoleChanged, AuditTarget.User("u" + i, "社員 " + i),
                new { from = "Member", to = "Admin" }, i == 4 ? AuditOutcome.Denied : AuditOutcome.Success);
            await db.SaveChangesAsync();
        }
        return tenant.Id;
    }

    private async Task SqlAsync(string sql, params object[] parameters)
    {
        await using var db = database.Context(null);
        await db.Database.ExecuteSqlRawAsync(sql, parameters);
    }

    /// <summary>Long chains are read as two halves on two connections: here every chain is, and must read the same.</summary>
    private static readonly AuditVerifier Halves = new(Services.GetRequiredService<AuditChainKeys>()) { SplitFrom = 2 };

    private async Task<AuditVerification> VerifyAsync(string tenantId)
    {
        await using var db = database.Context(null);
        var whole = await Services.GetRequiredService<AuditVerifier>().VerifyAsync(db, AuditChains.ForTenant(tenantId));
        Assert.Equal(whole, await Halves.VerifyAsync(db, AuditChains.ForTenant(tenantId)));
        return whole;
    }

    private async Task AssertBrokenAtAsync(string tenantId, long sequence, string problem)
    {
        var result = await VerifyAsync(tenantId);
        Assert.False(result.Intact);
        Assert.Equal((sequence, problem), (result.FirstBrokenSequence!.Value, result.Problem!));
    }
}
