using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Team;

namespace SecureAiChat.Tests.Unit.Team;

public sealed class RoleRulesTests
{
    [Fact]
    public void Only_an_owner_grants_owner()
    {
        Assert.Equal(MemberChangeRefusal.OnlyOwnerManagesOwners, RoleRules.CanChangeRole(Roles.Admin, false, Roles.Member, Roles.Owner, 1).Code);
        Assert.True(RoleRules.CanChangeRole(Roles.Owner, false, Roles.Member, Roles.Owner, 1).Succeeded);
    }

    [Fact]
    public void Only_an_owner_removes_owner()
    {
        Assert.Equal(MemberChangeRefusal.OnlyOwnerManagesOwners, RoleRules.CanChangeRole(Roles.Admin, false, Roles.Owner, Roles.Member, 2).Code);
        Assert.True(RoleRules.CanChangeRole(Roles.Owner, false, Roles.Owner, Roles.Admin, 2).Succeeded);
    }

    [Fact]
    public void The_last_active_owner_cannot_be_demoted_or_deactivated()
    {
        Assert.Equal(MemberChangeRefusal.LastOwner, RoleRules.CanChangeRole(Roles.Owner, true, Roles.Owner, Roles.Admin, 1).Code);
        Assert.Equal(MemberChangeRefusal.LastOwner, RoleRules.CanDeactivate(Roles.Owner, false, Roles.Owner, 1).Code);
    }

    [Fact]
    public void An_admin_cannot_lock_themselves_out()
    {
        Assert.Equal(MemberChangeRefusal.SelfLockout, RoleRules.CanChangeRole(Roles.Admin, true, Roles.Admin, Roles.Member, 1).Code);
        Assert.Equal(MemberChangeRefusal.SelfLockout, RoleRules.CanDeactivate(Roles.Admin, true, Roles.Admin, 1).Code);
        Assert.Equal(MemberChangeRefusal.SelfLockout, RoleRules.CanChangeRole(Roles.Owner, true, Roles.Owner, Roles.Member, 2).Code);
        // An owner stepping down to admin keeps access, and another owner remains.
        Assert.True(RoleRules.CanChangeRole(Roles.Owner, true, Roles.Owner, Roles.Admin, 2).Succeeded);
    }

    [Fact]
    public void Members_change_nothing_and_unknown_roles_are_refused()
    {
        Assert.Equal(MemberChangeRefusal.NotAnAdmin, RoleRules.CanChangeRole(Roles.Member, false, Roles.Member, Roles.Admin, 1).Code);
        Assert.Equal(MemberChangeRefusal.NotAnAdmin, RoleRules.CanDeactivate(Roles.Member, false, Roles.Member, 1).Code);
        Assert.Equal(MemberChangeRefusal.UnknownRole, RoleRules.CanChangeRole(Roles.Owner, false, Roles.Member, Roles.Operator, 1).Code);
    }

    [Fact]
    public void An_admin_manages_members_and_admins()
    {
        Assert.True(RoleRules.CanChangeRole(Roles.Admin, false, Roles.Member, Roles.Admin, 1).Succeeded);
        Assert.True(RoleRules.CanDeactivate(Roles.Admin, false, Roles.Admin, 1).Succeeded);
        Assert.Equal(MemberChangeRefusal.OnlyOwnerManagesOwners, RoleRules.CanDeactivate(Roles.Admin, false, Roles.Owner, 2).Code);
    }

    [Fact]
    public void Invitations_grant_admin_or_member_only()
    {
        Assert.True(RoleRules.CanInviteAs(Roles.Member));
        Assert.True(RoleRules.CanInviteAs(Roles.Admin));
        Assert.False(RoleRules.CanInviteAs(Roles.Owner));
        Assert.False(RoleRules.CanInviteAs(Roles.Operator));
    }

    [Fact]
    public void Admins_assign_the_auditor_role_and_an_auditor_changes_nothing()
    {
        Assert.True(RoleRules.CanChangeRole(Roles.Admin, false, Roles.Member, Roles.Auditor, 1).Succeeded);
        Assert.True(RoleRules.CanChangeRole(Roles.Owner, false, Roles.Auditor, Roles.Member, 1).Succeeded);
        Assert.True(RoleRules.CanInviteAs(Roles.Auditor));
        Assert.False(RoleRules.IsAdmin(Roles.Auditor));
        Assert.Equal(MemberChangeRefusal.NotAnAdmin, RoleRules.CanChangeRole(Roles.Auditor, false, Roles.Member, Roles.Admin, 1).Code);
        Assert.Equal(MemberChangeRefusal.NotAnAdmin, RoleRules.CanDeactivate(Roles.Auditor, false, Roles.Member, 1).Code);
        // An admin who made themselves an auditor would lose the team page.
        Assert.Equal(MemberChangeRefusal.SelfLockout, RoleRules.CanChangeRole(Roles.Admin, true, Roles.Admin, Roles.Auditor, 1).Code);
    }
}
