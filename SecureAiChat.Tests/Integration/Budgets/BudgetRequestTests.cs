using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Budgets;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Identity;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Budgets;

/// <summary>"Request more" (稟議): who may decide, approve smaller, deny, decide once, grants that end with the period, isolation, bad input.</summary>
public sealed class BudgetRequestTests(BudgetFlowAppHost app) : IClassFixture<BudgetFlowAppHost>
{
    private sealed record Workspace(string Tenant, Guid Department, string Admin, string Manager, string Member, Budget Budget);

    /// <summary>A department with a manager, a member who used its whole 1,000-token hard-stop budget, and an admin.</summary>
    private async Task<Workspace> WorkspaceAsync()
    {
        var tenant = (await app.CreateTenantAsync("br" + Guid.NewGuid().ToString("N")[..8])).Id;
        var department = await app.DepartmentAsync(tenant);
        var admin = await app.MemberAsync(tenant, role: Roles.Admin);
        var manager = await app.MemberAsync(tenant, department);
        var member = await app.MemberAsync(tenant, department, culture: "en");
        await app.AddManagerAsync(tenant, department, manager);
        var budget = await app.BudgetAsync(tenant, BudgetLevel.Department, 1_000, BudgetMode.HardStop, department);
        await app.UseAsync(tenant, member, 1_000, department);
        return new Workspace(tenant, department, admin, manager, member, budget);
    }

    private async Task<T> RequestsAsync<T>(string tenant, Func<BudgetRequestService, Task<T>> action)
    {
        await using var scope = await app.TenantScopeAsync(tenant);
        return await action(scope.ServiceProvider.GetRequiredService<BudgetRequestService>());
    }

    private async Task<Guid> SubmitAsync(Workspace w, long amount = 5_000, string reason = "月末の提案書作成のため")
    {
        var sent = await RequestsAsync(w.Tenant, s => s.SubmitAsync(w.Member, w.Budget.Id, amount, reason));
        Assert.True(sent.Succeeded, sent.ToString());
        return sent.Value;
    }

    /// <summary>The refusal's code, or null when the decision was saved.</summary>
    private async Task<BudgetRequestProblem?> DecideAsync(Workspace w, string actor, Guid id, bool approve, long? amount = null, string? comment = null) =>
        (await RequestsAsync(w.Tenant, s => s.DecideAsync(actor, id, approve, amount, comment))).Code;

    private Task<long> GrantedAsync(Workspace w) =>
        app.TenantDbAsync(w.Tenant, db => db.BudgetLedgers.Where(l => l.BudgetId == w.Budget.Id).SumAsync(l => l.Granted));

    private Task<BudgetRequest> RequestAsync(Workspace w, Guid id) => app.TenantDbAsync(w.Tenant, db => db.BudgetRequests.AsNoTracking().SingleAsync(r => r.Id == id));

    private Task<List<string>> AuditAsync(Workspace w) =>
        app.TenantDbAsync(w.Tenant, db => db.AuditEntries.Where(e => e.Action.StartsWith("settings.budget.request")).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync());

    private async Task<MessageStatus> AskAsync(Workspace w)
    {
        var marker = "r" + Guid.NewGuid().ToString("N")[..10];
        app.Script(marker, new UpstreamScript { Reply = "ok", PromptTokens = 11, CompletionTokens = 100 });
        return (await app.AskAsync(w.Tenant, w.Member, "more " + marker)).Message.Status;
    }

