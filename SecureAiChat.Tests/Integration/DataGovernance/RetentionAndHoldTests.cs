using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.DataGovernance;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Team;
using SecureAiChat.Core.Usage;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.DataGovernance;

/// <summary>
/// Retention (the preview is the deletion, Tokyo days, department overrides), legal holds (they beat retention and the
/// member's own delete), the own-deletion switch, the run's receipt, isolation between workspaces and bad input.
/// </summary>
public sealed class RetentionAndHoldTests(AppHost app) : IClassFixture<AppHost>
{
    /// <summary>The run: 2026-12-10 03:00 in Tokyo (18:00 UTC the day before).</summary>
    private static readonly DateTimeOffset RunAt = new(2026, 12, 10, 3, 0, 0, TimeSpan.FromHours(9));

    private static readonly CultureInfo Ja = CultureInfo.GetCultureInfo("ja-JP");

    private sealed record Workspace(string TenantId, AppUser Owner, AppUser Member, AppUser Colleague, Guid Sales, Guid Legal);

    private async Task<Workspace> WorkspaceAsync()
    {
        var tenant = await app.CreateTenantAsync("gov" + Guid.NewGuid().ToString("N")[..8]);
        var owner = await app.CreateUserAsync(tenant.Id, $"owner@{tenant.Identifier}.example.jp", role: Roles.Owner, displayName: "オーナー 花子");
        var member = await app.CreateUserAsync(tenant.Id, $"member@{tenant.Identifier}.example.jp", displayName: "社員 太郎");
        var colleague = await app.CreateUserAsync(tenant.Id, $"colleague@{tenant.Identifier}.example.jp", displayName: "同僚 次郎");
        var (sales, legal) = await app.TenantDbAsync(tenant.Id, async db =>
        {
            var s = db.Departments.Add(new Department { Name = "営業部" }).Entity;
            var l = db.Departments.Add(new Department { Name = "法務部" }).Entity;
            await db.SaveChangesAsync();
            return (s.Id, l.Id);
        });
        return new Workspace(tenant.Id, owner, member, colleague, sales, legal);
    }

    private static ClaimsPrincipal As(AppUser user, string role) => new(new ClaimsIdentity(
        [new(ClaimTypes.NameIdentifier, user.Id), new(ClaimTypes.Role, role), new(AppClaimTypes.DisplayName, user.DisplayName)], "test"));

    private async Task<T> InAsync<T>(string tenantId, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = await app.TenantScopeAsync(tenantId);
        return await action(scope.ServiceProvider);
    }

    private Task<T> GovernanceAsync<T>(string tenantId, Func<DataGovernanceService, Task<T>> action) =>
        InAsync(tenantId, sp => action(sp.GetRequiredService<DataGovernanceService>()));

    /// <summary>A conversation last active at <paramref name="lastActivityUtc"/>, two messages and its usage record.</summary>
    private Task<Guid> ConversationAsync(string tenantId, AppUser owner, DateTime lastActivityUtc, string title = "会話") =>
        app.TenantDbAsync(tenantId, async db =>
        {
            var conversation = new Conversation { UserId = owner.Id, Title = title, Model = "gpt-4o-mini", CreatedAt = lastActivityUtc.AddHours(-1), UpdatedAt = lastActivityUtc };
            conversation.Messages.Add(new ConversationMessage { Role = MessageRole.User, Content = "質問 " + title, CreatedAt = lastActivityUtc.AddMinutes(-1) });
            conversation.Messages.Add(new ConversationMessage { Role = MessageRole.Assistant, Content = "回答", CreatedAt = lastActivityUtc });
            db.Conversations.Add(conversation);
            db.UsageRecords.Add(new UsageRecord { UserId = owner.Id, ConversationId = conversation.Id, Model = "gpt-4o-mini", InputTokens = 10, OutputTokens = 20, CreatedAt = lastActivityUtc });
            await db.SaveChangesAsync();
            return conversation.Id;
        });

    private static DateTime DaysAgo(int days, int hour = 12) =>
        new DateTimeOffset(RunAt.Date.AddDays(-days).AddHours(hour), TimeSpan.FromHours(9)).UtcDateTime;

