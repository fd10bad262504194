using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Support;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Tests.Unit.CustomerSuccess;

namespace SecureAiChat.Tests.Integration.CustomerSuccess;

/// <summary>
/// Support requests end to end on a real host: a member sends one with a screenshot, only the requester, the workspace's
/// Admins and operators can open the screenshot, operators reply (mailed and shown in the workspace), assign and close,
/// each recorded in the right audit chain; refused files leave nothing behind.
/// </summary>
public sealed class SupportRequestTests(AppHost app) : IClassFixture<AppHost>
{
    private sealed record Workspace(AppTenantInfo Tenant, AppUser Member, AppUser OtherMember, AppUser Admin);

    private async Task<Workspace> WorkspaceAsync(string identifier, string plan = "Standard")
    {
        var tenant = await app.EnsureTenantAsync(identifier, plan: plan);
        var member = await app.CreateUserAsync(tenant.Id, $"member-{Guid.NewGuid():N}@{identifier}.example.jp");
        var other = await app.CreateUserAsync(tenant.Id, $"other-{Guid.NewGuid():N}@{identifier}.example.jp");
        var admin = await app.CreateUserAsync(tenant.Id, $"admin-{Guid.NewGuid():N}@{identifier}.example.jp", role: Roles.Admin);
        return new(tenant, member, other, admin);
    }

    private async Task<Result<Guid, SupportError>> SubmitAsync(Workspace w, params SupportUpload[] files)
    {
        await using var scope = await app.TenantScopeAsync(w.Tenant.Id);
        return await scope.ServiceProvider.GetRequiredService<SupportService>()
            .SubmitAsync(w.Member.Id, w.Member.Email!, new SupportSubmission(SupportCategory.Problem, SupportPriority.High, "回答が途中で止まります", files));
    }