    [Fact]
    public async Task A_manager_approves_a_smaller_amount_that_lifts_the_hard_stop_and_both_sides_are_mailed_and_audited()
    {
        var w = await WorkspaceAsync();
        Assert.Equal(MessageStatus.Failed, await AskAsync(w));

        var id = await SubmitAsync(w);
        Assert.Contains("依頼", Assert.Single(app.PickedUpMailTo(await app.EmailOfAsync(w.Tenant, w.Manager))).Subject);
        Assert.Single(app.PickedUpMailTo(await app.EmailOfAsync(w.Tenant, w.Admin)));
        Assert.Single(await RequestsAsync(w.Tenant, s => s.PendingAsync(w.Manager)));

        Assert.Null(await DecideAsync(w, w.Manager, id, approve: true, amount: 3_000, comment: "今月に限り"));

        var request = await RequestAsync(w, id);
        Assert.Equal((BudgetRequestStatus.Approved, 3_000L, w.Manager), (request.Status, request.ApprovedAmount!.Value, request.DeciderId!));
        Assert.Equal(3_000, await GrantedAsync(w));
        var decision = Assert.Single(app.PickedUpMailTo(await app.EmailOfAsync(w.Tenant, w.Member)));
        Assert.Contains("approved", decision.Subject);
        Assert.Contains("3,000 tokens", decision.Subject);
        Assert.Empty(await RequestsAsync(w.Tenant, s => s.PendingAsync(w.Manager)));
        Assert.Equal([AuditActions.BudgetRequested, AuditActions.BudgetRequestApproved], await AuditAsync(w));
        Assert.Equal(MessageStatus.Completed, await AskAsync(w));
        Assert.Equal(4_000, Assert.Single(await MemberLinesAsync(w)).Limit);
    }

    private async Task<IReadOnlyList<BudgetLine>> MemberLinesAsync(Workspace w)
    {
        await using var scope = await app.TenantScopeAsync(w.Tenant);
        return await scope.ServiceProvider.GetRequiredService<BudgetService>().ForMemberAsync(w.Member);
    }

    [Fact]
    public async Task A_denial_needs_a_comment_grants_nothing_and_tells_the_member()
    {
        var w = await WorkspaceAsync();
        var id = await SubmitAsync(w);

        Assert.Equal(BudgetRequestProblem.CommentRequired, await DecideAsync(w, w.Admin, id, approve: false, comment: "  "));
        Assert.Equal(BudgetRequestStatus.Pending, (await RequestAsync(w, id)).Status);
        Assert.Null(await DecideAsync(w, w.Admin, id, approve: false, comment: "来期の予算で対応してください"));

        Assert.Equal(BudgetRequestStatus.Denied, (await RequestAsync(w, id)).Status);
        Assert.Equal(0, await GrantedAsync(w));
        Assert.Contains("denied", Assert.Single(app.PickedUpMailTo(await app.EmailOfAsync(w.Tenant, w.Member))).Subject);
        Assert.Equal([AuditActions.BudgetRequested, AuditActions.BudgetRequestDenied], await AuditAsync(w));
    }

    [Fact]
    public async Task Two_approvers_deciding_at_once_decide_once_and_a_later_decision_is_refused()
    {
        var w = await WorkspaceAsync();
        var id = await SubmitAsync(w);

        var both = await Task.WhenAll(
            DecideAsync(w, w.Manager, id, approve: true, amount: 2_000),
            DecideAsync(w, w.Admin, id, approve: true, amount: 5_000));
        var again = await DecideAsync(w, w.Admin, id, approve: false, comment: "やはり却下");

        Assert.Single(both, p => p is null);
        Assert.Single(both, p => p == BudgetRequestProblem.AlreadyDecided);
        Assert.Equal(BudgetRequestProblem.AlreadyDecided, again);
        Assert.Equal(BudgetRequestStatus.Approved, (await RequestAsync(w, id)).Status);
        Assert.Contains(await GrantedAsync(w), new long[] { 2_000, 5_000 });
        Assert.Single(await AuditAsync(w), a => a == AuditActions.BudgetRequestApproved);
    }

