using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Team;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Audit;

/// <summary>Entries are sealed into gapless HMAC chains in the same transaction as the change they record, on SQLite.</summary>
public sealed class AuditChainTests(TestDatabase database) : AuditChainCases<TestDatabase>(database);

/// <summary>The same on PostgreSQL (the writer's head bump and the verifier's reader are provider-specific SQL).</summary>
public sealed class PostgreSqlAuditChainTests(PostgreSqlTestDatabase database) : AuditChainCases<PostgreSqlTestDatabase>(database);

/// <summary>Entries are sealed into gapless HMAC chains in the same transaction as the change they record.</summary>
public abstract class AuditChainCases<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : TestDatabase
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddAuditLog().BuildServiceProvider();

    [Fact]
    public async Task Two_hundred_parallel_actions_make_a_gapless_valid_chain()
    {
        var tenant = await database.CreateTenantAsync("par" + Guid.NewGuid().ToString("N")[..8]);

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            await using var scope = Services.CreateAsyncScope();
            await using var db = database.Context(tenant.Id);
            var department = new Department { Name = $"部署 {i}" };
            db.Departments.Add(department);
            scope.ServiceProvider.GetRequiredService<IAuditLog>().Record(db, AuditActions.DepartmentCreated, new AuditTarget("department", department.Id.ToString(), department.Name));
            await db.SaveChangesAsync();
        })));

        await using var read = database.Context(tenant.Id);
        var entries = await read.AuditEntries.OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.Equal(200, await read.Departments.CountAsync());
        var head = await read.AuditChainHeads.SingleAsync(h => h.ChainKey == AuditChains.ForTenant(tenant.Id));
        var key = Services.GetRequiredService<AuditChainKeys>().Unprotect(head.ChainKey, head.ProtectedKey);
        var previous = AuditHasher.Genesis;
        foreach (var entry in entries)
        {
            Assert.Equal(previous, entry.PreviousHash);
            Assert.Equal(AuditHasher.Compute(key, entry), entry.Hash);
            previous = entry.Hash;
        }
        Assert.Equal((200L, previous), (head.Sequence, head.LastHash));
        var verified = await Services.GetRequiredService<AuditVerifier>().VerifyAsync(read, head.ChainKey);
        Assert.True(verified.Intact, verified.Problem);
        Assert.Equal((200L, previous), (verified.EntriesChecked, verified.LastHash));
        // Read as two halves on two connections, as long chains are (provider-specific: the second connection's SQL).
        var halves = new AuditVerifier(Services.GetRequiredService<AuditChainKeys>()) { SplitFrom = 2 };
        Assert.Equal(verified, await halves.VerifyAsync(read, head.ChainKey));
    }

    [Fact]
    public async Task A_failed_change_leaves_no_entry_and_consumes_no_sequence()
    {
        var tenant = await database.CreateTenantAsync("fail" + Guid.NewGuid().ToString("N")[..8]);
        await RecordAsync(tenant.Id, db => db.Add(User("taro@example.jp")));

        await Assert.ThrowsAsync<DbUpdateException>(() => RecordAsync(tenant.Id, db => db.Add(User("taro@example.jp"))));
        await RecordAsync(tenant.Id, db => db.Add(User("hanako@example.jp")));

        await using var read = database.Context(tenant.Id);
        Assert.Equal([1L, 2L], await read.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync());
        Assert.Equal(2, await read.Users.CountAsync());
    }

    [Fact]
    public async Task Entries_without_a_tenant_go_to_the_platform_chain_and_details_hide_secret_named_values()
    {
        await using (var scope = Services.CreateAsyncScope())
        await using (var db = database.Context(null))
        {
            scope.ServiceProvider.GetRequiredService<IAuditLog>().Record(db, AuditActions.LeadChanged, new AuditTarget("lead", "42", "見込み客"),
                new { status = "contacted", apiKey = "sk-canary-123", nested = new { password = "pw-canary" } });
            await db.SaveChangesAsync();
        }

        await using var read = database.Context(null);
        var entry = await read.PlatformAuditEntries.OrderByDescending(e => e.Sequence).FirstAsync();
        Assert.Equal(AuditActions.LeadChanged, entry.Action);
        Assert.Equal(AuditActorKind.System, entry.ActorKind);
        Assert.DoesNotContain("canary", entry.Details);
        Assert.Contains("contacted", entry.Details);
        Assert.Equal(0, await read.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task Entries_with_text_the_canonical_form_escapes_verify_as_read_and_an_edit_of_it_is_caught()
    {
        // SQLite's verifier hashes the stored UTF-8 bytes; the writer hashed the strings: both must escape alike.
        var tenant = await database.CreateTenantAsync("esc" + Guid.NewGuid().ToString("N")[..8]);
        string[] texts = ["<b>\"Tom\" & 'Jerry'</b> + `x`", "山田 太郎 😀 ＡＢＣ", "tab\t\u0001 \\ 改行\n\u007f", ""];
        await using (var scope = Services.CreateAsyncScope())
        await using (var db = database.Context(tenant.Id))
        {
            var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
            foreach (var text in texts) audit.Record(db, AuditActions.DepartmentRenamed, new AuditTarget("department", text, text), new { from = text, to = "営業部" });
            await db.SaveChangesAsync();
        }
        var chain = AuditChains.ForTenant(tenant.Id);
        var halves = new AuditVerifier(Services.GetRequiredService<AuditChainKeys>()) { SplitFrom = 2 };
        await using (var read = database.Context(null))
        {
            var verified = await Services.GetRequiredService<AuditVerifier>().VerifyAsync(read, chain);
            Assert.True(verified.Intact, verified.Problem);
            Assert.Equal(texts.Length, verified.EntriesChecked);
            Assert.Equal(verified, await halves.VerifyAsync(read, chain));
        }

        await using (var edit = database.Context(tenant.Id))
        {
            await edit.AuditEntries.Where(e => e.Sequence == 2)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.TargetDisplay, "山田 太郎 😀 ＡＢＤ"));
        }
        await using (var read = database.Context(null))
        {
            var broken = await Services.GetRequiredService<AuditVerifier>().VerifyAsync(read, chain);
            Assert.Equal((2L, "hash"), (broken.FirstBrokenSequence, broken.Problem));
            Assert.Equal(broken, await halves.VerifyAsync(read, chain));
        }
    }

    [Fact]
    public async Task Audit_entries_cannot_be_changed_through_the_model()
    {
        var tenant = await database.CreateTenantAsync("ro" + Guid.NewGuid().ToString("N")[..8]);
        await RecordAsync(tenant.Id, _ => { });
        await using var db = database.Context(tenant.Id);
        var entry = await db.AuditEntries.SingleAsync();
        entry.ActorName = "someone else";
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        Assert.Contains("append-only", refused.Message);
    }

    private async Task RecordAsync(string tenantId, Action<AppDbContext> change)
    {
        await using var scope = Services.CreateAsyncScope();
        await using var db = database.Context(tenantId);
        change(db);
        scope.ServiceProvider.GetRequiredService<IAuditLog>().Record(db, AuditActions.MemberReactivated, AuditTarget.User("u", "someone"));
        await db.SaveChangesAsync();
    }

    private static AppUser User(string email) => new()
    {
        UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
        SecurityStamp = Guid.NewGuid().ToString(),
    };
}
