using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.DataGovernance.Closure;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Email;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Templates;
using SecureAiChat.Core.Team;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Core.Usage;
using SecureAiChat.Core.Settings;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Tests.Integration.Data;

namespace SecureAiChat.Tests.Integration.DataGovernance;

/// <summary>The closure cases on SQLite.</summary>
public sealed class WorkspaceClosureTests(AppHost app) : WorkspaceClosureCases<AppHost>(app);

/// <summary>The same cases on PostgreSQL (the deletion's conditional update and transaction on a server database).</summary>
public sealed class PostgreSqlWorkspaceClosureTests(PostgreSqlClosureHost app) : WorkspaceClosureCases<PostgreSqlClosureHost>(app);

/// <summary>The plain app on a fresh PostgreSQL database of the test cluster.</summary>
public sealed class PostgreSqlClosureHost : AppHost
{
    protected override bool OnPostgreSql => true;
}

/// <summary>
/// Closing a workspace: the Owner's confirmation (password, current 2FA code, typed identifier), the read-only grace
/// period enforced by the data layer (chat included; reading and signing in still work), restoring, and the final
/// deletion that leaves no row of the workspace in any tenant-owned table, with its certificate, mail and audit entry.
/// </summary>
public abstract class WorkspaceClosureCases<THost>(THost app) : IClassFixture<THost>
    where THost : AppHost
{
    private sealed record Workspace(AppTenantInfo Tenant, AppUser Owner, string OwnerKey, AppUser Member);

    private async Task<Workspace> WorkspaceAsync(bool ownerHasTwoFactor = true)
    {
        var tenant = await app.CreateTenantAsync("close" + Guid.NewGuid().ToString("N")[..8], "閉鎖テスト株式会社");
        var owner = await app.CreateUserAsync(tenant.Id, $"owner@{tenant.Identifier}.example.jp", role: Roles.Owner, displayName: "オーナー 花子");
        var member = await app.CreateUserAsync(tenant.Id, $"member@{tenant.Identifier}.example.jp", displayName: "社員 太郎");
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

        return new Workspace(tenant, owner, key, member);
    }

    private static ClaimsPrincipal As(AppUser user, string role) => new(new ClaimsIdentity(
        [new(ClaimTypes.NameIdentifier, user.Id), new(ClaimTypes.Role, role), new(AppClaimTypes.DisplayName, user.DisplayName)], "test"));

    // Each confirmation uses the next time step (the authenticator refuses a code of a step it already accepted, and
    // accepts up to two steps ahead): at most three accepted codes per workspace.
    private int _step;

    private ClosureConfirmation Confirm(Workspace w, string? identifier = null) =>
        new(TestPasswords.Default, Totp.Code(w.OwnerKey, DateTimeOffset.UtcNow.AddSeconds(30 * Interlocked.Increment(ref _step) - 30)), identifier ?? w.Tenant.Identifier);

    private async Task<Result<ClosureProblem>> RequestAsync(Workspace w, ClosureConfirmation confirmation, AppUser? by = null, string role = Roles.Owner)
    {
        await using var scope = await app.TenantScopeAsync(w.Tenant.Id);
        return await scope.ServiceProvider.GetRequiredService<WorkspaceClosureService>().RequestAsync(As(by ?? w.Owner, role), confirmation);
    }

    private async Task<Result<ClosureProblem>> RestoreAsync(Workspace w, ClosureConfirmation confirmation, AppUser? by = null, string role = Roles.Owner)
    {
        await using var scope = await app.TenantScopeAsync(w.Tenant.Id);
        return await scope.ServiceProvider.GetRequiredService<WorkspaceClosureService>().RestoreAsync(As(by ?? w.Owner, role), confirmation);
    }

    private async Task<AppTenantInfo> TenantRowAsync(string tenantId)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Tenants.AsNoTracking().SingleAsync(t => t.Id == tenantId);
    }

    private Task<int> AddDepartmentAsync(string tenantId) =>
        app.TenantDbAsync(tenantId, db => { db.Departments.Add(new Department { Name = "新部署 " + Guid.NewGuid().ToString("N")[..6] }); return db.SaveChangesAsync(); });

    [Fact]
    public async Task A_wrong_password_code_or_identifier_is_refused_with_a_message_and_nothing_changes()
    {
        var w = await WorkspaceAsync();
        var good = Confirm(w);

        var wrongPassword = await RequestAsync(w, good with { Password = "wrong-password-1" });
        var wrongCode = await RequestAsync(w, good with { Code = "000000" });
        var wrongIdentifier = await RequestAsync(w, good with { TypedIdentifier = "other-workspace" });
        var noPassword = await RequestAsync(w, good with { Password = "" });

        Assert.Equal(ClosureProblem.Password, wrongPassword.Code);
        Assert.Equal(ClosureProblem.Code, wrongCode.Code);
        Assert.Equal(new Problem<ClosureProblem>(ClosureProblem.Identifier, w.Tenant.Identifier), Assert.Single(wrongIdentifier.Problems));
        Assert.False(noPassword.Succeeded);
        var row = await TenantRowAsync(w.Tenant.Id);
        Assert.Equal(TenantStatus.Active, row.Status);
        Assert.Null(row.ClosureDeletesAt);
        Assert.Equal(0, await app.TenantDbAsync(w.Tenant.Id, db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.WorkspaceClosureRequested)));
    }

    [Fact]
    public async Task An_owner_without_two_factor_is_told_to_enable_it_and_an_admin_may_not_close()
    {
        var w = await WorkspaceAsync(ownerHasTwoFactor: false);
        var admin = await app.CreateUserAsync(w.Tenant.Id, $"admin@{w.Tenant.Identifier}.example.jp", role: Roles.Admin);

        var noTwoFactor = await RequestAsync(w, new(TestPasswords.Default, "123456", w.Tenant.Identifier));
        var byAdmin = await RequestAsync(w, new(TestPasswords.Default, "123456", w.Tenant.Identifier), admin, Roles.Admin);
        // An Admin who claims to be an Owner in the cookie is still checked against the database.
        var byAdminClaimingOwner = await RequestAsync(w, new(TestPasswords.Default, "123456", w.Tenant.Identifier), admin, Roles.Owner);

        Assert.Equal(ClosureProblem.TwoFactorRequired, noTwoFactor.Code);
        Assert.Equal(ClosureProblem.NotOwner, byAdmin.Code);
        Assert.Equal(ClosureProblem.NotOwner, byAdminClaimingOwner.Code);
        Assert.Equal(TenantStatus.Active, (await TenantRowAsync(w.Tenant.Id)).Status);
    }

    [Fact]
    public async Task A_closing_workspace_refuses_changes_and_chat_but_members_can_sign_in_and_read()
    {
        var w = await WorkspaceAsync();
        var conversation = await app.TenantDbAsync(w.Tenant.Id, async db =>
        {
            var c = db.Conversations.Add(new Conversation { UserId = w.Member.Id, Title = "議事録", Model = "gpt-4o-mini", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow }).Entity;
            await db.SaveChangesAsync();
            return c.Id;
        });

        var before = DateTimeOffset.UtcNow;
        Assert.True((await RequestAsync(w, Confirm(w))).Succeeded);

        var row = await TenantRowAsync(w.Tenant.Id);
        Assert.Equal(TenantStatus.Closing, row.Status);
        Assert.InRange(row.ClosureDeletesAt!.Value, before.AddDays(30), DateTimeOffset.UtcNow.AddDays(30));
        Assert.Equal(1, await app.TenantDbAsync(w.Tenant.Id, db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.WorkspaceClosureRequested)));

        // Settings, team, templates and chat: refused by the data layer with one localized message.
        var department = await Assert.ThrowsAsync<WorkspaceReadOnlyException>(() => AddDepartmentAsync(w.Tenant.Id));
        Assert.Equal(ClosureStrings.Get("ReadOnly"), department.Message);
        await Assert.ThrowsAsync<WorkspaceReadOnlyException>(() => app.TenantDbAsync(w.Tenant.Id, db =>
        {
            db.PromptTemplates.Add(new PromptTemplate { Key = "minutes", Title = "議事録要約", Body = "要約して" });
            return db.SaveChangesAsync();
        }));
        await Assert.ThrowsAsync<WorkspaceReadOnlyException>(() => app.TenantDbAsync(w.Tenant.Id,
            db => db.Users.Where(u => u.Id == w.Member.Id).SingleAsync().ContinueWith(t => { t.Result.DisplayName = "改名"; return db.SaveChangesAsync(); }).Unwrap()));
        await using (var scope = await app.TenantScopeAsync(w.Tenant.Id))
        {
            var chat = ChatParts.From(scope.ServiceProvider);
            await Assert.ThrowsAsync<WorkspaceReadOnlyException>(() => chat.Turns.SendAsync(w.Member.Id, conversation, "続きをお願いします"));
            await Assert.ThrowsAsync<WorkspaceReadOnlyException>(() => chat.Turns.SendAsync(w.Member.Id, null, "新しい質問"));
            // An answer's admission (a regenerated answer saves no message first) reads the status with its checks and
            // the guard refuses its slot with it, without reading it again.
            var allowance = scope.ServiceProvider.GetRequiredService<TokenAllowance>();
            await Assert.ThrowsAsync<WorkspaceReadOnlyException>(() => allowance.ReserveAsync(
                AiProviderChoice.SystemDefault, null, 100, TimeSpan.FromMinutes(1), null, new AnswerSlot(w.Member.Id, 3, 10)));
            Assert.Equal(0, await app.TenantDbAsync(w.Tenant.Id, db => db.ActiveAnswers.CountAsync()));
        }

        // Reading still works, and so does signing in (its bookkeeping is exempt); the page shows the closure banner.
        Assert.Equal("議事録", await app.TenantDbAsync(w.Tenant.Id, db => db.Conversations.Where(c => c.Id == conversation).Select(c => c.Title).SingleAsync()));
        var client = await app.SignInAsync(w.Tenant.Identifier, w.Member.Email!);
        var page = await client.GetAsync(app.TenantUri(w.Tenant.Identifier, "/chat"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("data-testid=\"closure-banner\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await app.TenantDbAsync(w.Tenant.Id, db => db.Conversations.CountAsync()));
    }

    [Fact]
    public async Task Restoring_during_the_grace_period_makes_the_workspace_writable_again_and_needs_the_owner()
    {
        var w = await WorkspaceAsync();
        Assert.True((await RequestAsync(w, Confirm(w))).Succeeded);
        await Assert.ThrowsAsync<WorkspaceReadOnlyException>(() => AddDepartmentAsync(w.Tenant.Id));

        var byMember = await RestoreAsync(w, new(TestPasswords.Default, "123456"), w.Member, Roles.Member);
        var wrongCode = await RestoreAsync(w, new(TestPasswords.Default, "000000"));
        Assert.Equal(ClosureProblem.NotOwner, byMember.Code);
        Assert.Equal(ClosureProblem.Code, wrongCode.Code);
        Assert.Equal(TenantStatus.Closing, (await TenantRowAsync(w.Tenant.Id)).Status);

        Assert.True((await RestoreAsync(w, Confirm(w))).Succeeded);

        var row = await TenantRowAsync(w.Tenant.Id);
        Assert.Equal(TenantStatus.Active, row.Status);
        Assert.Null(row.ClosureDeletesAt);
        Assert.Equal(1, await AddDepartmentAsync(w.Tenant.Id));
        Assert.Equal(1, await app.TenantDbAsync(w.Tenant.Id, db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.WorkspaceClosureRestored)));
        // The deletion job, even long after, leaves a restored workspace alone.
        Assert.Null(await Job(DateTimeOffset.UtcNow.AddDays(400)).DeleteAsync(w.Tenant.Id));
    }

    [Fact]
    public async Task Final_deletion_leaves_no_row_of_the_workspace_in_any_tenant_owned_table_and_certifies_it()
    {
        var closing = await WorkspaceAsync();
        var other = await WorkspaceAsync();
        foreach (var tenant in new[] { closing.Tenant, other.Tenant })
        {
            foreach (var build in TenantOwnedSamples.Builders.Values) await app.TenantDbAsync(tenant.Id, build);
        }

        Assert.True((await RequestAsync(closing, Confirm(closing))).Succeeded);
        var deletesAt = (await TenantRowAsync(closing.Tenant.Id)).ClosureDeletesAt!.Value;
        var before = await RowsPerTypeAsync(closing.Tenant.Id);
        var otherBefore = await RowsPerTypeAsync(other.Tenant.Id);
        Assert.All(TenantOwnedSamples.Builders.Keys, type => Assert.True(before[type.Name] > 0, type.Name + " was not seeded"));

        // A day before the deadline nothing happens; after it, the job deletes.
        await Job(deletesAt.AddDays(-1)).RunAsync(CancellationToken.None);
        Assert.Equal(TenantStatus.Closing, (await TenantRowAsync(closing.Tenant.Id)).Status);
        await Job(deletesAt.AddMinutes(1)).RunAsync(CancellationToken.None);

        var after = await RowsPerTypeAsync(closing.Tenant.Id);
        Assert.All(after, kv => Assert.True(kv.Value == 0, $"{kv.Key}: {kv.Value} rows of the closed workspace remain"));
        Assert.Equal(otherBefore, await RowsPerTypeAsync(other.Tenant.Id));

        var row = await TenantRowAsync(closing.Tenant.Id);
        Assert.Equal(TenantStatus.Closed, row.Status);
        await using (var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var certificate = await db.DeletionCertificates.AsNoTracking().SingleAsync(c => c.TenantId == closing.Tenant.Id);
            Assert.Equal(closing.Tenant.Identifier, certificate.Identifier);
            Assert.Equal("閉鎖テスト株式会社", certificate.WorkspaceName);
            foreach (var (type, count) in before.Where(kv => kv.Value > 0)) Assert.Equal(count, certificate.Counts[type]);
            Assert.Equal(certificate.Counts.Values.Sum(), certificate.TotalRows);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(certificate.CanonicalText()))), certificate.Hash);
            Assert.NotNull(certificate.MailedAt);
            Assert.False(await db.AuditChainHeads.AnyAsync(h => h.ChainKey == AuditChains.ForTenant(closing.Tenant.Id)));
            var entry = await db.PlatformAuditEntries.AsNoTracking().SingleAsync(e => e.Action == AuditActions.WorkspaceDeleted && e.TargetId == closing.Tenant.Id);
            Assert.Contains(certificate.Hash, entry.Details, StringComparison.Ordinal);
            Assert.DoesNotContain("こんにちは", entry.Details, StringComparison.Ordinal);
        }

        var mails = app.PickedUpMailTo(closing.Owner.Email!);
        var mail = Assert.Single(mails, IsCertificate);
        Assert.Contains(closing.Tenant.Identifier, mail.TextBody ?? "", StringComparison.Ordinal);
        Assert.Single(mail.Attachments);

        // A second run, or a retry of the same one, finds nothing to do and mails nothing.
        await Job(deletesAt.AddDays(1)).RunAsync(CancellationToken.None);
        Assert.Null(await Job(deletesAt.AddDays(1)).DeleteAsync(closing.Tenant.Id));
        Assert.Single(app.PickedUpMailTo(closing.Owner.Email!), IsCertificate);

        // A job queued before the deletion cannot leave rows behind it.
        await Assert.ThrowsAsync<WorkspaceReadOnlyException>(() => AddDepartmentAsync(closing.Tenant.Id));

        // The identifier stays reserved; the workspace is not found any more.
        using var anonymous = app.CreateLoopbackClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(app.TenantUri(closing.Tenant.Identifier, "/Account/Login"))).StatusCode);
    }

    [Fact]
    public async Task Two_deletion_runs_at_once_delete_and_mail_once()
    {
        var w = await WorkspaceAsync();
        Assert.True((await RequestAsync(w, Confirm(w))).Succeeded);
        var at = (await TenantRowAsync(w.Tenant.Id)).ClosureDeletesAt!.Value.AddHours(1);

        var results = await Task.WhenAll(Job(at).DeleteAsync(w.Tenant.Id), Job(at).DeleteAsync(w.Tenant.Id));

        Assert.Single(results, r => r is not null);
        Assert.Single(app.PickedUpMailTo(w.Owner.Email!), IsCertificate);
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<AppDbContext>().DeletionCertificates.CountAsync(c => c.TenantId == w.Tenant.Id));
    }

    [Fact]
    public async Task Operators_see_closing_and_deleted_workspaces_with_certificates_and_nothing_else_can_reach_the_list()
    {
        var closing = await WorkspaceAsync();
        var deleted = await WorkspaceAsync();
        await app.TenantDbAsync(deleted.Tenant.Id, async db =>
        {
            db.Conversations.Add(new Conversation { UserId = deleted.Member.Id, Title = "極秘の会話", Model = "gpt-4o-mini", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        Assert.True((await RequestAsync(closing, Confirm(closing))).Succeeded);
        Assert.True((await RequestAsync(deleted, Confirm(deleted))).Succeeded);
        var certificate = await Job((await TenantRowAsync(deleted.Tenant.Id)).ClosureDeletesAt!.Value.AddMinutes(1)).DeleteAsync(deleted.Tenant.Id);
        Assert.NotNull(certificate);

        using var ops = app.CreateLoopbackClient(new CookieContainer());
        await app.SignInOperatorAsync(ops, await app.CreateOperatorAsync());
        var response = await ops.GetAsync(new Uri(app.PlatformUri, "/ops/closures"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(closing.Tenant.Identifier, html, StringComparison.Ordinal);
        Assert.Contains(deleted.Tenant.Identifier, html, StringComparison.Ordinal);
        Assert.Contains(certificate.Hash, html, StringComparison.Ordinal);
        Assert.DoesNotContain("極秘の会話", html, StringComparison.Ordinal);

        // A workspace Owner (on the workspace host) does not reach the console; a member does not reach the data page's form.
        using var owner = await app.SignInAsync(closing.Tenant.Identifier, closing.Owner.Email!);
        var fromWorkspace = await owner.GetAsync(app.TenantUri(closing.Tenant.Identifier, "/ops/closures"));
        Assert.NotEqual(HttpStatusCode.OK, fromWorkspace.StatusCode);
        Assert.DoesNotContain(deleted.Tenant.Identifier, await fromWorkspace.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var anonymous = app.CreateLoopbackClient(new CookieContainer());
        var signedOut = await anonymous.GetAsync(new Uri(app.PlatformUri, "/ops/closures"));
        Assert.DoesNotContain(deleted.Tenant.Identifier, await signedOut.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_data_page_offers_the_closure_form_to_an_owner_only()
    {
        var w = await WorkspaceAsync();
        var admin = await app.CreateUserAsync(w.Tenant.Id, $"admin@{w.Tenant.Identifier}.example.jp", role: Roles.Admin);

        using var owner = await SignInWithCodeAsync(w);
        var ownerPage = await owner.GetStringAsync(app.TenantUri(w.Tenant.Identifier, "/settings/data"));
        using var adminClient = await app.SignInAsync(w.Tenant.Identifier, admin.Email!);
        var adminPage = await adminClient.GetStringAsync(app.TenantUri(w.Tenant.Identifier, "/settings/data"));

        Assert.Contains("data-testid=\"closure-request\"", ownerPage, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"closure-section\"", adminPage, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"closure-owners-only\"", adminPage, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"closure-request\"", adminPage, StringComparison.Ordinal);
    }

    /// <summary>The Owner's sign-in through the real forms: password, then the authenticator code.</summary>
    private async Task<HttpClient> SignInWithCodeAsync(Workspace w)
    {
        var client = app.CreateLoopbackClient(new CookieContainer());
        var password = await AccountForms.PostLoginAsync(client, app.TenantUri(w.Tenant.Identifier, "/Account/Login"), w.Owner.Email!, TestPasswords.Default);
        var next = password.Headers.Location?.OriginalString ?? throw new InvalidOperationException($"Sign-in failed: {(int)password.StatusCode}");
        var code = await AccountForms.PostFormAsync(client, new Uri(app.TenantUri(w.Tenant.Identifier), next), "login-with-2fa",
            new Dictionary<string, string> { ["Input.TwoFactorCode"] = Totp.Code(w.OwnerKey) });
        Assert.Equal(HttpStatusCode.Redirect, code.StatusCode);
        return client;
    }

    private ClosureDeletionJob Job(DateTimeOffset now) => new(
        app.Services.GetRequiredService<TenantScopeFactory>(), app.Services.GetRequiredService<IEmailSender>(), new FixedTime(now), NullLogger<ClosureDeletionJob>.Instance);

    /// <summary>Rows of the workspace in every tenant-owned table of the model, read past the tenant filter.</summary>
    private async Task<Dictionary<string, int>> RowsPerTypeAsync(string tenantId)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var counts = new Dictionary<string, int>();
        foreach (var type in ClosureDeletionJob.DeletionOrder(db.Model))
        {
            var count = typeof(WorkspaceClosureCases<THost>).GetMethod(nameof(CountAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(type.ClrType);
            counts[type.ClrType.Name] = await (Task<int>)count.Invoke(null, [db, tenantId])!;
        }

        Assert.Equal(TenantOwnedSamples.Builders.Count, counts.Count);
        return counts;
    }

    private static Task<int> CountAsync<T>(AppDbContext db, string tenantId) where T : class, ITenantOwned =>
        db.Set<T>().IgnoreQueryFilters().CountAsync(e => EF.Property<string>(e, nameof(ITenantOwned.TenantId)) == tenantId);

    private static bool IsCertificate(MimeKit.MimeMessage mail) => mail.Subject?.Contains("削除証明書", StringComparison.Ordinal) == true;

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