    [Fact]
    public async Task Only_the_departments_managers_and_the_admins_decide_and_nobody_decides_their_own_request()
    {
        var w = await WorkspaceAsync();
        var elsewhere = await app.DepartmentAsync(w.Tenant, "経理部");
        var otherManager = await app.MemberAsync(w.Tenant, elsewhere);
        await app.AddManagerAsync(w.Tenant, elsewhere, otherManager);
        var colleague = await app.MemberAsync(w.Tenant, w.Department);
        var id = await SubmitAsync(w);

        Assert.Equal(BudgetRequestProblem.NotApprover, await DecideAsync(w, otherManager, id, approve: true));
        Assert.Equal(BudgetRequestProblem.NotApprover, await DecideAsync(w, colleague, id, approve: true));
        Assert.Equal(BudgetRequestProblem.OwnRequest, await DecideAsync(w, w.Member, id, approve: true));
        Assert.Empty(await RequestsAsync(w.Tenant, s => s.PendingAsync(otherManager)));
        Assert.Equal(BudgetRequestProblem.AboveRequested, await DecideAsync(w, w.Manager, id, approve: true, amount: 5_001));

        // An admin's own request: not theirs to decide either; the other admin's (or a manager's) call.
        await app.TenantDbAsync(w.Tenant, db => db.Users.Where(u => u.Id == w.Admin).ExecuteUpdateAsync(s => s.SetProperty(u => u.DepartmentId, w.Department)));
        var own = await RequestsAsync(w.Tenant, s => s.SubmitAsync(w.Admin, w.Budget.Id, 100, "検証"));
        Assert.Equal(BudgetRequestProblem.OwnRequest, await DecideAsync(w, w.Admin, own.Value, approve: true));

        Assert.Equal(BudgetRequestStatus.Pending, (await RequestAsync(w, id)).Status);
        Assert.Equal(0, await GrantedAsync(w));
        Assert.Equal([AuditActions.BudgetRequested, AuditActions.BudgetRequested], await AuditAsync(w));
    }

    [Theory]
    [InlineData(0, "理由")]
    [InlineData(-1_000, "理由")]
    [InlineData(Budget.MaxTokens + 1, "理由")]
    [InlineData(1_000, "   ")]
    public async Task Bad_amounts_or_an_empty_reason_are_refused_and_nothing_is_saved(long amount, string reason)
    {
        var w = await WorkspaceAsync();

        var sent = await RequestsAsync(w.Tenant, s => s.SubmitAsync(w.Member, w.Budget.Id, amount, reason));

        Assert.Equal(reason.Trim().Length == 0 ? BudgetRequestProblem.ReasonRequired : BudgetRequestProblem.AmountOutOfRange, sent.Code);
        Assert.Equal(Guid.Empty, sent.Value);
        Assert.Equal(0, await app.TenantDbAsync(w.Tenant, db => db.BudgetRequests.CountAsync()));
        Assert.Empty(await AuditAsync(w));
    }

    [Fact]
    public async Task A_grant_ends_with_its_Tokyo_month_and_a_request_left_pending_cannot_be_approved_after_it()
    {
        app.Clock.Set(new DateTimeOffset(2026, 11, 30, 14, 0, 0, TimeSpan.Zero)); // 23:00 on 30 November in Tokyo
        try
        {
            var tenant = (await app.CreateTenantAsync("bg" + Guid.NewGuid().ToString("N")[..8])).Id;
            var admin = await app.MemberAsync(tenant, role: Roles.Admin);
            var member = await app.MemberAsync(tenant);
            var budget = await app.BudgetAsync(tenant, BudgetLevel.Member, 1_000, BudgetMode.HardStop, userId: member, unit: BudgetUnit.Yen);
            var w = new Workspace(tenant, Guid.Empty, admin, admin, member, budget);
            var granted = await SubmitAsync(w, 500);
            // One pending request per member, budget and period.
            Assert.Equal(BudgetRequestProblem.AlreadyPending, (await RequestsAsync(tenant, s => s.SubmitAsync(member, budget.Id, 200, "追加"))).Code);
            Assert.Null(await DecideAsync(w, admin, granted, approve: true));
            Assert.Equal(1_500, Assert.Single(await MemberLinesAsync(w)).Limit);
            var pending = (await RequestsAsync(tenant, s => s.SubmitAsync(member, budget.Id, 300, "もう少し"))).Value;

            app.Clock.Set(new DateTimeOffset(2026, 11, 30, 15, 0, 0, TimeSpan.Zero)); // midnight, 1 December in Tokyo

            Assert.Equal(1_000, Assert.Single(await MemberLinesAsync(w)).Limit);
            Assert.Equal(BudgetRequestProblem.PeriodEnded, await DecideAsync(w, admin, pending, approve: true));
            Assert.Equal(BudgetRequestStatus.Pending, (await RequestAsync(w, pending)).Status);
            Assert.Null(await DecideAsync(w, admin, pending, approve: false, comment: "期が変わりました"));
        }
        finally
        {
            app.Clock.Reset();
        }
    }

