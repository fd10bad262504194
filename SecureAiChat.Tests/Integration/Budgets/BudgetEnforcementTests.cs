using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Budgets;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Providers.Settings;
using SecureAiChat.Core.Security;
using SecureAiChat.Core.Settings;
using SecureAiChat.Core.Team;
using SecureAiChat.Core.Usage;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Budgets;

/// <summary>Budgets on the answer path: reserve before the call, settle with real usage, refuse at a hard limit, hold across instances.</summary>
public sealed class BudgetEnforcementTests(AiSettingsAppHost app) : BudgetEnforcementCases<AiSettingsAppHost>(app);

/// <summary>The same on PostgreSQL (SECUREAICHAT_TEST_POSTGRES).</summary>
public sealed class PostgreSqlBudgetEnforcementTests(Integration.PostgreSql.PostgreSqlAiSettingsAppHost app)
    : BudgetEnforcementCases<Integration.PostgreSql.PostgreSqlAiSettingsAppHost>(app);

public abstract class BudgetEnforcementCases<THost>(THost app) : IClassFixture<THost>
    where THost : AiSettingsAppHost
{
    // Every answer of these tests costs 11 + 500 tokens as the upstream reports them.
    private static readonly UpstreamScript Expensive = new() { Reply = "ok", PromptTokens = 11, CompletionTokens = 500 };

    private static string Marker() => "m" + Guid.NewGuid().ToString("N")[..10];

    private async Task<(string TenantId, string UserId)> WorkspaceAsync()
    {
        var tenant = await app.CreateTenantAsync("bu" + Guid.NewGuid().ToString("N")[..8]);
        var user = await app.CreateUserAsync(tenant.Id, $"{Guid.NewGuid():N}@example.jp");
        return (tenant.Id, user.Id);
    }

    private async Task<string> MemberAsync(string tenantId, Guid? departmentId = null)
    {
        var user = await app.CreateUserAsync(tenantId, $"{Guid.NewGuid():N}@example.jp");
        if (departmentId is { } department)
        {
            await app.TenantDbAsync(tenantId, db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DepartmentId, department)));
        }

        return user.Id;
    }

    private Task<Guid> DepartmentAsync(string tenantId) =>
        app.TenantDbAsync(tenantId, async db =>
        {
            var department = new Department { Name = "営業部 " + Guid.NewGuid().ToString("N")[..4] };
            db.Departments.Add(department);
            await db.SaveChangesAsync();
            return department.Id;
        });

    private Task<Budget> BudgetAsync(string tenantId, BudgetLevel level, long amount, BudgetUnit unit = BudgetUnit.Tokens,
        BudgetMode mode = BudgetMode.HardStop, Guid? departmentId = null, string? userId = null) =>
        app.TenantDbAsync(tenantId, async db =>
        {
            var budget = new Budget
            {
                Level = level, DepartmentId = departmentId, UserId = userId, Amount = amount, Unit = unit, Mode = mode,
                Scope = level switch
                {
                    BudgetLevel.Workspace => Budget.WorkspaceScope,
                    BudgetLevel.Department => Budget.DepartmentScope(departmentId!.Value),
                    _ => userId is null ? Budget.MemberDefaultScope : Budget.MemberScope(userId),
                },
            };
            db.Budgets.Add(budget);
            await db.SaveChangesAsync();
            return budget;
        });

    private Task UseAsync(string tenantId, string userId, long tokens, Guid? departmentId = null, DateTime? at = null) =>
        app.TenantDbAsync(tenantId, db =>
        {
            db.UsageRecords.Add(new UsageRecord
            {
                UserId = userId, DepartmentId = departmentId, Model = ChatAppHost.Model, Source = AiProviderChoice.SystemDefault,
                InputTokens = (int)(tokens / 2), OutputTokens = (int)(tokens - tokens / 2), Status = MessageStatus.Completed, CreatedAt = at ?? DateTime.UtcNow,
            });
            return db.SaveChangesAsync();
        });

    private Task<List<BudgetLedger>> LedgersAsync(string tenantId, Guid budgetId) =>
        app.TenantDbAsync(tenantId, db => db.BudgetLedgers.AsNoTracking().Where(l => l.BudgetId == budgetId).ToListAsync());

    [Fact]
    public async Task A_hard_stop_department_budget_refuses_before_the_model_is_called_and_names_the_department()
    {
        var (tenant, _) = await WorkspaceAsync();
        var department = await DepartmentAsync(tenant);
        var member = await MemberAsync(tenant, department);
        await BudgetAsync(tenant, BudgetLevel.Department, 10_000, departmentId: department);
        await UseAsync(tenant, member, 10_000, department);
        var marker = Marker();

        var refused = await app.AskAsync(tenant, member, "over " + marker);

        Assert.Equal(MessageStatus.Failed, refused.Message.Status);
        Assert.Equal(MessageFailure.BudgetExceeded(BudgetLevel.Department), refused.Message.Failure);
        Assert.Empty(app.RequestsWith(marker));
    }

    [Fact]
    public async Task An_answer_is_settled_with_its_real_usage_on_every_level_and_its_hold_returned()
    {
        var (tenant, _) = await WorkspaceAsync();
        var department = await DepartmentAsync(tenant);
        var member = await MemberAsync(tenant, department);
        var workspace = await BudgetAsync(tenant, BudgetLevel.Workspace, 5_000, BudgetUnit.Yen);
        var pooled = await BudgetAsync(tenant, BudgetLevel.Department, 100_000, departmentId: department);
        var everyone = await BudgetAsync(tenant, BudgetLevel.Member, 100_000, mode: BudgetMode.AlertOnly);
        var marker = Marker();
        app.Script(marker, Expensive);

        Assert.Equal(MessageStatus.Completed, (await app.AskAsync(tenant, member, "settle " + marker)).Message.Status);

        Assert.Equal(511, Assert.Single(await LedgersAsync(tenant, pooled.Id)).Spent);
        var own = Assert.Single(await LedgersAsync(tenant, everyone.Id));
        Assert.Equal((member, 511L), (own.Subject, own.Spent));
        // gpt-4o-mini: (11 × $0.15 + 500 × $0.60) per million tokens × ¥150, in micro-yen, rounded up.
        Assert.Equal(45_248, Assert.Single(await LedgersAsync(tenant, workspace.Id)).Spent);
        var all = await app.TenantDbAsync(tenant, db => db.BudgetLedgers.AsNoTracking().ToListAsync());
        Assert.All(all, l => Assert.Equal(0, l.Reserved));
        Assert.Equal(0, await app.TenantDbAsync(tenant, db => db.BudgetReservations.CountAsync()));
    }

    [Fact]
    public async Task A_failed_answer_returns_its_hold_and_is_charged_only_the_prompt()
    {
        var (tenant, member) = await WorkspaceAsync();
        var budget = await BudgetAsync(tenant, BudgetLevel.Workspace, 100_000);
        var marker = Marker();
        app.Script(marker, UpstreamScript.Failing(UpstreamFault.InvalidApiKey()));

        var failed = await app.AskAsync(tenant, member, "fail " + marker);

        Assert.Equal(MessageStatus.Failed, failed.Message.Status);
        var ledger = Assert.Single(await LedgersAsync(tenant, budget.Id));
        Assert.Equal(0, ledger.Reserved);
        var recorded = await app.TenantDbAsync(tenant, db => db.UsageRecords.SumAsync(u => (long)u.InputTokens + u.OutputTokens));
        Assert.Equal(recorded, ledger.Spent);
        Assert.True(ledger.Spent < 500, "no output tokens were charged");
    }

    [Fact]
    public async Task A_refusal_at_the_member_level_leaves_nothing_reserved_on_the_workspace_and_department()
    {
        var (tenant, _) = await WorkspaceAsync();
        var department = await DepartmentAsync(tenant);
        var member = await MemberAsync(tenant, department);
        var workspace = await BudgetAsync(tenant, BudgetLevel.Workspace, 100_000);
        var pooled = await BudgetAsync(tenant, BudgetLevel.Department, 100_000, departmentId: department);
        await BudgetAsync(tenant, BudgetLevel.Member, 100);
        var marker = Marker();

        var refused = await app.AskAsync(tenant, member, "member " + marker);

        Assert.Equal(MessageFailure.BudgetExceeded(BudgetLevel.Member), refused.Message.Failure);
        Assert.Empty(app.RequestsWith(marker));
        Assert.All(await LedgersAsync(tenant, workspace.Id), l => Assert.Equal(0, l.Reserved));
        Assert.All(await LedgersAsync(tenant, pooled.Id), l => Assert.Equal(0, l.Reserved));
        Assert.Equal(0, await app.TenantDbAsync(tenant, db => db.BudgetReservations.CountAsync()));
    }

    [Fact]
    public async Task A_department_budget_is_pooled_across_its_members_and_other_departments_are_not_charged()
    {
        var (tenant, _) = await WorkspaceAsync();
        var sales = await DepartmentAsync(tenant);
        var legal = await DepartmentAsync(tenant);
        var first = await MemberAsync(tenant, sales);
        var second = await MemberAsync(tenant, sales);
        var outsider = await MemberAsync(tenant, legal);
        // Room for one answer (prompt + 500) but not two.
        await BudgetAsync(tenant, BudgetLevel.Department, 900, departmentId: sales);
        var marker = Marker();
        app.Script(marker, Expensive);

        Assert.Equal(MessageStatus.Completed, (await app.AskAsync(tenant, first, "pool 1 " + marker)).Message.Status);
        Assert.Equal(MessageFailure.BudgetExceeded(BudgetLevel.Department), (await app.AskAsync(tenant, second, "pool 2 " + marker)).Message.Failure);
        Assert.Equal(MessageStatus.Completed, (await app.AskAsync(tenant, outsider, "pool 3 " + marker)).Message.Status);
        Assert.Equal(2, app.RequestsWith(marker).Count);
    }

    [Fact]
    public async Task A_members_override_replaces_the_default_for_them_only()
    {
        var (tenant, limited) = await WorkspaceAsync();
        var trusted = await MemberAsync(tenant);
        await BudgetAsync(tenant, BudgetLevel.Member, 100);
        await BudgetAsync(tenant, BudgetLevel.Member, 100_000, userId: trusted);
        var marker = Marker();
        app.Script(marker, Expensive);

        Assert.Equal(MessageFailure.BudgetExceeded(BudgetLevel.Member), (await app.AskAsync(tenant, limited, "default " + marker)).Message.Failure);
        Assert.Equal(MessageStatus.Completed, (await app.AskAsync(tenant, trusted, "override " + marker)).Message.Status);
    }

    [Fact]
    public async Task An_alert_only_budget_counts_past_100_percent_without_refusing()
    {
        var (tenant, member) = await WorkspaceAsync();
        var budget = await BudgetAsync(tenant, BudgetLevel.Workspace, 100, mode: BudgetMode.AlertOnly);
        var marker = Marker();
        app.Script(marker, Expensive);

        Assert.Equal(MessageStatus.Completed, (await app.AskAsync(tenant, member, "alert " + marker)).Message.Status);
        Assert.Equal(511, Assert.Single(await LedgersAsync(tenant, budget.Id)).Spent);
    }

    [Fact]
    public async Task A_budget_applies_to_the_workspaces_own_key_too()
    {
        var (tenant, member) = await WorkspaceAsync();
        await app.ConfigureAiAsync(tenant, new AiSettingsForm
        {
            Active = AiProviderChoice.OwnOpenAIKey, OpenAiNewKey = "sk-own-budgeted-00000", OpenAiBaseUrl = app.Upstream.OpenAiEndpoint.ToString(), OpenAiModels = "gpt-4o-mini",
        });
        await BudgetAsync(tenant, BudgetLevel.Workspace, 1, BudgetUnit.Yen);
        await UseAsync(tenant, member, 40_000); // ¥0.9 of gpt-4o-mini at the test's split: no room for another ¥0.05 answer
        var marker = Marker();

        Assert.Equal(MessageFailure.BudgetExceeded(BudgetLevel.Workspace), (await app.AskAsync(tenant, member, "own " + marker)).Message.Failure);
        Assert.Empty(app.RequestsWith(marker));
    }

    [Fact]
    public async Task A_new_ledger_counts_the_periods_usage_so_far_but_not_the_period_before()
    {
        var (tenant, member) = await WorkspaceAsync();
        var window = BudgetWindow.For(BudgetPeriod.Month, 4, DateTimeOffset.UtcNow, "Asia/Tokyo");
        await UseAsync(tenant, member, 1_000, at: window.StartUtc.AddSeconds(-1)); // 23:59:59 the last day of last month in Tokyo
        await UseAsync(tenant, member, 300, at: window.StartUtc);                  // 00:00:00 the 1st in Tokyo
        var budget = await BudgetAsync(tenant, BudgetLevel.Workspace, 100_000);
        var marker = Marker();
        app.Script(marker, Expensive);

        await app.AskAsync(tenant, member, "history " + marker);

        var ledger = Assert.Single(await LedgersAsync(tenant, budget.Id));
        Assert.Equal(window.Key, ledger.PeriodKey);
        Assert.Equal(300 + 511, ledger.Spent);
    }

    [Fact]
    public async Task A_crashed_instances_hold_expires_and_the_sweep_returns_it_to_the_ledger()
    {
        var (tenant, member) = await WorkspaceAsync();
        var budget = await BudgetAsync(tenant, BudgetLevel.Workspace, 1_000);
        await using (var scope = await app.TenantScopeAsync(tenant))
        {
            // Taken and never settled or disposed: the instance "crashed".
            var hold = await scope.ServiceProvider.GetRequiredService<BudgetGate>().PlanAsync(member, ChatAppHost.Model, 100, 500);
            var taken = await scope.ServiceProvider.GetRequiredService<TokenAllowance>()
                .ReserveAsync(AiProviderChoice.OwnOpenAIKey, null, 600, TimeSpan.FromMinutes(20), hold);
            Assert.NotNull(taken.Lease);
        }

        Assert.Equal(600, Assert.Single(await LedgersAsync(tenant, budget.Id)).Reserved);
        var marker = Marker();
        Assert.Equal(MessageFailure.BudgetExceeded(BudgetLevel.Workspace), (await app.AskAsync(tenant, member, "held " + marker)).Message.Failure);

        await app.TenantDbAsync(tenant, db => db.BudgetReservations.ExecuteUpdateAsync(r => r.SetProperty(x => x.ExpiresAt, DateTime.UtcNow.AddSeconds(-1))));
        await ActivatorUtilities.CreateInstance<HousekeepingJob>(app.Services).RunAsync(CancellationToken.None);

        Assert.Equal(0, Assert.Single(await LedgersAsync(tenant, budget.Id)).Reserved);
        Assert.Equal(0, await app.TenantDbAsync(tenant, db => db.BudgetReservations.CountAsync()));
        app.Script(marker, Expensive);
        Assert.Equal(MessageStatus.Completed, (await app.AskAsync(tenant, member, "freed " + marker)).Message.Status);
    }

    [Fact]
    public async Task Sixty_parallel_requests_on_three_app_hosts_at_the_edge_of_a_department_budget_never_overshoot()
    {
        var (tenant, _) = await WorkspaceAsync();
        var department = await DepartmentAsync(tenant);
        var members = new List<string>();
        for (var i = 0; i < 6; i++) members.Add(await MemberAsync(tenant, department));
        const long limit = 10_000;
        const long perRequest = 600;
        var budget = await BudgetAsync(tenant, BudgetLevel.Department, limit, departmentId: department);
        await UseAsync(tenant, members[0], limit - 2_000, department); // room for three holds of 600, not four

        // Two more app hosts over the same database: three processes' worth of services, sharing only the database.
        var configuration = app.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>();
        var others = new[] { new SharedDatabaseAppHost(configuration), new SharedDatabaseAppHost(configuration) };
        var instances = new List<AsyncServiceScope>();
        try
        {
            foreach (var other in others) await other.InitializeAsync();
            foreach (var host in new AppHost[] { app, others[0], others[1] }) instances.Add(await host.TenantScopeAsync(tenant));
            var attempts = Enumerable.Range(0, 60).Select(async i =>
            {
                var services = instances[i % 3].ServiceProvider;
                var hold = await services.GetRequiredService<BudgetGate>().PlanAsync(members[i % members.Count], ChatAppHost.Model, perRequest - 500, 500);
                var reserved = await services.GetRequiredService<TokenAllowance>().ReserveAsync(AiProviderChoice.OwnOpenAIKey, null, (int)perRequest, TimeSpan.FromMinutes(20), hold);
                return (reserved.Lease, reserved.Refusal, hold!.RefusedLevel);
            });
            var results = await Task.WhenAll(attempts);

            Assert.Equal(3, results.Count(r => r.Lease is not null));
            Assert.All(results.Where(r => r.Lease is null), r => Assert.Equal((AnswerFailure.BudgetExceeded, BudgetLevel.Department), (r.Refusal!.Value, r.RefusedLevel!.Value)));
            var ledger = Assert.Single(await LedgersAsync(tenant, budget.Id));
            Assert.True(ledger.Spent + ledger.Reserved <= limit, $"spent {ledger.Spent} + reserved {ledger.Reserved} > {limit}");

            // Released holds are room again on every instance.
            foreach (var result in results.Where(r => r.Lease is not null)) await result.Lease!.DisposeAsync();
            Assert.Equal(0, Assert.Single(await LedgersAsync(tenant, budget.Id)).Reserved);
        }
        finally
        {
            foreach (var scope in instances) await scope.DisposeAsync();
            foreach (var other in others) await other.DisposeAsync();
        }
    }

    [Fact]
    public async Task Parallel_answers_at_the_edge_of_a_department_budget_cannot_overshoot_it()
    {
        var (tenant, _) = await WorkspaceAsync();
        var department = await DepartmentAsync(tenant);
        var members = new List<string>();
        for (var i = 0; i < 8; i++) members.Add(await MemberAsync(tenant, department));
        var budget = await BudgetAsync(tenant, BudgetLevel.Department, 100_000, departmentId: department);
        await UseAsync(tenant, members[0], 100_000 - 1_300, department); // room for two answers' holds, not three
        var marker = Marker();
        // All eight are in flight together: an answer that finished first would free its unused hold.
        app.Script(marker, Expensive with { DelayBeforeHeaders = TimeSpan.FromSeconds(2) });

        var answers = await Task.WhenAll(members.Select((member, i) => app.AskAsync(tenant, member, $"edge {i} {marker}")));

        Assert.Equal(2, answers.Count(a => a.Message.Status == MessageStatus.Completed));
        Assert.All(answers.Where(a => a.Message.Status != MessageStatus.Completed), a => Assert.Equal(MessageFailure.BudgetExceeded(BudgetLevel.Department), a.Message.Failure));
        Assert.Equal(2, app.RequestsWith(marker).Count);
        var ledger = Assert.Single(await LedgersAsync(tenant, budget.Id));
        Assert.True(ledger.Spent <= 100_000);
        Assert.Equal(0, ledger.Reserved);
    }

    [Fact]
    public async Task Another_workspaces_budgets_do_not_apply_and_are_not_visible()
    {
        var (tenant, _) = await WorkspaceAsync();
        var (other, otherMember) = await WorkspaceAsync();
        var budget = await BudgetAsync(tenant, BudgetLevel.Workspace, 1);
        await BudgetAsync(tenant, BudgetLevel.Member, 1);
        var marker = Marker();
        app.Script(marker, Expensive);

        Assert.Equal(MessageStatus.Completed, (await app.AskAsync(other, otherMember, "other " + marker)).Message.Status);
        Assert.Equal(0, await app.TenantDbAsync(other, db => db.Budgets.CountAsync()));
        Assert.Null(await app.TenantDbAsync(other, db => db.Budgets.FirstOrDefaultAsync(b => b.Id == budget.Id)));
        Assert.Empty(await app.TenantDbAsync(other, db => db.BudgetLedgers.ToListAsync()));
    }
}

/// <summary>Another app host over the database of a running one (its provider and connection string): a second instance.</summary>
internal sealed class SharedDatabaseAppHost : AiSettingsAppHost
{
    public SharedDatabaseAppHost(Microsoft.Extensions.Configuration.IConfiguration running)
    {
        Configure("Database:Provider", running["Database:Provider"]);
        Configure("ConnectionStrings:Default", running["ConnectionStrings:Default"]);
        // Hangfire's SQLite store stays this host's own; on PostgreSQL it is in the shared database, as in production.
        Configure("Hangfire:SqlitePath", Path.Combine(DataRoot, "hangfire.db"));
    }
}
