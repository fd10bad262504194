using SecureAiChat.Core.Audit;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Onboarding;
using SecureAiChat.Core.Security;
using SecureAiChat.Core.Team;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Team;

/// <summary>Deactivation, roles, the department rollout, the idle timeout and required two-factor sign-in, over real HTTP.</summary>
public sealed class SessionRulesTests(TeamAppHost app) : IClassFixture<TeamAppHost>
{
    private Task<T> InTenant<T>(string tenantId, Func<IServiceProvider, Task<T>> action) => app.InTenantAsync(tenantId, action);

    private static string? Location(HttpResponseMessage response) => response.Headers.Location?.ToString();

    [Fact]
    public async Task Deactivation_ends_the_session_refuses_sign_in_frees_the_seat_and_keeps_conversations()
    {
        var (tenantId, id, owner) = await app.WorkspaceAsync("deact");
        var member = await app.CreateUserAsync(tenantId, $"member@{id}.example.jp");
        using var session = await app.SignInAsync(id, member.Email!);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync(app.TenantUri(id, "/chat"))).StatusCode);
        var before = await InTenant(tenantId, sp => sp.GetRequiredService<InvitationService>().SeatsAsync());

        var result = await InTenant(tenantId, sp => sp.GetRequiredService<MemberService>().SetActiveAsync(owner.Id, member.Id, active: false));

        Assert.True(result.Succeeded);
        var after = await session.GetAsync(app.TenantUri(id, "/chat"));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/Account/Login", Location(after), StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.SignInAsync(id, member.Email!));
        Assert.Equal(before.ActiveMembers - 1, (await InTenant(tenantId, sp => sp.GetRequiredService<InvitationService>().SeatsAsync())).ActiveMembers);
        Assert.Equal(MemberStatus.Deactivated, (await InTenant(tenantId, sp => sp.GetRequiredService<MemberService>().ListAsync())).Single(m => m.Id == member.Id).Status);

        Assert.True((await InTenant(tenantId, sp => sp.GetRequiredService<MemberService>().SetActiveAsync(owner.Id, member.Id, active: true))).Succeeded);
        using var back = await app.SignInAsync(id, member.Email!);
    }

    [Fact]
    public async Task Reactivation_needs_a_free_seat()
    {
        var (tenantId, id, owner) = await app.WorkspaceAsync("react");
        var leaver = await app.CreateUserAsync(tenantId, $"leaver@{id}.example.jp");
        await InTenant(tenantId, sp => sp.GetRequiredService<MemberService>().SetActiveAsync(owner.Id, leaver.Id, active: false));
        for (var i = 0; i < 9; i++) await app.CreateUserAsync(tenantId, $"m{i}@{id}.example.jp"); // 10 of 10

        var result = await InTenant(tenantId, sp => sp.GetRequiredService<MemberService>().SetActiveAsync(owner.Id, leaver.Id, active: true));

        Assert.Equal(MemberChangeRefusal.SeatsFull, result.Code);
        Assert.Equal(0, (await InTenant(tenantId, sp => sp.GetRequiredService<InvitationService>().SeatsAsync())).Remaining);
    }

    [Fact]
    public async Task Role_rules_hold_on_the_real_member_list()
    {
        var (tenantId, id, owner) = await app.WorkspaceAsync("roles");
        var admin = await app.CreateUserAsync(tenantId, $"admin@{id}.example.jp", role: Roles.Admin);
        var member = await app.CreateUserAsync(tenantId, $"member@{id}.example.jp");
        var members = (Func<IServiceProvider, MemberService>)(sp => sp.GetRequiredService<MemberService>());

        Assert.Equal(MemberChangeRefusal.OnlyOwnerManagesOwners, (await InTenant(tenantId, sp => members(sp).ChangeRoleAsync(admin.Id, member.Id, Roles.Owner))).Code);
        Assert.Equal(MemberChangeRefusal.OnlyOwnerManagesOwners, (await InTenant(tenantId, sp => members(sp).SetActiveAsync(admin.Id, owner.Id, false))).Code);
        Assert.Equal(MemberChangeRefusal.LastOwner, (await InTenant(tenantId, sp => members(sp).ChangeRoleAsync(owner.Id, owner.Id, Roles.Admin))).Code);
        Assert.Equal(MemberChangeRefusal.SelfLockout, (await InTenant(tenantId, sp => members(sp).ChangeRoleAsync(admin.Id, admin.Id, Roles.Member))).Code);
        Assert.True((await InTenant(tenantId, sp => members(sp).ChangeRoleAsync(owner.Id, member.Id, Roles.Owner))).Succeeded);
        // Two owners now: the first may step down to admin.
        Assert.True((await InTenant(tenantId, sp => members(sp).ChangeRoleAsync(owner.Id, owner.Id, Roles.Admin))).Succeeded);

        var list = await InTenant(tenantId, sp => members(sp).ListAsync());
        Assert.Equal(Roles.Owner, list.Single(m => m.Id == member.Id).Role);
        Assert.Equal(Roles.Admin, list.Single(m => m.Id == owner.Id).Role);
    }

    [Fact]
    public async Task The_department_rollout_blocks_other_departments_and_allows_chosen_ones_and_admins()
    {
        var (tenantId, id, owner) = await app.WorkspaceAsync("rollout");
        var sales = await app.CreateUserAsync(tenantId, $"sales@{id}.example.jp");
        var legal = await app.CreateUserAsync(tenantId, $"legal@{id}.example.jp");
        var departments = await InTenant(tenantId, async sp =>
        {
            var service = sp.GetRequiredService<DepartmentService>();
            Assert.True((await service.CreateAsync("営業部")).Succeeded);
            Assert.True((await service.CreateAsync("法務部")).Succeeded);
            Assert.Equal(TeamRefusal.NameTaken, (await service.CreateAsync(" 営業部 ")).Code);
            return await service.ListAsync();
        });
        var salesDept = departments.Single(d => d.Name == "営業部").Id;
        await InTenant(tenantId, async sp =>
        {
            var members = sp.GetRequiredService<MemberService>();
            await members.SetDepartmentAsync(sales.Id, salesDept);
            await members.SetDepartmentAsync(legal.Id, departments.Single(d => d.Name == "法務部").Id);
            await sp.GetRequiredService<DepartmentService>().SaveRolloutAsync(ChatRollout.SelectedDepartments, [salesDept], owner.Id, owner.Email!);
            return 0;
        });

        using var legalSession = await app.SignInAsync(id, legal.Email!);
        using var salesSession = await app.SignInAsync(id, sales.Email!);
        using var ownerSession = await app.SignInAsync(id, owner.Email!);
        var blocked = await legalSession.GetStringAsync(app.TenantUri(id, "/chat"));
        Assert.Contains("data-testid=\"rollout-blocked\"", blocked, StringComparison.Ordinal);
        Assert.Contains("まだあなたの部署では利用できません", blocked, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"chat-page\"", blocked, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"chat-page\"", await salesSession.GetStringAsync(app.TenantUri(id, "/chat")), StringComparison.Ordinal);
        Assert.Contains("data-testid=\"chat-page\"", await ownerSession.GetStringAsync(app.TenantUri(id, "/chat")), StringComparison.Ordinal);

        await InTenant(tenantId, async sp => { await sp.GetRequiredService<DepartmentService>().SaveRolloutAsync(ChatRollout.Everyone, [], owner.Id, owner.Email!); return 0; });
        Assert.Contains("data-testid=\"chat-page\"", await legalSession.GetStringAsync(app.TenantUri(id, "/chat")), StringComparison.Ordinal);
        var logged = await InTenant(tenantId, sp => sp.GetRequiredService<AppDbContext>().AuditEntries.Where(e => e.Action == AuditActions.RolloutChanged).CountAsync());
        Assert.Equal(2, logged); // rollout on (with its departments), rollout off
    }

    [Fact]
    public async Task An_idle_session_must_sign_in_again()
    {
        var (tenantId, id, owner) = await app.WorkspaceAsync("idle");
        var member = await app.CreateUserAsync(tenantId, $"member@{id}.example.jp");
        await InTenant(tenantId, sp => sp.GetRequiredService<SecuritySettingsService>().SaveAsync(new SecuritySettingsInput("", 15, TwoFactorRequirement.None), owner.Id, owner.Email!));
        using var session = await app.SignInAsync(id, member.Email!);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync(app.TenantUri(id, "/chat"))).StatusCode); // signing in counts as activity

        // The member's last activity moves 16 minutes into the past (instead of waiting).
        await InTenant(tenantId, sp => sp.GetRequiredService<AppDbContext>().Users.Where(u => u.Id == member.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LastActiveAt, DateTimeOffset.UtcNow.AddMinutes(-16))));

        var idle = await session.GetAsync(app.TenantUri(id, "/chat"));
        Assert.Equal(HttpStatusCode.Redirect, idle.StatusCode);
        Assert.Contains("/Account/Login?idle=1", Location(idle), StringComparison.Ordinal);
        // The session cookie is gone: activity elsewhere does not bring it back.
        await InTenant(tenantId, sp => sp.GetRequiredService<AppDbContext>().Users.Where(u => u.Id == member.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LastActiveAt, DateTimeOffset.UtcNow)));
        var after = await session.GetAsync(app.TenantUri(id, "/chat"));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.DoesNotContain("idle=1", Location(after), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Required_two_factor_leads_admins_to_set_it_up_first_and_leaves_members_alone()
    {
        var (tenantId, id, owner) = await app.WorkspaceAsync("mfa");
        var member = await app.CreateUserAsync(tenantId, $"member@{id}.example.jp");
        await InTenant(tenantId, sp => sp.GetRequiredService<SecuritySettingsService>().SaveAsync(new SecuritySettingsInput("", 0, TwoFactorRequirement.Admins), owner.Id, owner.Email!));

        using var admin = await app.SignInAsync(id, owner.Email!);
        var redirected = await admin.GetAsync(app.TenantUri(id, "/settings/members"));
        Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
        Assert.Equal("/Account/Manage/EnableAuthenticator?required=1", Location(redirected));
        var setup = await admin.GetStringAsync(app.TenantUri(id, "/Account/Manage/EnableAuthenticator?required=1"));
        Assert.Contains("data-testid=\"2fa-required\"", setup, StringComparison.Ordinal);

        using var plain = await app.SignInAsync(id, member.Email!);
        Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync(app.TenantUri(id, "/chat"))).StatusCode);

        await InTenant(tenantId, sp => sp.GetRequiredService<SecuritySettingsService>().SaveAsync(new SecuritySettingsInput("", 0, TwoFactorRequirement.Everyone), owner.Id, owner.Email!));
        var memberRedirected = await plain.GetAsync(app.TenantUri(id, "/chat"));
        Assert.Equal("/Account/Manage/EnableAuthenticator?required=1", Location(memberRedirected));
    }

    [Fact]
    public async Task The_usage_export_obeys_the_idle_timeout()
    {
        var (tenantId, id, owner) = await app.WorkspaceAsync("idlecsv");
        await InTenant(tenantId, sp => sp.GetRequiredService<SecuritySettingsService>().SaveAsync(new SecuritySettingsInput("", 15, TwoFactorRequirement.None), owner.Id, owner.Email!));
        using var session = await app.SignInAsync(id, owner.Email!);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync(app.TenantUri(id, "/usage/export.csv"))).StatusCode);

        await InTenant(tenantId, sp => sp.GetRequiredService<AppDbContext>().Users.Where(u => u.Id == owner.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LastActiveAt, DateTimeOffset.UtcNow.AddMinutes(-16))));

        var idle = await session.GetAsync(app.TenantUri(id, "/usage/export.csv"));
        Assert.Equal(HttpStatusCode.Redirect, idle.StatusCode);
        Assert.Contains("/Account/Login?idle=1", Location(idle), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_usage_export_and_static_assets_obey_required_two_factor_as_pages_do()
    {
        var (tenantId, id, owner) = await app.WorkspaceAsync("mfacsv");
        await InTenant(tenantId, sp => sp.GetRequiredService<SecuritySettingsService>().SaveAsync(new SecuritySettingsInput("", 0, TwoFactorRequirement.Admins), owner.Id, owner.Email!));
        using var admin = await app.SignInAsync(id, owner.Email!);

        var export = await admin.GetAsync(app.TenantUri(id, "/usage/export.csv"));
        Assert.Equal(HttpStatusCode.Redirect, export.StatusCode);
        Assert.Equal("/Account/Manage/EnableAuthenticator?required=1", Location(export));
        // Static assets still load (the setup page needs its styles and scripts).
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(app.TenantUri(id, "/_framework/blazor.web.js"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(app.TenantUri(id, "/app.css"))).StatusCode);
    }

    [Fact]
    public async Task Team_facts_complete_the_onboarding_items()
    {
        var (tenantId, id, owner) = await app.WorkspaceAsync("facts");
        async Task<HashSet<string>> FactsAsync() => await InTenant(tenantId, async sp =>
        {
            var facts = new HashSet<string>();
            foreach (var source in sp.GetServices<IOnboardingFactSource>()) await source.AddCompletedAsync(sp.GetRequiredService<AppDbContext>(), facts, default);
            return facts;
        });
        Assert.DoesNotContain("invite-team", await FactsAsync());

        var email = $"new@{id}.example.jp";
        await app.InviteAsync(tenantId, id, owner, email);
        Assert.Contains("invite-team", await FactsAsync());
        Assert.DoesNotContain("members-created", await FactsAsync());

        using var client = app.CreateLoopbackClient(new CookieContainer());
        await AccountForms.PostFormAsync(client, await app.AcceptLinkAsync(email), "accept", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "新人", ["Input.Password"] = TestPasswords.Default, ["Input.ConfirmPassword"] = TestPasswords.Default,
        });
        await InTenant(tenantId, async sp => { await sp.GetRequiredService<MemberService>().MarkRolesReviewedAsync(); return 0; });
        await InTenant(tenantId, sp => sp.GetRequiredService<SecuritySettingsService>().SaveAsync(new SecuritySettingsInput("", 30, TwoFactorRequirement.None), owner.Id, owner.Email!));

        var facts = await FactsAsync();
        Assert.Superset(new HashSet<string> { "invite-team", "members-created", "roles-set", "review-security" }, facts);
    }
}
