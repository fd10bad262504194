using SecureAiChat.Core.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Team;

namespace SecureAiChat.Tests.Integration.Team;

/// <summary>Deleting a department: members keep everything but it, the rollout follows, the last open department is kept.</summary>
public sealed class DepartmentDeleteTests(TeamAppHost app) : IClassFixture<TeamAppHost>
{
    private sealed record Workspace(string TenantId, string Id, AppUser Owner, AppUser Sales, Guid SalesDept, Guid LegalDept);

    /// <summary>営業部 (with one member) and 法務部; the rollout is "chosen departments" with <paramref name="open"/> ticked.</summary>
    private async Task<Workspace> WorkspaceAsync(string prefix, Func<Guid, Guid, Guid[]> open)
    {
        var (tenantId, id, owner) = await app.WorkspaceAsync(prefix);
        var sales = await app.CreateUserAsync(tenantId, $"sales@{id}.example.jp");
        var departments = await app.InTenantAsync(tenantId, async sp =>
        {
            var service = sp.GetRequiredService<DepartmentService>();
            await service.CreateAsync("営業部");
            await service.CreateAsync("法務部");
            return await service.ListAsync();
        });
        var (salesDept, legalDept) = (departments.Single(d => d.Name == "営業部").Id, departments.Single(d => d.Name == "法務部").Id);
        await app.InTenantAsync(tenantId, async sp =>
        {
            await sp.GetRequiredService<MemberService>().SetDepartmentAsync(sales.Id, salesDept);
            await sp.GetRequiredService<DepartmentService>().SaveRolloutAsync(ChatRollout.SelectedDepartments, open(salesDept, legalDept), owner.Id, owner.Email!);
            return 0;
        });
        return new Workspace(tenantId, id, owner, sales, salesDept, legalDept);
    }

    private Task<Result<TeamRefusal>> DeleteAsync(string tenantId, Guid department, AppUser actor) =>
        app.InTenantAsync(tenantId, sp =>
        {
            sp.GetRequiredService<AuditActor>().SetUser(AuditActorKind.User, actor.Id, actor.DisplayName, Roles.Owner); // as the web host does
            return sp.GetRequiredService<DepartmentService>().DeleteAsync(department, actor.Id, actor.Email!);
        });

    private Task<AppUser> UserAsync(string tenantId, string userId) =>
        app.InTenantAsync(tenantId, sp => sp.GetRequiredService<AppDbContext>().Users.AsNoTracking().SingleAsync(u => u.Id == userId));

    private Task<int> TeamChangesAsync(string tenantId) =>
        app.InTenantAsync(tenantId, sp => sp.GetRequiredService<AppDbContext>().AuditEntries.CountAsync(e => e.Action.StartsWith("team.")));