    private async Task<T> DeskAsync<T>(Func<SupportDesk, Task<T>> use)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope();
        scope.ServiceProvider.GetRequiredService<AuditActor>().SetUser(AuditActorKind.Operator, "ops-1", "サポート 山田", Roles.Operator);
        return await use(scope.ServiceProvider.GetRequiredService<SupportDesk>());
    }

    private async Task<List<string>> PlatformActionsAsync()
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().PlatformAuditEntries.AsNoTracking().Select(e => e.Action + "|" + e.TargetId).ToListAsync();
    }

    [Fact]
    public async Task A_request_keeps_the_plans_deadline_and_is_recorded_in_the_workspace_chain()
    {
        var w = await WorkspaceAsync("sup-deadline", plan: "Professional");
        var result = await SubmitAsync(w, new SupportUpload("screen.png", SupportAttachmentCheckTests.Png.Length, SupportAttachmentCheckTests.Png));
        Assert.True(result.Succeeded);

        var (request, attachments, actions) = await app.TenantDbAsync(w.Tenant.Id, async db => (
            await db.SupportRequests.AsNoTracking().SingleAsync(r => r.Id == result.Value),
            await db.SupportAttachments.AsNoTracking().Where(a => a.RequestId == result.Value).ToListAsync(),
            await db.AuditEntries.AsNoTracking().Where(e => e.TargetId == result.Value.ToString()).Select(e => e.Action).ToListAsync()));
        Assert.Equal(Core.Plans.SupportLevel.Premium, request.Level);
        Assert.Equal(SupportSla.RespondBy(Core.Plans.SupportLevel.Premium, request.CreatedAt), request.RespondBy);
        Assert.Equal("image/png", Assert.Single(attachments).ContentType);
        Assert.Equal([AuditActions.SupportRequested], actions);
    }

    [Fact]
    public async Task A_refused_screenshot_leaves_nothing_saved()
    {
        var w = await WorkspaceAsync("sup-refused");
        var notImage = await SubmitAsync(w,
            new SupportUpload("ok.png", SupportAttachmentCheckTests.Png.Length, SupportAttachmentCheckTests.Png),
            new SupportUpload("evil.png", 20, "<script>alert(1)</script>"u8.ToArray()));
        var tooBig = await SubmitAsync(w, new SupportUpload("huge.png", SupportImages.MaxBytes + 1, null));

        Assert.Equal([SupportError.AttachmentNotImage], notImage.Problems.Select(p => p.Code));
        Assert.Equal([SupportError.AttachmentTooLarge], tooBig.Problems.Select(p => p.Code));
        Assert.Equal((0, 0, 0), await app.TenantDbAsync(w.Tenant.Id, async db => (
            await db.SupportRequests.CountAsync(), await db.SupportAttachments.CountAsync(),
            await db.AuditEntries.CountAsync(e => e.Action == AuditActions.SupportRequested))));
    }

    [Fact]
    public async Task A_screenshot_opens_for_the_requester_the_workspace_admin_and_operators_only()
    {
        var w = await WorkspaceAsync("sup-files");
        var stranger = await WorkspaceAsync("sup-stranger");
        var id = (await SubmitAsync(w, new SupportUpload("screen.png", SupportAttachmentCheckTests.Png.Length, SupportAttachmentCheckTests.Png))).Value;
        var attachment = await app.TenantDbAsync(w.Tenant.Id, db => db.SupportAttachments.Where(a => a.RequestId == id).Select(a => a.Id).SingleAsync());
        var path = $"/support/attachments/{attachment}";

        using var requester = await app.SignInAsync("sup-files", w.Member.Email!);
        var own = await requester.GetAsync(app.TenantUri("sup-files", path));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("image/png", own.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", own.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(SupportAttachmentCheckTests.Png, await own.Content.ReadAsByteArrayAsync());

        using var admin = await app.SignInAsync("sup-files", w.Admin.Email!);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(app.TenantUri("sup-files", path))).StatusCode);

        using var colleague = await app.SignInAsync("sup-files", w.OtherMember.Email!);
        Assert.Equal(HttpStatusCode.NotFound, (await colleague.GetAsync(app.TenantUri("sup-files", path))).StatusCode);

        using var outsider = await app.SignInAsync("sup-stranger", stranger.Admin.Email!);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(app.TenantUri("sup-stranger", path))).StatusCode);

        using var anonymous = app.CreateLoopbackClient();
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync(app.TenantUri("sup-files", path))).StatusCode);

        // Operators read it on the root host only; the viewing goes to the platform chain.
        Assert.NotEqual(HttpStatusCode.OK, (await admin.GetAsync(app.TenantUri("sup-files", $"/ops/support/attachments/{attachment}"))).StatusCode);
        using var ops = app.CreateLoopbackClient(new CookieContainer());
        await app.SignInOperatorAsync(ops, await app.CreateOperatorAsync());
        var fromOps = await ops.GetAsync(new Uri(app.PlatformUri, $"/ops/support/attachments/{attachment}"));
        Assert.Equal(HttpStatusCode.OK, fromOps.StatusCode);
        Assert.Contains($"{AuditActions.SupportAttachmentViewed}|{attachment}", await PlatformActionsAsync());
    }

    [Fact]
    public async Task An_operator_reply_is_mailed_shown_in_the_workspace_and_meets_the_deadline()
    {
        var w = await WorkspaceAsync("sup-reply");
        var id = (await SubmitAsync(w)).Value;

        Assert.Equal(SupportDeskProblem.Invalid, (await DeskAsync(d => d.ReplyAsync(id, "   "))).Code);
        Assert.True((await DeskAsync(d => d.ReplyAsync(id, "再読み込みで解消します。"))).Succeeded);

        var mail = Assert.Single(app.PickedUpMailTo(w.Member.Email!));
        Assert.Contains(id.ToString("N")[..8].ToUpperInvariant(), mail.Subject);
        Assert.Contains("再読み込みで解消します。", mail.TextBody);

        await using (var scope = await app.TenantScopeAsync(w.Tenant.Id))
        {
            var support = scope.ServiceProvider.GetRequiredService<SupportService>();
            var mine = Assert.Single(await support.ListAsync(w.Member.Id, wholeWorkspace: false));
            Assert.Equal(SupportStatus.Answered, mine.Request.Status);
            Assert.NotNull(mine.Request.FirstRespondedAt);
            Assert.Equal("再読み込みで解消します。", Assert.Single(mine.Replies).Body);
            Assert.Empty(await support.ListAsync(w.OtherMember.Id, wholeWorkspace: false));
            Assert.Single(await support.ListAsync(w.Admin.Id, wholeWorkspace: true));
        }

        var queue = await DeskAsync(d => d.QueueAsync(includeClosed: false));
        var item = Assert.Single(queue, q => q.Request.Id == id);
        Assert.False(item.Overdue);
        Assert.Equal("sup-reply", item.WorkspaceIdentifier);

        Assert.True((await DeskAsync(d => d.CloseAsync(id))).Succeeded);
        Assert.Equal(SupportDeskProblem.Invalid, (await DeskAsync(d => d.ReplyAsync(id, "もう一度"))).Code);
        Assert.DoesNotContain(await DeskAsync(d => d.QueueAsync(includeClosed: false)), q => q.Request.Id == id);
        var actions = await PlatformActionsAsync();
        Assert.Contains($"{AuditActions.SupportReplied}|{id}", actions);
        Assert.Contains($"{AuditActions.SupportClosed}|{id}", actions);
    }

    [Fact]
    public async Task A_request_past_its_deadline_without_reply_is_flagged_and_can_be_assigned_to_an_operator()
    {
        var w = await WorkspaceAsync("sup-late");
        var id = (await SubmitAsync(w)).Value;
        await using (var scope = await app.TenantScopeAsync(w.Tenant.Id))
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var request = await db.SupportRequests.SingleAsync(r => r.Id == id);
            request.CreatedAt = DateTimeOffset.UtcNow.AddDays(-10);
            request.RespondBy = DateTimeOffset.UtcNow.AddDays(-9);
            await db.SaveChangesAsync();
        }

        var email = await app.CreateOperatorAsync();
        var operators = await DeskAsync(d => d.OperatorsAsync());
        var assignee = operators.First(o => o.Name == "Ops");
        Assert.Equal(SupportDeskProblem.Invalid, (await DeskAsync(d => d.AssignAsync(id, w.Admin.Id))).Code);
        Assert.True((await DeskAsync(d => d.AssignAsync(id, assignee.Id))).Succeeded);
        var item = Assert.Single(await DeskAsync(d => d.QueueAsync(includeClosed: false)), q => q.Request.Id == id);
        Assert.True(item.Overdue);
        Assert.Equal(assignee.Id, item.Request.AssigneeId);
        Assert.Contains($"{AuditActions.SupportAssigned}|{id}", await PlatformActionsAsync());

        // The operator page lists it, flagged; a workspace admin has no such page.
        using var ops = app.CreateLoopbackClient(new CookieContainer());
        await app.SignInOperatorAsync(ops, email);
        var html = await (await ops.GetAsync(new Uri(app.PlatformUri, "/ops/support"))).Content.ReadAsStringAsync();
        Assert.Contains(id.ToString("N")[..8].ToUpperInvariant(), html);
        Assert.Contains("ops-support-overdue", html);
        Assert.Contains("ops-support-monthly", html);
        using var admin = await app.SignInAsync("sup-late", w.Admin.Email!);
        var fromWorkspace = await (await admin.GetAsync(app.TenantUri("sup-late", "/ops/support"))).Content.ReadAsStringAsync();
        Assert.DoesNotContain(id.ToString("N")[..8].ToUpperInvariant(), fromWorkspace);
    }

    [Fact]
    public async Task The_support_page_shows_the_plans_level_and_needs_a_signed_in_member()
    {
        var w = await WorkspaceAsync("sup-page", plan: "Enterprise");
        using var anonymous = app.CreateLoopbackClient();
        var refused = await anonymous.GetAsync(app.TenantUri("sup-page", "/support"));
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);

        using var member = await app.SignInAsync("sup-page", w.Member.Email!);
        var page = await member.GetAsync(app.TenantUri("sup-page", "/support"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("support-level", html);
        Assert.Contains("24 時間 365 日", html);
    }

    [Fact]
    public async Task Monthly_counts_group_requests_by_category()
    {
        var w = await WorkspaceAsync("sup-counts");
        await SubmitAsync(w);
        await SubmitAsync(w);
        var counts = await DeskAsync(d => d.MonthlyCountsAsync(6));
        var month = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, WorkspaceTime.Tokyo).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(counts.Single(c => c.Month == month && c.Category == SupportCategory.Problem).Count >= 2);
    }
}
