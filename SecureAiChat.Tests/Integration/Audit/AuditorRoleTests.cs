using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Team;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Audit;

/// <summary>
/// The Auditor (監査担当) reads the audit log, its export and the workspace's usage over real HTTP, and every page that
/// changes something refuses it exactly as it refuses a Member.
/// </summary>
public sealed class AuditorRoleTests(AppHost app) : IClassFixture<AppHost>
{
    private sealed record Workspace(string TenantId, string Identifier, AppUser Owner, AppUser Auditor, AppUser Member);

    private async Task<Workspace> WorkspaceAsync(string prefix)
    {
        var identifier = prefix + Guid.NewGuid().ToString("N")[..6];
        var tenant = await app.CreateTenantAsync(identifier);
        var owner = await app.CreateUserAsync(tenant.Id, $"owner@{identifier}.example.jp", role: Roles.Owner, displayName: "山田 太郎");
        var auditor = await app.CreateUserAsync(tenant.Id, $"auditor@{identifier}.example.jp", role: Roles.Auditor, displayName: "監査 一郎");
        var member = await app.CreateUserAsync(tenant.Id, $"member@{identifier}.example.jp", displayName: "社員 次郎");
        return new Workspace(tenant.Id, identifier, owner, auditor, member);
    }

    /// <summary>Every workspace page that changes settings, the team or the workspace's set-up.</summary>
    public static TheoryData<string> AdminPages() => new(
        "/settings/members", "/settings/ai", "/settings/security", "/settings/sso", "/settings/plan", "/settings/guidelines",
        "/onboarding", "/onboarding/wizard");

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task Auditors_are_refused_on_every_admin_page_like_members(string path)
    {
        var w = await WorkspaceAsync("adm");
        using var auditor = await app.SignInAsync(w.Identifier, w.Auditor.Email!);

        var refused = await auditor.GetAsync(app.TenantUri(w.Identifier, path));

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/Account/AccessDenied", refused.Headers.Location?.ToString(), StringComparison.Ordinal);
        using var owner = await app.SignInAsync(w.Identifier, w.Owner.Email!);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(app.TenantUri(w.Identifier, path))).StatusCode);
    }

    [Fact]
    public async Task Auditors_read_and_export_the_audit_log_and_see_only_its_admin_link()
    {
        var w = await WorkspaceAsync("read");
        await using (var scope = await app.TenantScopeAsync(w.TenantId))
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            scope.ServiceProvider.GetRequiredService<IAuditLog>().Record(db, AuditActions.DepartmentCreated, new AuditTarget("department", "1", "経理部"));
            await db.SaveChangesAsync();
        }
        using var auditor = await app.SignInAsync(w.Identifier, w.Auditor.Email!);

        var page = await auditor.GetStringAsync(app.TenantUri(w.Identifier, "/settings/audit"));
        Assert.Contains("data-testid=\"audit-page\"", page, StringComparison.Ordinal);
        Assert.Contains("経理部", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"nav-audit\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"nav-members\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"nav-security\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"audit-retention\"", page, StringComparison.Ordinal);
        using var owner = await app.SignInAsync(w.Identifier, w.Owner.Email!);
        Assert.Contains("data-testid=\"audit-retention\"", await owner.GetStringAsync(app.TenantUri(w.Identifier, "/settings/audit")), StringComparison.Ordinal);

        var export = await auditor.GetAsync(app.TenantUri(w.Identifier, "/settings/audit/export?format=jsonl"));
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Contains("経理部", await export.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var recorded = await app.TenantDbAsync(w.TenantId, db => db.AuditEntries.SingleAsync(e => e.Action == AuditActions.AuditExported));
        Assert.Equal((w.Auditor.Id, Roles.Auditor), (recorded.ActorId, recorded.ActorRole));
    }

    [Fact]
    public async Task Auditors_see_the_whole_workspaces_usage_and_export_it()
    {
        var w = await WorkspaceAsync("use");
        using var auditor = await app.SignInAsync(w.Identifier, w.Auditor.Email!);

        var page = await auditor.GetStringAsync(app.TenantUri(w.Identifier, "/usage"));
        Assert.Contains("data-testid=\"usage-by-member\"", page, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync(app.TenantUri(w.Identifier, "/usage/export.csv"))).StatusCode);
        var recorded = await app.TenantDbAsync(w.TenantId, db => db.AuditEntries.SingleAsync(e => e.Action == AuditActions.UsageExported));
        Assert.Contains("\"scope\":\"workspace\"", recorded.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_owner_makes_a_member_an_auditor_audited_and_the_auditor_cannot_change_roles()
    {
        var w = await WorkspaceAsync("role");
        await using var scope = await app.TenantScopeAsync(w.TenantId);
        var members = scope.ServiceProvider.GetRequiredService<MemberService>();

        Assert.True((await members.ChangeRoleAsync(w.Owner.Id, w.Member.Id, Roles.Auditor)).Succeeded);
        Assert.Equal(MemberChangeRefusal.NotAnAdmin, (await members.ChangeRoleAsync(w.Auditor.Id, w.Member.Id, Roles.Admin)).Code);
        Assert.Equal(MemberChangeRefusal.NotAnAdmin, (await members.SetActiveAsync(w.Auditor.Id, w.Member.Id, false)).Code);

        var roles = await app.TenantDbAsync(w.TenantId, db => MemberService.RolesAsync(db, CancellationToken.None));
        Assert.Equal(Roles.Auditor, roles[w.Member.Id]);
        var changed = await app.TenantDbAsync(w.TenantId, db => db.AuditEntries.SingleAsync(e => e.Action == AuditActions.RoleChanged));
        Assert.Equal("{\"from\":\"Member\",\"to\":\"Auditor\"}", changed.Details);
    }
}