    [Fact]
    public async Task Deleting_unassigns_its_members_and_invitations_leaves_the_rollout_list_and_is_logged()
    {
        var w = await WorkspaceAsync("dept-del", (sales, legal) => [sales, legal]);
        await app.InTenantAsync(w.TenantId, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            db.Conversations.Add(new Conversation { UserId = w.Sales.Id, Title = "見積もり", Model = "gpt-4o-mini", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        var invited = await app.InTenantAsync(w.TenantId, sp => sp.GetRequiredService<InvitationService>().InviteAsync(
            InviteeList.FromPasted($"new@{w.Id}.example.jp"), Roles.Member, w.SalesDept,
            new Inviter(w.Owner.Id, w.Owner.DisplayName, System.Globalization.CultureInfo.GetCultureInfo("ja-JP"))));
        Assert.True(invited.Succeeded);
        var stampBefore = (await UserAsync(w.TenantId, w.Sales.Id)).SecurityStamp;
        Assert.Equal(1, await app.InTenantAsync(w.TenantId, sp => sp.GetRequiredService<DepartmentService>().MemberCountAsync(w.SalesDept)));

        Assert.True((await DeleteAsync(w.TenantId, w.SalesDept, w.Owner)).Succeeded);

        var sales = await UserAsync(w.TenantId, w.Sales.Id);
        Assert.Null(sales.DepartmentId);
        Assert.True(sales.IsActive);
        Assert.Equal(stampBefore, sales.SecurityStamp); // still signed in, nothing else changed
        Assert.Equal(Roles.Member, (await app.InTenantAsync(w.TenantId, sp => sp.GetRequiredService<MemberService>().ListAsync())).Single(m => m.Id == w.Sales.Id).Role);
        Assert.Equal(1, await app.InTenantAsync(w.TenantId, sp => sp.GetRequiredService<AppDbContext>().Conversations.CountAsync(c => c.UserId == w.Sales.Id)));
        Assert.Null((await app.InvitationAsync(w.TenantId, $"new@{w.Id}.example.jp")).DepartmentId);
        var left = await app.InTenantAsync(w.TenantId, sp => sp.GetRequiredService<DepartmentService>().ListAsync());
        Assert.Equal((w.LegalDept, true), Assert.Single(left.Select(d => (d.Id, d.ChatEnabled))));
        Assert.Equal(ChatRollout.SelectedDepartments, await app.InTenantAsync(w.TenantId, sp => sp.GetRequiredService<DepartmentService>().GetRolloutAsync()));

        var deleted = await app.InTenantAsync(w.TenantId, sp => sp.GetRequiredService<AppDbContext>().AuditEntries.AsNoTracking()
            .SingleAsync(e => e.Action == AuditActions.DepartmentDeleted));
        Assert.Equal((w.Owner.Id, "department", w.SalesDept.ToString(), "営業部"), (deleted.ActorId, deleted.TargetType, deleted.TargetId, deleted.TargetDisplay));
        Assert.Contains("\"Department\":{\"from\":\"営業部\",\"to\":null}", deleted.Details);
        Assert.Contains("\"ChatDepartments\":{\"from\":\"営業部, 法務部\"", deleted.Details);
    }

    [Fact]
    public async Task The_last_open_department_of_a_chosen_departments_rollout_is_refused_and_nothing_changes()
    {
        var w = await WorkspaceAsync("dept-last", (sales, _) => [sales]);
        var logged = await TeamChangesAsync(w.TenantId);

        Assert.Equal(TeamRefusal.LastOpenDepartment, (await DeleteAsync(w.TenantId, w.SalesDept, w.Owner)).Code);

        Assert.Equal(w.SalesDept, (await UserAsync(w.TenantId, w.Sales.Id)).DepartmentId);
        var departments = await app.InTenantAsync(w.TenantId, sp => sp.GetRequiredService<DepartmentService>().ListAsync());
        Assert.True(departments.Single(d => d.Id == w.SalesDept).ChatEnabled);
        Assert.Equal(2, departments.Count);
        Assert.Equal(logged, await TeamChangesAsync(w.TenantId));

        // A closed department can go, and with the rollout back to everyone so can the last open one.
        Assert.True((await DeleteAsync(w.TenantId, w.LegalDept, w.Owner)).Succeeded);
        await app.InTenantAsync(w.TenantId, async sp => { await sp.GetRequiredService<DepartmentService>().SaveRolloutAsync(ChatRollout.Everyone, [w.SalesDept], w.Owner.Id, w.Owner.Email!); return 0; });
        Assert.True((await DeleteAsync(w.TenantId, w.SalesDept, w.Owner)).Succeeded);
        Assert.Empty(await app.InTenantAsync(w.TenantId, sp => sp.GetRequiredService<DepartmentService>().ListAsync()));
    }

    [Fact]
    public async Task A_department_of_another_workspace_is_not_found_and_stays()
    {
        var w = await WorkspaceAsync("dept-own", (sales, legal) => [sales, legal]);
        var (otherTenant, _, otherOwner) = await app.WorkspaceAsync("dept-other");

        Assert.Equal(TeamRefusal.NotFound, (await DeleteAsync(otherTenant, w.LegalDept, otherOwner)).Code);
        Assert.Equal(0, await app.InTenantAsync(otherTenant, sp => sp.GetRequiredService<DepartmentService>().MemberCountAsync(w.SalesDept)));

        Assert.Equal(2, (await app.InTenantAsync(w.TenantId, sp => sp.GetRequiredService<DepartmentService>().ListAsync())).Count);
        Assert.Equal(w.SalesDept, (await UserAsync(w.TenantId, w.Sales.Id)).DepartmentId);
        Assert.Equal(0, await TeamChangesAsync(otherTenant));
    }
}
