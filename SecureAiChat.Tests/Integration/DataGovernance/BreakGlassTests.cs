using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.DataGovernance.BreakGlass;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.DataGovernance;

/// <summary>
/// Break-glass access: request validation, approval by someone other than the requester (another Owner or an Auditor),
/// the single Owner's confirmation with password and 2FA, a single approval under two at once, expiry enforced from the
/// stored end with a fixed clock, revocation, the member's mail and banner, the viewer's refusals (no grant, expired,
/// another member's conversation, another Owner, another workspace) and an audit entry for every step.
/// </summary>
public sealed class BreakGlassTests(AppHost app) : IClassFixture<AppHost>
{
    private const string Secret = "極秘の買収計画 ZX-9981";

    private sealed record Workspace(AppTenantInfo Tenant, AppUser Owner, AppUser Member, Guid Conversation, string OwnerKey);

    private async Task<Workspace> WorkspaceAsync(bool ownerHasTwoFactor = true)
    {
        var tenant = await app.CreateTenantAsync("bg" + Guid.NewGuid().ToString("N")[..8], "緊急閲覧テスト株式会社");
        var owner = await app.CreateUserAsync(tenant.Id, $"owner@{tenant.Identifier}.example.jp", role: Roles.Owner, displayName: "オーナー 花子");
        var member = await app.CreateUserAsync(tenant.Id, $"member@{tenant.Identifier}.example.jp", displayName: "社員 太郎");
        var conversation = await app.TenantDbAsync(tenant.Id, async db =>
        {
            var c = db.Conversations.Add(new Conversation { UserId = member.Id, Title = "取引先との打ち合わせ", Model = "gpt-4o-mini", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow }).Entity;
            db.Set<ConversationMessage>().Add(new ConversationMessage { ConversationId = c.Id, Role = MessageRole.User, Content = Secret, CreatedAt = DateTime.UtcNow });
            db.Set<ConversationMessage>().Add(new ConversationMessage { ConversationId = c.Id, Role = MessageRole.Assistant, Content = "承知しました。", RenderedHtml = "<p>承知しました。</p>", CreatedAt = DateTime.UtcNow.AddSeconds(1) });
            await db.SaveChangesAsync();
            return c.Id;
        });
        var key = "";
        if (ownerHasTwoFactor)
        {
            await using var scope = await app.TenantScopeAsync(tenant.Id);
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByIdAsync(owner.Id))!;
            await users.ResetAuthenticatorKeyAsync(user);
            key = (await users.GetAuthenticatorKeyAsync(user))!;
            await users.SetTwoFactorEnabledAsync(user, true);
        }

