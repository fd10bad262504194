using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Results;

namespace SecureAiChat.Core.Team;

/// <summary>Why a role change, a deactivation or a reactivation was refused (resource key <c>MemberChangeRefusal_{Code}</c>).</summary>
public enum MemberChangeRefusal
{
    NotAnAdmin,
    OnlyOwnerManagesOwners,
    LastOwner,
    SelfLockout,
    UnknownRole,
    NotFound,

    /// <summary>A reactivation needs a free seat.</summary>
    SeatsFull,
}

/// <summary>
/// The role rules: there is always at least one active Owner; only an Owner grants or removes Owner;
/// an admin cannot demote or deactivate themselves (they would lock themselves out of these pages).
/// An Auditor is no admin: it reads the audit log and usage but passes none of these checks as the actor.
/// </summary>
public static class RoleRules
{
    /// <summary>Tenant roles a member can hold, highest first.</summary>
    public static readonly IReadOnlyList<string> TenantRoles = [Roles.Owner, Roles.Admin, Roles.Auditor, Roles.Member];

    public static bool IsAdmin(string role) => role is Roles.Owner or Roles.Admin;

    public static Result<MemberChangeRefusal> CanChangeRole(string actorRole, bool isSelf, string currentRole, string newRole, int activeOwners)
    {
        if (!TenantRoles.Contains(newRole)) return MemberChangeRefusal.UnknownRole;
        if (!IsAdmin(actorRole)) return MemberChangeRefusal.NotAnAdmin;
        if (currentRole == newRole) return Result<MemberChangeRefusal>.Ok;
        if ((currentRole == Roles.Owner || newRole == Roles.Owner) && actorRole != Roles.Owner) return MemberChangeRefusal.OnlyOwnerManagesOwners;
        if (currentRole == Roles.Owner && activeOwners <= 1) return MemberChangeRefusal.LastOwner;
        if (isSelf && !IsAdmin(newRole)) return MemberChangeRefusal.SelfLockout;
        return Result<MemberChangeRefusal>.Ok;
    }

    public static Result<MemberChangeRefusal> CanDeactivate(string actorRole, bool isSelf, string targetRole, int activeOwners)
    {
        if (!IsAdmin(actorRole)) return MemberChangeRefusal.NotAnAdmin;
        if (isSelf) return MemberChangeRefusal.SelfLockout;
        if (targetRole == Roles.Owner && actorRole != Roles.Owner) return MemberChangeRefusal.OnlyOwnerManagesOwners;
        if (targetRole == Roles.Owner && activeOwners <= 1) return MemberChangeRefusal.LastOwner;
        return Result<MemberChangeRefusal>.Ok;
    }

    /// <summary>Roles an admin may put on an invitation: Owner is granted only later, by an Owner.</summary>
    public static bool CanInviteAs(string role) => role is Roles.Admin or Roles.Auditor or Roles.Member;
}