    private Task MoveAsync(string tenantId, AppUser user, Guid? department) =>
        app.TenantDbAsync(tenantId, db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DepartmentId, department)));

    private Task SaveAsync(Workspace w, int? days, bool membersMayDelete = true, Dictionary<Guid, int?>? departments = null) =>
        GovernanceAsync(w.TenantId, async g =>
        {
            Assert.Empty((await g.SaveAsync(As(w.Owner, Roles.Owner), new RetentionInput(days, membersMayDelete, departments ?? []))).Problems);
            return 0;
        });

    private Task<HashSet<Guid>> RemainingAsync(string tenantId) =>
        app.TenantDbAsync(tenantId, async db => (await db.Conversations.Select(c => c.Id).ToListAsync()).ToHashSet());

    private Task<int> PreviewAsync(Workspace w) =>
        GovernanceAsync(w.TenantId, async g => await g.PreviewAsync((await g.GetAsync()).Rules, RunAt));

    private Task<RetentionRunResult> RunAsync(Workspace w) => GovernanceAsync(w.TenantId, g => g.RunRetentionAsync(RunAt));

    [Fact]
    public async Task A_conversation_last_active_N_Tokyo_days_ago_is_deleted_and_one_active_a_Tokyo_day_later_is_kept()
    {
        var w = await WorkspaceAsync();
        await SaveAsync(w, 30);
        // One UTC minute apart, the same UTC day, but 2026-11-10 23:59 and 2026-11-11 00:00 in Tokyo: 30 days and 29 days before the run.
        var due = await ConversationAsync(w.TenantId, w.Member, new DateTime(2026, 11, 10, 14, 59, 0, DateTimeKind.Utc));
        var kept = await ConversationAsync(w.TenantId, w.Member, new DateTime(2026, 11, 10, 15, 0, 0, DateTimeKind.Utc));

        Assert.Equal(1, await PreviewAsync(w));
        var result = await RunAsync(w);

        Assert.Equal((1, 2, 1), (result.Conversations, result.Messages, result.Members));
        Assert.Equal([kept], await RemainingAsync(w.TenantId));
        Assert.Equal(0, await app.TenantDbAsync(w.TenantId, db => db.ChatMessages.CountAsync(m => m.ConversationId == due)));
        // Usage records are the bill: they stay.
        Assert.Equal(1, await app.TenantDbAsync(w.TenantId, db => db.UsageRecords.CountAsync(u => u.ConversationId == due)));
        // Running again the same day deletes nothing more.
        Assert.Equal(0, (await RunAsync(w)).Conversations);
    }

    [Fact]
    public async Task The_preview_is_exactly_what_the_run_deletes_with_department_overrides_and_holds()
    {
        var w = await WorkspaceAsync();
        var noDepartment = w.Owner;
        await MoveAsync(w.TenantId, w.Member, w.Sales);     // 営業部: 30 days
        await MoveAsync(w.TenantId, w.Colleague, w.Legal);  // 法務部: keep forever
        await SaveAsync(w, 365, departments: new() { [w.Sales] = 30, [w.Legal] = null });
        var salesOld = await ConversationAsync(w.TenantId, w.Member, DaysAgo(100));
        var salesNew = await ConversationAsync(w.TenantId, w.Member, DaysAgo(10));
        var legalAncient = await ConversationAsync(w.TenantId, w.Colleague, DaysAgo(1000));
        var ownerOld = await ConversationAsync(w.TenantId, noDepartment, DaysAgo(100));
        var ownerAncient = await ConversationAsync(w.TenantId, noDepartment, DaysAgo(400));

        var preview = await PreviewAsync(w);
        var deleted = (await RunAsync(w)).Conversations;

        Assert.Equal(2, preview);
        Assert.Equal(preview, deleted);
        // The department's 30 days win over the workspace's 365; its keep-forever wins too; no department: the workspace's window.
        Assert.Equal(new HashSet<Guid> { salesNew, legalAncient, ownerOld }, await RemainingAsync(w.TenantId));
        Assert.DoesNotContain(salesOld, await RemainingAsync(w.TenantId));
        Assert.DoesNotContain(ownerAncient, await RemainingAsync(w.TenantId));
    }

    [Fact]
    public async Task A_hold_on_a_member_or_their_department_beats_retention_until_it_is_lifted()
    {
        var w = await WorkspaceAsync();
        await MoveAsync(w.TenantId, w.Colleague, w.Sales);
        await SaveAsync(w, 30);
        var held = await ConversationAsync(w.TenantId, w.Member, DaysAgo(60));
        var heldByDepartment = await ConversationAsync(w.TenantId, w.Colleague, DaysAgo(60));
        var free = await ConversationAsync(w.TenantId, w.Owner, DaysAgo(60));
        var owner = As(w.Owner, Roles.Owner);
        await GovernanceAsync(w.TenantId, async g =>
        {
            Assert.Empty((await g.PlaceHoldAsync(owner, new LegalHoldInput(LegalHoldScope.Member, w.Member.Id, null, "訴訟対応", "2026-ワ-1"))).Problems);
            Assert.Empty((await g.PlaceHoldAsync(owner, new LegalHoldInput(LegalHoldScope.Department, null, w.Sales, "社内調査", null))).Problems);
            return 0;
        });

        Assert.Equal(1, await PreviewAsync(w));
        Assert.Equal(1, (await RunAsync(w)).Conversations);
        Assert.Equal(new HashSet<Guid> { held, heldByDepartment }, await RemainingAsync(w.TenantId));
        Assert.DoesNotContain(free, await RemainingAsync(w.TenantId));

        var holds = await GovernanceAsync(w.TenantId, g => g.ListHoldsAsync());
        Assert.All(holds, h => Assert.Equal(("オーナー 花子", true), (h.PlacedByName, h.IsActive)));
        await GovernanceAsync(w.TenantId, async g =>
        {
            foreach (var hold in holds) Assert.Empty((await g.LiftHoldAsync(owner, hold.Id, "事案終了")).Problems);
            return 0;
        });
        var lifted = await GovernanceAsync(w.TenantId, g => g.ListHoldsAsync());
        Assert.All(lifted, h => Assert.Equal(("オーナー 花子", "事案終了", false), (h.LiftedByName, h.LiftReason, h.IsActive)));

        Assert.Equal(2, (await RunAsync(w)).Conversations);
        Assert.Empty(await RemainingAsync(w.TenantId));
    }

    [Fact]
    public async Task A_department_under_a_hold_cannot_be_deleted_and_once_lifted_its_override_goes_with_it()
    {
        var w = await WorkspaceAsync();
        var owner = As(w.Owner, Roles.Owner);
        await SaveAsync(w, 365, departments: new() { [w.Sales] = 30 });
        await GovernanceAsync(w.TenantId, async g =>
        {
            Assert.Empty((await g.PlaceHoldAsync(owner, new LegalHoldInput(LegalHoldScope.Department, null, w.Sales, "社内調査", null))).Problems);
            return 0;
        });

        Assert.Equal(TeamRefusal.DepartmentOnHold, (await InAsync(w.TenantId, sp => sp.GetRequiredService<DepartmentService>().DeleteAsync(w.Sales, w.Owner.Id, w.Owner.Email!))).Code);
        Assert.True(await app.TenantDbAsync(w.TenantId, db => db.Departments.AnyAsync(d => d.Id == w.Sales)));

        await GovernanceAsync(w.TenantId, async g =>
        {
            Assert.Empty((await g.LiftHoldAsync(owner, (await g.ListHoldsAsync()).Single().Id, "調査終了")).Problems);
            return 0;
        });
        Assert.True((await InAsync(w.TenantId, sp => sp.GetRequiredService<DepartmentService>().DeleteAsync(w.Sales, w.Owner.Id, w.Owner.Email!))).Succeeded);
        Assert.False(await app.TenantDbAsync(w.TenantId, db => db.DepartmentRetentions.AnyAsync()));
    }

    [Fact]
    public async Task Members_cannot_delete_held_conversations_nor_any_when_the_switch_is_off()
    {
        var w = await WorkspaceAsync();
        var mine = await ConversationAsync(w.TenantId, w.Member, DaysAgo(1));
        var colleagues = await ConversationAsync(w.TenantId, w.Colleague, DaysAgo(1));
        await MoveAsync(w.TenantId, w.Colleague, w.Legal);
        await GovernanceAsync(w.TenantId, async g =>
        {
            Assert.Empty((await g.PlaceHoldAsync(As(w.Owner, Roles.Owner), new LegalHoldInput(LegalHoldScope.Member, w.Member.Id, null, "訴訟対応", null))).Problems);
            Assert.Empty((await g.PlaceHoldAsync(As(w.Owner, Roles.Owner), new LegalHoldInput(LegalHoldScope.Department, null, w.Legal, "社内調査", null))).Problems);
            return 0;
        });

        await InAsync(w.TenantId, async sp =>
        {
            var chat = ChatParts.From(sp);
            Assert.Equal(ConversationDeleteOutcome.OnHold, (await chat.Conversations.DeleteAsync(w.Member.Id, mine)).Code);
            Assert.Equal(ConversationDeleteOutcome.OnHold, (await chat.Conversations.DeleteAllAsync(w.Member.Id)).Code);
            Assert.Equal(ConversationDeleteOutcome.OnHold, (await chat.Conversations.DeleteAsync(w.Colleague.Id, colleagues)).Code);
            return 0;
        });
        Assert.Equal(new HashSet<Guid> { mine, colleagues }, await RemainingAsync(w.TenantId));

        var owners = await ConversationAsync(w.TenantId, w.Owner, DaysAgo(1));
        await SaveAsync(w, null, membersMayDelete: false);
        await InAsync(w.TenantId, async sp =>
        {
            var chat = ChatParts.From(sp);
            Assert.Equal(ConversationDeleteOutcome.NotAllowed, (await chat.Conversations.DeleteAsync(w.Owner.Id, owners)).Code);
            Assert.Equal(ConversationDeleteOutcome.NotAllowed, (await chat.Conversations.DeleteAllAsync(w.Owner.Id)).Code);
            return 0;
        });
        Assert.Contains(owners, await RemainingAsync(w.TenantId));

        await SaveAsync(w, null, membersMayDelete: true);
        Assert.True((await InAsync(w.TenantId, sp => ChatParts.From(sp).Conversations.DeleteAsync(w.Owner.Id, owners))).Succeeded);
    }

    [Fact]
    public async Task The_run_writes_a_receipt_with_counts_and_never_a_title_or_message()
    {
        var w = await WorkspaceAsync();
        await SaveAsync(w, 90);
        await ConversationAsync(w.TenantId, w.Member, DaysAgo(120), "極秘 買収計画 X7");
        await ConversationAsync(w.TenantId, w.Colleague, DaysAgo(200), "極秘 人事 X7");

        await RunAsync(w);

        var receipt = await app.TenantDbAsync(w.TenantId, db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == AuditActions.RetentionRun));
        Assert.Equal(AuditActorKind.System, receipt.ActorKind);
        Assert.Contains("\"conversations\":2", receipt.Details, StringComparison.Ordinal);
        Assert.Contains("\"messages\":4", receipt.Details, StringComparison.Ordinal);
        Assert.Contains("\"members\":2", receipt.Details, StringComparison.Ordinal);
        var entries = await app.TenantDbAsync(w.TenantId, db => db.AuditEntries.AsNoTracking().ToListAsync());
        Assert.All(entries, e => Assert.DoesNotContain("X7", string.Join("|", e.TargetDisplay, e.Details), StringComparison.Ordinal));
        // A workspace that keeps everything is not touched and gets no receipt.
        var keeper = await WorkspaceAsync();
        await ConversationAsync(keeper.TenantId, keeper.Member, DaysAgo(3000));
        Assert.Equal(0, (await RunAsync(keeper)).Conversations);
        Assert.False(await app.TenantDbAsync(keeper.TenantId, db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.RetentionRun)));
    }

    [Fact]
    public async Task Another_workspaces_conversations_and_holds_are_untouched_and_not_found()
    {
        var w = await WorkspaceAsync();
        var other = await WorkspaceAsync();
        await SaveAsync(w, 30);
        var theirs = await ConversationAsync(other.TenantId, other.Member, DaysAgo(500));
        await GovernanceAsync(other.TenantId, async g =>
        {
            Assert.Empty((await g.PlaceHoldAsync(As(other.Owner, Roles.Owner), new LegalHoldInput(LegalHoldScope.Member, other.Member.Id, null, "他社の案件", null))).Problems);
            return 0;
        });
        var theirHold = (await GovernanceAsync(other.TenantId, g => g.ListHoldsAsync())).Single().Id;

        await app.Services.GetRequiredService<RetentionJob>().RunForAsync(w.TenantId, CancellationToken.None);

        Assert.Equal([theirs], await RemainingAsync(other.TenantId));
        await GovernanceAsync(w.TenantId, async g =>
        {
            var owner = As(w.Owner, Roles.Owner);
            Assert.Empty(await g.ListHoldsAsync());
            Assert.Equal([new Problem<DataGovernanceProblem>(DataGovernanceProblem.HoldNotFound)], (await g.LiftHoldAsync(owner, theirHold, "解除")).Problems);
            Assert.Equal([new Problem<DataGovernanceProblem>(DataGovernanceProblem.UnknownTarget)],
                (await g.PlaceHoldAsync(owner, new LegalHoldInput(LegalHoldScope.Member, other.Member.Id, null, "理由", null))).Problems);
            Assert.Equal([new Problem<DataGovernanceProblem>(DataGovernanceProblem.UnknownTarget)],
                (await g.PlaceHoldAsync(owner, new LegalHoldInput(LegalHoldScope.Department, null, other.Sales, "理由", null))).Problems);
            Assert.DoesNotContain(await g.MembersAsync(), m => m.Id == other.Member.Id);
            return 0;
        });
        Assert.Null(await app.TenantDbAsync(other.TenantId, db => db.LegalHolds.Where(h => h.Id == theirHold).Select(h => h.LiftedAt).SingleAsync()));
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_message_and_saves_nothing()
    {
        var w = await WorkspaceAsync();
        var owner = As(w.Owner, Roles.Owner);
        await GovernanceAsync(w.TenantId, async g =>
        {
            Assert.Equal([new Problem<DataGovernanceProblem>(DataGovernanceProblem.Days)],
                (await g.SaveAsync(owner, new RetentionInput(29, false, new Dictionary<Guid, int?>()))).Problems);
            Assert.Equal([new Problem<DataGovernanceProblem>(DataGovernanceProblem.Days)],
                (await g.SaveAsync(owner, new RetentionInput(3651, false, new Dictionary<Guid, int?>()))).Problems);
            Assert.Equal([new Problem<DataGovernanceProblem>(DataGovernanceProblem.DepartmentDays, "営業部")],
                (await g.SaveAsync(owner, new RetentionInput(90, false, new Dictionary<Guid, int?> { [w.Sales] = 10 }))).Problems);
            Assert.Equal([new Problem<DataGovernanceProblem>(DataGovernanceProblem.NotAllowed)],
                (await g.SaveAsync(As(w.Member, Roles.Member), new RetentionInput(90, false, new Dictionary<Guid, int?>()))).Problems);
            Assert.Equal([new Problem<DataGovernanceProblem>(DataGovernanceProblem.NotAllowed)],
                (await g.SaveAsync(As(w.Owner, Roles.Auditor), new RetentionInput(90, false, new Dictionary<Guid, int?>()))).Problems);

            Assert.Equal([new Problem<DataGovernanceProblem>(DataGovernanceProblem.ReasonRequired)], (await g.PlaceHoldAsync(owner, new LegalHoldInput(LegalHoldScope.Member, w.Member.Id, null, "  ", null))).Problems);
            Assert.Equal([new Problem<DataGovernanceProblem>(DataGovernanceProblem.NotAllowed)],
                (await g.PlaceHoldAsync(As(w.Owner, Roles.Admin), new LegalHoldInput(LegalHoldScope.Member, w.Member.Id, null, "理由", null))).Problems);
            // An Auditor may place one; a second on the same member overlaps the active one.
            Assert.Empty((await g.PlaceHoldAsync(As(w.Colleague, Roles.Auditor), new LegalHoldInput(LegalHoldScope.Member, w.Member.Id, null, "監査", null))).Problems);
            Assert.Equal([new Problem<DataGovernanceProblem>(DataGovernanceProblem.AlreadyHeld, "社員 太郎")],
                (await g.PlaceHoldAsync(owner, new LegalHoldInput(LegalHoldScope.Member, w.Member.Id, null, "別件", null))).Problems);
            var hold = (await g.ListHoldsAsync()).Single();
            Assert.Equal([new Problem<DataGovernanceProblem>(DataGovernanceProblem.LiftReasonRequired)], (await g.LiftHoldAsync(owner, hold.Id, "")).Problems);
            Assert.True((await g.ListHoldsAsync()).Single().IsActive);
            return 0;
        });

        Assert.False(await app.TenantDbAsync(w.TenantId, db => db.RetentionPolicies.AnyAsync()));
        Assert.False(await app.TenantDbAsync(w.TenantId, db => db.DepartmentRetentions.AnyAsync()));
        Assert.Equal(1, await app.TenantDbAsync(w.TenantId, db => db.LegalHolds.CountAsync()));

        // The page words the codes; the sentences are the page's resources in both languages.
        var page = new System.Resources.ResourceManager(typeof(SecureAiChat.Web.Features.DataGovernance.DataGovernancePageStrings));
        string Sentence(string key, CultureInfo culture, params object[] args) => string.Format(culture, page.GetString(key, culture)!, args);
        Assert.Equal("保存期間は 30〜3650 日の範囲で指定するか、「無期限に保存」を選んでください。", Sentence("DataGovernanceProblem_Days", Ja, RetentionPolicy.MinDays, RetentionPolicy.MaxDays));
        Assert.Equal("The retention period must be between 30 and 3650 days, or choose \"Keep forever\".",
            Sentence("DataGovernanceProblem_Days", CultureInfo.GetCultureInfo("en-US"), RetentionPolicy.MinDays, RetentionPolicy.MaxDays));
        Assert.Equal("部署「営業部」の保存期間は 30〜3650 日の範囲で指定するか、「無期限に保存」を選んでください。",
            Sentence("DataGovernanceProblem_DepartmentDays", Ja, "営業部", RetentionPolicy.MinDays, RetentionPolicy.MaxDays));
        Assert.Equal("「社員 太郎」にはすでに有効なリーガルホールドがあります。", Sentence("DataGovernanceProblem_AlreadyHeld", Ja, "社員 太郎"));
        Assert.Equal([AuditActions.LegalHoldPlaced], await app.TenantDbAsync(w.TenantId, db =>
            db.AuditEntries.Where(e => e.Action.StartsWith("settings.") || e.Action.StartsWith("content.")).Select(e => e.Action).ToListAsync()));
    }

    [Fact]
    public void Retention_is_registered_as_a_daily_recurring_job_at_three_in_Tokyo()
    {
        using var connection = app.Services.GetRequiredService<Hangfire.JobStorage>().GetConnection();
        var recurring = Assert.Single(Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection), j => j.Id == RetentionJob.RecurringJobId);
        Assert.Equal(("0 3 * * *", typeof(RetentionJob)), (recurring.Cron, recurring.Job.Type));
        Assert.Contains(recurring.TimeZoneId, new[] { "Asia/Tokyo", "Tokyo Standard Time" });
    }

    [Fact]
    public async Task The_page_is_refused_to_members_and_each_role_gets_only_its_own_controls()
    {
        var tenant = await app.CreateTenantAsync("govpage" + Guid.NewGuid().ToString("N")[..8]);
        var id = tenant.Identifier;
        var member = await app.CreateUserAsync(tenant.Id, $"member@{id}.example.jp");
        var admin = await app.CreateUserAsync(tenant.Id, $"admin@{id}.example.jp", role: Roles.Admin);
        var auditor = await app.CreateUserAsync(tenant.Id, $"auditor@{id}.example.jp", role: Roles.Auditor);
        var owner = await app.CreateUserAsync(tenant.Id, $"owner@{id}.example.jp", role: Roles.Owner);

        using var memberClient = await app.SignInAsync(id, member.Email!);
        var refused = await memberClient.GetAsync(app.TenantUri(id, "/settings/data"));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/Account/AccessDenied", refused.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"nav-data\"", await memberClient.GetStringAsync(app.TenantUri(id, "/")), StringComparison.Ordinal);

        async Task<string> PageAsync(AppUser user)
        {
            using var client = await app.SignInAsync(id, user.Email!);
            return await client.GetStringAsync(app.TenantUri(id, "/settings/data"));
        }

        // Admins edit retention, not holds; Auditors the other way round; Owners both.
        var adminPage = await PageAsync(admin);
        Assert.Contains("data-testid=\"gov-save\"", adminPage, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"gov-hold-readonly\"", adminPage, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"gov-hold-place\"", adminPage, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"nav-data\"", adminPage, StringComparison.Ordinal);
        var auditorPage = await PageAsync(auditor);
        Assert.Contains("data-testid=\"gov-readonly\"", auditorPage, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"gov-hold-place\"", auditorPage, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"gov-save\"", auditorPage, StringComparison.Ordinal);
        var ownerPage = await PageAsync(owner);
        Assert.Contains("data-testid=\"gov-save\"", ownerPage, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"gov-hold-place\"", ownerPage, StringComparison.Ordinal);
    }
}