    [Fact]
    public async Task Another_workspaces_request_is_not_found_and_not_listed()
    {
        var w = await WorkspaceAsync();
        var other = await WorkspaceAsync();
        var theirs = await SubmitAsync(other);

        Assert.Equal(BudgetRequestProblem.NotFound, await DecideAsync(w, w.Admin, theirs, approve: true));
        Assert.Empty(await RequestsAsync(w.Tenant, s => s.PendingAsync(w.Admin)));
        Assert.Equal(BudgetRequestProblem.NotFound, (await RequestsAsync(w.Tenant, s => s.SubmitAsync(w.Member, other.Budget.Id, 100, "理由"))).Code);
        Assert.Equal(BudgetRequestStatus.Pending, (await RequestAsync(other, theirs)).Status);
    }
}

/// <summary>The remaining bad input: a period change mid-year while an answer holds a reservation.</summary>
public sealed class BudgetPeriodChangeTests(BudgetFlowAppHost app) : IClassFixture<BudgetFlowAppHost>
{
    [Fact]
    public async Task An_answer_in_flight_when_the_period_changes_settles_on_the_ledger_it_reserved_on_and_nothing_stays_reserved()
    {
        var tenant = (await app.CreateTenantAsync("bp" + Guid.NewGuid().ToString("N")[..8])).Id;
        var member = await app.MemberAsync(tenant);
        var budget = await app.BudgetAsync(tenant, BudgetLevel.Member, 100_000, BudgetMode.HardStop, userId: member);
        await using var scope = await app.TenantScopeAsync(tenant);
        var services = scope.ServiceProvider;
        var hold = await services.GetRequiredService<BudgetGate>().PlanAsync(member, ChatAppHost.Model, 100, 500);
        var reservation = await services.GetRequiredService<SecureAiChat.Core.Usage.TokenAllowance>()
            .ReserveAsync(SecureAiChat.Core.Settings.AiProviderChoice.SystemDefault, null, 600, TimeSpan.FromMinutes(10), hold);
        Assert.NotNull(reservation.Lease);
        var month = Assert.Single(await app.TenantDbAsync(tenant, db => db.BudgetLedgers.AsNoTracking().ToListAsync()));
        Assert.Equal(600, month.Reserved);

        // The admin changes the period to the fiscal year (confirmed) while the answer streams.
        Assert.Empty((await services.GetRequiredService<BudgetService>().SaveAsync(new BudgetForm
        {
            Id = budget.Id, Unit = BudgetUnit.Tokens, Amount = 100_000, Period = BudgetPeriod.FiscalYear, ConfirmPeriodChange = true,
        })).Problems);
        await hold!.SettleAsync(11, 500);
        await reservation.Lease!.DisposeAsync();

        var ledgers = await app.TenantDbAsync(tenant, db => db.BudgetLedgers.AsNoTracking().ToListAsync());
        var settled = Assert.Single(ledgers, l => l.Id == month.Id);
        Assert.Equal((511L, 0L), (settled.Spent, settled.Reserved));
        Assert.All(ledgers, l => Assert.Equal(0, l.Reserved));
        Assert.Equal(0, await app.TenantDbAsync(tenant, db => db.BudgetReservations.CountAsync()));
        // The next answer reserves on the fiscal year's ledger.
        var next = await services.GetRequiredService<BudgetGate>().PlanAsync(member, ChatAppHost.Model, 100, 500);
        await using var nextReservation = (await services.GetRequiredService<SecureAiChat.Core.Usage.TokenAllowance>()
            .ReserveAsync(SecureAiChat.Core.Settings.AiProviderChoice.SystemDefault, null, 600, TimeSpan.FromMinutes(10), next)).Lease!;
        var fiscal = Assert.Single(await app.TenantDbAsync(tenant, db => db.BudgetLedgers.AsNoTracking().Where(l => l.PeriodKey.StartsWith("FY")).ToListAsync()));
        Assert.Equal(600, fiscal.Reserved);
    }
}