        return new Workspace(tenant, owner, member, conversation, key);
    }

    private Task<AppUser> AddAsync(Workspace w, string role, string name) =>
        app.CreateUserAsync(w.Tenant.Id, $"{role.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..6]}@{w.Tenant.Identifier}.example.jp", role: role, displayName: name);

    private static ClaimsPrincipal As(AppUser user, string role) => new(new ClaimsIdentity(
        [new(ClaimTypes.NameIdentifier, user.Id), new(ClaimTypes.Role, role), new(AppClaimTypes.DisplayName, user.DisplayName)], "test"));

    // Each accepted code uses the next time step (the authenticator refuses a step it already accepted).
    private int _step;

    private string NextCode(Workspace w) => Totp.Code(w.OwnerKey, DateTimeOffset.UtcNow.AddSeconds(30 * Interlocked.Increment(ref _step) - 30));

    private async Task<T> WithAsync<T>(Workspace w, Func<BreakGlassService, Task<T>> call, TimeProvider? time = null)
    {
        await using var scope = await app.TenantScopeAsync(w.Tenant.Id);
        var service = time is null
            ? scope.ServiceProvider.GetRequiredService<BreakGlassService>()
            : ActivatorUtilities.CreateInstance<BreakGlassService>(scope.ServiceProvider, time);
        return await call(service);
    }

    private Task<Result<Guid, BreakGlassProblem>> RequestAsync(Workspace w, string? reason = "情報漏えいの社内調査（案件 INV-42）", int hours = 24, string? target = null, AppUser? by = null) =>
        WithAsync(w, s => s.RequestAsync(As(by ?? w.Owner, Roles.Owner), new BreakGlassRequestInput(target ?? w.Member.Id, reason, hours)));

    private async Task<Guid> OpenGrantAsync(Workspace w, AppUser approver, string approverRole)
    {
        var requested = await RequestAsync(w);
        Assert.Empty(requested.Problems);
        var approved = await WithAsync(w, s => s.ApproveAsync(As(approver, approverRole), requested.Value));
        Assert.Empty(approved.Problems);
        return requested.Value;
    }

    private Task<List<AuditEntry>> AuditAsync(Workspace w, string action) =>
        app.TenantDbAsync(w.Tenant.Id, db => db.AuditEntries.AsNoTracking().Where(e => e.Action == action).OrderBy(e => e.Sequence).ToListAsync());

    private Task<BreakGlassGrant> GrantAsync(Workspace w, Guid id) =>
        app.TenantDbAsync(w.Tenant.Id, db => db.BreakGlassGrants.AsNoTracking().SingleAsync(g => g.Id == id));

    [Fact]
    public async Task A_request_needs_a_reason_a_period_of_1_to_72_hours_and_a_member_of_this_workspace_and_bad_input_saves_nothing()
    {
        var w = await WorkspaceAsync();
        var other = await WorkspaceAsync();
        var gone = await AddAsync(w, Roles.Member, "退職者");
        await app.TenantDbAsync(w.Tenant.Id, async db => { (await db.Users.SingleAsync(u => u.Id == gone.Id)).IsActive = false; return await db.SaveChangesAsync(); });

        var noReason = await RequestAsync(w, reason: "   ");
        var tooLong = await RequestAsync(w, reason: new string('理', BreakGlassGrant.ReasonMaxLength + 1));
        var zero = await RequestAsync(w, hours: 0);
        var tooMany = await RequestAsync(w, hours: 73);
        var otherWorkspace = await RequestAsync(w, target: other.Member.Id);
        var unknown = await RequestAsync(w, target: "no-such-user");
        var deactivated = await RequestAsync(w, target: gone.Id);
        var self = await RequestAsync(w, target: w.Owner.Id);
        var admin = await AddAsync(w, Roles.Admin, "管理者");
        var byAdmin = await WithAsync(w, s => s.RequestAsync(As(admin, Roles.Admin), new BreakGlassRequestInput(w.Member.Id, "理由", 24)));
        // An Admin whose cookie claims Owner is still checked against the database.
        var byAdminClaimingOwner = await WithAsync(w, s => s.RequestAsync(As(admin, Roles.Owner), new BreakGlassRequestInput(w.Member.Id, "理由", 24)));

        Assert.Equal([new Problem<BreakGlassProblem>(BreakGlassProblem.ReasonRequired)], noReason.Problems);
        Assert.Equal([new Problem<BreakGlassProblem>(BreakGlassProblem.ReasonTooLong, BreakGlassGrant.ReasonMaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture))], tooLong.Problems);
        Assert.Equal([new Problem<BreakGlassProblem>(BreakGlassProblem.Hours)], zero.Problems);
        Assert.Equal([new Problem<BreakGlassProblem>(BreakGlassProblem.Hours)], tooMany.Problems);
        Assert.Equal([new Problem<BreakGlassProblem>(BreakGlassProblem.UnknownMember)], otherWorkspace.Problems);
        Assert.Equal([new Problem<BreakGlassProblem>(BreakGlassProblem.UnknownMember)], unknown.Problems);
        Assert.Equal([new Problem<BreakGlassProblem>(BreakGlassProblem.UnknownMember)], deactivated.Problems);
        Assert.Equal([new Problem<BreakGlassProblem>(BreakGlassProblem.Self)], self.Problems);
        Assert.Equal([new Problem<BreakGlassProblem>(BreakGlassProblem.NotOwner)], byAdmin.Problems);
        Assert.Equal([new Problem<BreakGlassProblem>(BreakGlassProblem.NotOwner)], byAdminClaimingOwner.Problems);
        Assert.Equal(0, await app.TenantDbAsync(w.Tenant.Id, db => db.BreakGlassGrants.CountAsync()));
        Assert.Empty(await AuditAsync(w, AuditActions.BreakGlassRequested));

        // The edges are allowed: 1 and 72 hours (one open request per member and requester, so two members).
        Assert.Empty((await RequestAsync(w, hours: 1)).Problems);
        var colleague = await AddAsync(w, Roles.Member, "別の社員");
        Assert.Empty((await RequestAsync(w, hours: 72, target: colleague.Id)).Problems);
        Assert.Equal([new Problem<BreakGlassProblem>(BreakGlassProblem.AlreadyOpen, "社員 太郎")], (await RequestAsync(w)).Problems);
        var requested = Assert.Single(await AuditAsync(w, AuditActions.BreakGlassRequested), e => e.TargetId == w.Member.Id);
        Assert.Contains("INV-42", requested.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_requester_cannot_approve_or_deny_their_own_request_and_a_member_or_admin_cannot_decide()
    {
        var w = await WorkspaceAsync();
        var secondOwner = await AddAsync(w, Roles.Owner, "オーナー 二郎");
        var admin = await AddAsync(w, Roles.Admin, "管理者");
        var id = (await RequestAsync(w)).Value;

        var own = await WithAsync(w, s => s.ApproveAsync(As(w.Owner, Roles.Owner), id));
        var ownDeny = await WithAsync(w, s => s.DenyAsync(As(w.Owner, Roles.Owner), id, null));
        var byAdmin = await WithAsync(w, s => s.ApproveAsync(As(admin, Roles.Admin), id));
        var byMember = await WithAsync(w, s => s.ApproveAsync(As(w.Member, Roles.Member), id));
        // With a second Owner the requester may not confirm it alone either.
        var confirm = await WithAsync(w, s => s.ConfirmAsync(As(w.Owner, Roles.Owner), id, TestPasswords.Default, NextCode(w)));

        Assert.Equal([new Problem<BreakGlassProblem>(BreakGlassProblem.OwnRequest)], own.Problems);
        Assert.Equal([new Problem<BreakGlassProblem>(BreakGlassProblem.OwnRequest)], ownDeny.Problems);
        Assert.Equal([new Problem<BreakGlassProblem>(BreakGlassProblem.NotApprover)], byAdmin.Problems);
        Assert.Equal([new Problem<BreakGlassProblem>(BreakGlassProblem.NotApprover)], byMember.Problems);
        Assert.Equal([new Problem<BreakGlassProblem>(BreakGlassProblem.ApproverExists)], confirm.Problems);
        Assert.Equal(BreakGlassStatus.Pending, (await GrantAsync(w, id)).Status);
        Assert.Null(await WithAsync(w, s => s.ViewerAsync(As(w.Owner, Roles.Owner), id)));

        // The second Owner denies it, with a reason; a denied request cannot be approved afterwards.
        Assert.Empty((await WithAsync(w, s => s.DenyAsync(As(secondOwner, Roles.Owner), id, "理由が不十分"))).Problems);
        Assert.Equal([new Problem<BreakGlassProblem>(BreakGlassProblem.NotPending)], (await WithAsync(w, s => s.ApproveAsync(As(secondOwner, Roles.Owner), id))).Problems);
        var grant = await GrantAsync(w, id);
        Assert.Equal(BreakGlassStatus.Denied, grant.Status);
        Assert.Equal("理由が不十分", grant.DenyReason);
        Assert.Equal(secondOwner.Id, grant.DecidedByUserId);
        Assert.Contains("理由が不十分", Assert.Single(await AuditAsync(w, AuditActions.BreakGlassDenied)).Details, StringComparison.Ordinal);
        Assert.Empty(await AuditAsync(w, AuditActions.BreakGlassApproved));
        Assert.Empty(app.PickedUpMailTo(w.Member.Email!));
    }

    [Fact]
    public async Task An_auditor_approves_the_member_is_mailed_and_sees_the_banner_and_the_requester_reads_with_each_opening_audited()
    {
        var w = await WorkspaceAsync();
        var auditor = await AddAsync(w, Roles.Auditor, "監査 次郎");
        var before = DateTime.UtcNow;
        var id = await OpenGrantAsync(w, auditor, Roles.Auditor);

        var grant = await GrantAsync(w, id);
        Assert.Equal(BreakGlassStatus.Approved, grant.Status);
        Assert.Equal(BreakGlassApproval.Auditor, grant.Approval);
        Assert.InRange(grant.EndsAt!.Value, before.AddHours(24), DateTime.UtcNow.AddHours(24));
        Assert.Equal(auditor.Id, grant.DecidedByUserId);
        Assert.Equal(w.Member.Id, Assert.Single(await AuditAsync(w, AuditActions.BreakGlassApproved)).TargetId);

        // The member's mail, in Japanese by default: who may read and until when; never the reason.
        var mail = Assert.Single(app.PickedUpMailTo(w.Member.Email!));
        Assert.Contains("緊急閲覧", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("オーナー 花子", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(WorkspaceTimeText(grant.EndsAt.Value), mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("INV-42", mail.TextBody, StringComparison.Ordinal);

        // The banner on the member's pages.
        var client = await app.SignInAsync(w.Tenant.Identifier, w.Member.Email!);
        var page = await client.GetAsync(app.TenantUri(w.Tenant.Identifier, "/chat"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"break-glass-banner\"", html, StringComparison.Ordinal);
        Assert.Contains("オーナー 花子", html, StringComparison.Ordinal);

        // The requester lists and opens; the opening is recorded with the conversation id and never its title or text.
        var owner = As(w.Owner, Roles.Owner);
        var viewer = await WithAsync(w, s => s.ViewerAsync(owner, id));
        Assert.Equal(w.Conversation, Assert.Single(viewer!.Conversations).Id);
        Assert.Empty(await AuditAsync(w, AuditActions.BreakGlassConversationOpened));
        var transcript = await WithAsync(w, s => s.OpenConversationAsync(owner, id, w.Conversation));
        Assert.Equal([Secret, "承知しました。"], transcript!.Messages.Select(m => m.Content));
        var opened = Assert.Single(await AuditAsync(w, AuditActions.BreakGlassConversationOpened));
        Assert.Equal(w.Conversation.ToString("D"), opened.TargetId);
        Assert.Contains(id.ToString("D"), opened.Details, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, opened.Details + opened.TargetDisplay, StringComparison.Ordinal);
        Assert.DoesNotContain("取引先", opened.Details + opened.TargetDisplay, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_viewer_is_refused_without_a_grant_to_another_owner_for_another_members_conversation_and_across_workspaces()
    {
        var w = await WorkspaceAsync();
        var secondOwner = await AddAsync(w, Roles.Owner, "オーナー 二郎");
        var otherMember = await AddAsync(w, Roles.Member, "別の社員");
        var othersConversation = await app.TenantDbAsync(w.Tenant.Id, async db =>
        {
            var c = db.Conversations.Add(new Conversation { UserId = otherMember.Id, Title = "別件", Model = "gpt-4o-mini", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow }).Entity;
            await db.SaveChangesAsync();
            return c.Id;
        });
        var owner = As(w.Owner, Roles.Owner);

        Assert.Null(await WithAsync(w, s => s.ViewerAsync(owner, Guid.NewGuid())));
        Assert.Null(await WithAsync(w, s => s.OpenConversationAsync(owner, Guid.NewGuid(), w.Conversation)));

        var id = await OpenGrantAsync(w, secondOwner, Roles.Owner);
        // The approver is not the reader; only the requester reads.
        Assert.Null(await WithAsync(w, s => s.ViewerAsync(As(secondOwner, Roles.Owner), id)));
        Assert.Null(await WithAsync(w, s => s.OpenConversationAsync(As(secondOwner, Roles.Owner), id, w.Conversation)));
        // The grant covers one member: another member's conversation is not found through it.
        Assert.Null(await WithAsync(w, s => s.OpenConversationAsync(owner, id, othersConversation)));
        Assert.DoesNotContain(othersConversation, (await WithAsync(w, s => s.ViewerAsync(owner, id)))!.Conversations.Select(c => c.Id));

        // Another workspace: its Owner (even the same id in a cookie) finds nothing, and cannot approve or revoke it.
        var other = await WorkspaceAsync();
        var otherSecondOwner = await AddAsync(other, Roles.Owner, "他社 オーナー");
        Assert.Null(await WithAsync(other, s => s.ViewerAsync(owner, id)));
        Assert.Null(await WithAsync(other, s => s.OpenConversationAsync(owner, id, w.Conversation)));
        Assert.Equal([new Problem<BreakGlassProblem>(BreakGlassProblem.NotFound)], (await WithAsync(other, s => s.RevokeAsync(As(otherSecondOwner, Roles.Owner), id))).Problems);
        Assert.Empty(await WithAsync(other, s => s.ListAsync()));

        Assert.Empty(await AuditAsync(w, AuditActions.BreakGlassConversationOpened));
        Assert.Empty(await AuditAsync(other, AuditActions.BreakGlassConversationOpened));
        Assert.Equal(BreakGlassStatus.Approved, (await GrantAsync(w, id)).Status);
    }

    [Fact]
    public async Task A_single_owner_confirms_with_password_and_code_and_wrong_input_or_no_two_factor_saves_nothing()
    {
        var w = await WorkspaceAsync();
        var owner = As(w.Owner, Roles.Owner);
        Assert.True(await WithAsync(w, s => s.NeedsOwnerConfirmationAsync()));
        var id = (await RequestAsync(w)).Value;

        var wrongPassword = await WithAsync(w, s => s.ConfirmAsync(owner, id, "wrong-password-1", NextCode(w)));
        var wrongCode = await WithAsync(w, s => s.ConfirmAsync(owner, id, TestPasswords.Default, "000000"));
        var noCode = await WithAsync(w, s => s.ConfirmAsync(owner, id, TestPasswords.Default, ""));
        // Approving by the usual path is still refused: it is the Owner's own request.
        var approve = await WithAsync(w, s => s.ApproveAsync(owner, id));

        Assert.Equal([new Problem<BreakGlassProblem>(BreakGlassProblem.ConfirmPassword)], wrongPassword.Problems);
        Assert.Equal([new Problem<BreakGlassProblem>(BreakGlassProblem.ConfirmCode)], wrongCode.Problems);
        Assert.Equal([new Problem<BreakGlassProblem>(BreakGlassProblem.ConfirmCode)], noCode.Problems);
        Assert.Equal([new Problem<BreakGlassProblem>(BreakGlassProblem.OwnRequest)], approve.Problems);
        Assert.Equal(BreakGlassStatus.Pending, (await GrantAsync(w, id)).Status);
        Assert.Empty(await AuditAsync(w, AuditActions.BreakGlassConfirmed));
        Assert.Empty(app.PickedUpMailTo(w.Member.Email!));
        // The wrong password and codes count toward lockout like failed sign-ins.
        Assert.Equal(3, await app.TenantDbAsync(w.Tenant.Id, db => db.Users.Where(u => u.Id == w.Owner.Id).Select(u => u.AccessFailedCount).SingleAsync()));

        var confirmed = await WithAsync(w, s => s.ConfirmAsync(owner, id, TestPasswords.Default, NextCode(w)));
        Assert.Empty(confirmed.Problems);
        var grant = await GrantAsync(w, id);
        Assert.Equal(BreakGlassStatus.Approved, grant.Status);
        Assert.Equal(BreakGlassApproval.OwnerConfirmed, grant.Approval);
        Assert.Equal(w.Owner.Id, grant.DecidedByUserId);
        Assert.Contains(nameof(BreakGlassApproval.OwnerConfirmed), Assert.Single(await AuditAsync(w, AuditActions.BreakGlassConfirmed)).Details, StringComparison.Ordinal);
        Assert.Single(app.PickedUpMailTo(w.Member.Email!));
        Assert.NotNull(await WithAsync(w, s => s.ViewerAsync(owner, id)));

        // An Owner without 2FA is told to enable it first.
        var plain = await WorkspaceAsync(ownerHasTwoFactor: false);
        var plainId = (await RequestAsync(plain)).Value;
        var noTwoFactor = await WithAsync(plain, s => s.ConfirmAsync(As(plain.Owner, Roles.Owner), plainId, TestPasswords.Default, "123456"));
        Assert.Equal([new Problem<BreakGlassProblem>(BreakGlassProblem.ConfirmTwoFactorRequired)], noTwoFactor.Problems);
        Assert.Equal(BreakGlassStatus.Pending, (await GrantAsync(plain, plainId)).Status);
    }

    [Fact]
    public async Task Of_two_approvals_at_once_exactly_one_succeeds_and_the_member_is_mailed_once()
    {
        var w = await WorkspaceAsync();
        var secondOwner = await AddAsync(w, Roles.Owner, "オーナー 二郎");
        var auditor = await AddAsync(w, Roles.Auditor, "監査 次郎");
        var id = (await RequestAsync(w)).Value;

        // Two scopes (as two instances would have), released together.
        using var start = new ManualResetEventSlim();
        var first = Task.Run(async () => { start.Wait(); return await WithAsync(w, s => s.ApproveAsync(As(secondOwner, Roles.Owner), id)); });
        var second = Task.Run(async () => { start.Wait(); return await WithAsync(w, s => s.ApproveAsync(As(auditor, Roles.Auditor), id)); });
        start.Set();
        var results = await Task.WhenAll(first, second);

        Assert.Single(results, r => r.Succeeded);
        Assert.Equal([new Problem<BreakGlassProblem>(BreakGlassProblem.NotPending)], Assert.Single(results, r => !r.Succeeded).Problems);
        Assert.Single(await AuditAsync(w, AuditActions.BreakGlassApproved));
        Assert.Single(app.PickedUpMailTo(w.Member.Email!));
        var grant = await GrantAsync(w, id);
        Assert.Equal(results[0].Succeeded ? secondOwner.Id : auditor.Id, grant.DecidedByUserId);
    }

    [Fact]
    public async Task Access_ends_at_its_stored_end_on_every_read_and_the_expiry_is_recorded_once()
    {
        var w = await WorkspaceAsync();
        var auditor = await AddAsync(w, Roles.Auditor, "監査 次郎");
        var id = await OpenGrantAsync(w, auditor, Roles.Auditor);
        var ends = new DateTimeOffset(DateTime.SpecifyKind((await GrantAsync(w, id)).EndsAt!.Value, DateTimeKind.Utc));
        var owner = As(w.Owner, Roles.Owner);
        var justBefore = new FixedTime(ends.AddSeconds(-1));
        var atEnd = new FixedTime(ends);

        Assert.NotNull(await WithAsync(w, s => s.ViewerAsync(owner, id), justBefore));
        Assert.NotNull(await WithAsync(w, s => s.OpenConversationAsync(owner, id, w.Conversation), justBefore));
        Assert.Single(await WithAsync(w, s => s.NoticesForAsync(w.Member.Id), justBefore));

        // No job has run: the end alone closes every read.
        Assert.Null(await WithAsync(w, s => s.ViewerAsync(owner, id), atEnd));
        Assert.Null(await WithAsync(w, s => s.OpenConversationAsync(owner, id, w.Conversation), atEnd));
        Assert.Empty(await WithAsync(w, s => s.NoticesForAsync(w.Member.Id), atEnd));
        Assert.Equal(BreakGlassState.Expired, Assert.Single(await WithAsync(w, s => s.ListAsync(), atEnd)).StateAt(ends));
        Assert.Equal([new Problem<BreakGlassProblem>(BreakGlassProblem.NotRevocable)], (await WithAsync(w, s => s.RevokeAsync(owner, id), atEnd)).Problems);

        // The viewer and list above recorded the expiry; the job and later reads find it recorded already.
        var expired = Assert.Single(await AuditAsync(w, AuditActions.BreakGlassExpired));
        Assert.Equal(w.Member.Id, expired.TargetId);
        Assert.Equal(0, await WithAsync(w, s => s.RecordExpiriesAsync(), atEnd));
        Assert.Single(await AuditAsync(w, AuditActions.BreakGlassExpired));
        Assert.Single(await AuditAsync(w, AuditActions.BreakGlassConversationOpened));
    }

    [Fact]
    public async Task The_expiry_job_records_an_ended_grant_nobody_looked_at()
    {
        var w = await WorkspaceAsync();
        var auditor = await AddAsync(w, Roles.Auditor, "監査 次郎");
        var id = await OpenGrantAsync(w, auditor, Roles.Auditor);
        // Moved into the past directly, as if its end passed while nobody opened a page.
        await app.TenantDbAsync(w.Tenant.Id, db => db.BreakGlassGrants.Where(g => g.Id == id).ExecuteUpdateAsync(s => s.SetProperty(g => g.EndsAt, DateTime.UtcNow.AddMinutes(-1))));

        await app.Services.GetRequiredService<BreakGlassExpiryJob>().RunAsync(CancellationToken.None);
        await app.Services.GetRequiredService<BreakGlassExpiryJob>().RunAsync(CancellationToken.None);

        var expired = Assert.Single(await AuditAsync(w, AuditActions.BreakGlassExpired));
        Assert.Equal(AuditActorKind.System, expired.ActorKind);
        Assert.NotNull((await GrantAsync(w, id)).ExpiryRecordedAt);
    }

    [Fact]
    public async Task Any_owner_revokes_an_open_grant_early_and_reads_stop_at_once_but_an_auditor_cannot_revoke()
    {
        var w = await WorkspaceAsync();
        var secondOwner = await AddAsync(w, Roles.Owner, "オーナー 二郎");
        var auditor = await AddAsync(w, Roles.Auditor, "監査 次郎");
        var id = await OpenGrantAsync(w, auditor, Roles.Auditor);
        var owner = As(w.Owner, Roles.Owner);

        Assert.Equal([new Problem<BreakGlassProblem>(BreakGlassProblem.NotOwner)], (await WithAsync(w, s => s.RevokeAsync(As(auditor, Roles.Auditor), id))).Problems);
        Assert.Empty((await WithAsync(w, s => s.RevokeAsync(As(secondOwner, Roles.Owner), id))).Problems);
        Assert.Equal([new Problem<BreakGlassProblem>(BreakGlassProblem.NotRevocable)], (await WithAsync(w, s => s.RevokeAsync(owner, id))).Problems);

        Assert.Null(await WithAsync(w, s => s.ViewerAsync(owner, id)));
        Assert.Null(await WithAsync(w, s => s.OpenConversationAsync(owner, id, w.Conversation)));
        Assert.Empty(await WithAsync(w, s => s.NoticesForAsync(w.Member.Id)));
        var grant = await GrantAsync(w, id);
        Assert.Equal(BreakGlassStatus.Revoked, grant.Status);
        Assert.Equal(secondOwner.Id, grant.RevokedByUserId);
        Assert.Equal(w.Member.Id, Assert.Single(await AuditAsync(w, AuditActions.BreakGlassRevoked)).TargetId);
        // A revoked grant never expires in the log.
        Assert.Equal(0, await WithAsync(w, s => s.RecordExpiriesAsync(), new FixedTime(DateTimeOffset.UtcNow.AddDays(4))));

        // The requester withdraws a pending request the same way; then a new one may be made.
        var pending = (await RequestAsync(w)).Value;
        Assert.Empty((await WithAsync(w, s => s.RevokeAsync(owner, pending))).Problems);
        Assert.Equal([new Problem<BreakGlassProblem>(BreakGlassProblem.NotPending)], (await WithAsync(w, s => s.ApproveAsync(As(auditor, Roles.Auditor), pending))).Problems);
        Assert.Equal(2, (await AuditAsync(w, AuditActions.BreakGlassRevoked)).Count);
    }

    private static string WorkspaceTimeText(DateTime utc) =>
        TimeZoneInfo.ConvertTime(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), WorkspaceTime.Tokyo).ToString("yyyy年M月d日 HH:mm", System.Globalization.CultureInfo.GetCultureInfo("ja-JP"));

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
