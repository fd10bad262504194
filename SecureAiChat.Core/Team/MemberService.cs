using SecureAiChat.Core.Audit;
using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Results;

namespace SecureAiChat.Core.Team;

public enum MemberStatus
{
    Active = 0,
    Invited = 1,
    InvitationExpired = 2,
    Deactivated = 3,
}

/// <summary>One row of the member list: a member (Id = user id) or an open or expired invitation (Id = invitation id).</summary>
public sealed record MemberView(
    string Id, bool IsInvitation, string Name, string Email, string Role, Guid? DepartmentId, string? DepartmentName,
    MemberStatus Status, DateTimeOffset? LastActiveAt, DateTimeOffset? InvitationExpiresAt);

/// <summary>
/// The members of the workspace of the current scope: list, role changes, deactivation and reactivation, departments.
/// Role rules are <see cref="RoleRules"/>; deactivation renews the security stamp so open sessions end at the next check.
/// </summary>
public sealed class MemberService(IDbContextFactory<AppDbContext> contexts, TimeProvider time, IAuditLog audit)
{
    public async Task<IReadOnlyList<MemberView>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        var roles = await RolesAsync(db, cancellationToken);
        var users = await db.Users.AsNoTracking().ToListAsync(cancellationToken);
        var rows = users.Select(u => new MemberView(
            u.Id, false, u.DisplayName, u.Email ?? "", roles.GetValueOrDefault(u.Id, Roles.Member), u.DepartmentId, Name(departments, u.DepartmentId),
            u.IsActive ? MemberStatus.Active : MemberStatus.Deactivated, u.LastActiveAt, null)).ToList();
        var invitations = await db.Invitations.AsNoTracking().Where(i => i.AcceptedAt == null && i.RevokedAt == null).ToListAsync(cancellationToken);
        rows.AddRange(invitations.Select(i => new MemberView(
            i.Id.ToString(), true, "", i.Email, i.Role, i.DepartmentId, Name(departments, i.DepartmentId),
            i.StatusAt(now) == InvitationStatus.Pending ? MemberStatus.Invited : MemberStatus.InvitationExpired, null, i.ExpiresAt)));
        return rows.OrderBy(r => r.Status).ThenBy(r => r.Email, StringComparer.OrdinalIgnoreCase).ToList();
    }

    public async Task<Result<MemberChangeRefusal>> ChangeRoleAsync(string actorId, string userId, string newRole, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var roles = await RolesAsync(db, cancellationToken);
        if (!await db.Users.AnyAsync(u => u.Id == userId, cancellationToken)) return MemberChangeRefusal.NotFound;
        var current = roles.GetValueOrDefault(userId, Roles.Member);
        var refusal = RoleRules.CanChangeRole(roles.GetValueOrDefault(actorId, Roles.Member), actorId == userId, current, newRole, await ActiveOwnersAsync(db, roles, cancellationToken));
        if (!refusal.Succeeded || current == newRole) return refusal;

        db.UserRoles.RemoveRange(await db.UserRoles.Where(r => r.UserId == userId && RoleIds.Contains(r.RoleId)).ToListAsync(cancellationToken));
        db.UserRoles.Add(new AppUserRole { UserId = userId, RoleId = RoleId(newRole) });
        var user = await db.Users.SingleAsync(u => u.Id == userId, cancellationToken);
        // Roles are in the cookie: a new stamp makes the next check re-issue (or end) the member's session.
        user.SecurityStamp = Guid.NewGuid().ToString();
        audit.Record(db, AuditActions.RoleChanged, AuditTarget.User(userId, user.DisplayName), new { from = current, to = newRole });
        await MarkRolesReviewedAsync(db, time.GetUtcNow(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return Result<MemberChangeRefusal>.Ok;
    }

    /// <summary>Deactivates (seat freed, sign-in refused, sessions end; conversations kept) or reactivates (needs a free seat).</summary>
    public async Task<Result<MemberChangeRefusal>> SetActiveAsync(string actorId, string userId, bool active, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null) return MemberChangeRefusal.NotFound;
        if (user.IsActive == active) return Result<MemberChangeRefusal>.Ok;
        var roles = await RolesAsync(db, cancellationToken);
        var actorRole = roles.GetValueOrDefault(actorId, Roles.Member);
        if (active)
        {
            if (!RoleRules.IsAdmin(actorRole)) return MemberChangeRefusal.NotAnAdmin;
            var seats = await TeamSeats.CountAsync(db, time.GetUtcNow(), cancellationToken);
            if (!seats.CanAdd(1)) return new Problem<MemberChangeRefusal>(MemberChangeRefusal.SeatsFull, "1");
        }
        else
        {
            var refusal = RoleRules.CanDeactivate(actorRole, actorId == userId, roles.GetValueOrDefault(userId, Roles.Member), await ActiveOwnersAsync(db, roles, cancellationToken));
            if (!refusal.Succeeded) return refusal;
        }
        user.IsActive = active;
        user.SecurityStamp = Guid.NewGuid().ToString();
        audit.Record(db, active ? AuditActions.MemberReactivated : AuditActions.MemberDeactivated, AuditTarget.User(userId, user.DisplayName));
        await db.SaveChangesAsync(cancellationToken);
        return Result<MemberChangeRefusal>.Ok;
    }

    public async Task<bool> SetDepartmentAsync(string userId, Guid? departmentId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null || (departmentId is { } id && !await db.Departments.AnyAsync(d => d.Id == id, cancellationToken))) return false;
        audit.Record(db, AuditActions.MemberMoved, AuditTarget.User(userId, user.DisplayName), new { from = user.DepartmentId, to = departmentId });
        user.DepartmentId = departmentId;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>An admin looked at the member list and its roles (onboarding "roles-set").</summary>
    public async Task MarkRolesReviewedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await MarkRolesReviewedAsync(db, time.GetUtcNow(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The highest tenant role of every member of the context's tenant.</summary>
    public static async Task<Dictionary<string, string>> RolesAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.UserRoles.AsNoTracking().Where(r => RoleIds.Contains(r.RoleId)).Select(r => new { r.UserId, r.RoleId }).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => RoleRules.TenantRoles.First(role => g.Any(r => r.RoleId == RoleId(role))));
    }

    private static readonly string[] RoleIds = RoleRules.TenantRoles.Select(RoleId).ToArray();

    private static string RoleId(string role) => role.ToLowerInvariant();

    private static string? Name(Dictionary<Guid, string> departments, Guid? id) => id is { } key ? departments.GetValueOrDefault(key) : null;

    private static async Task<int> ActiveOwnersAsync(AppDbContext db, Dictionary<string, string> roles, CancellationToken cancellationToken)
    {
        var owners = roles.Where(r => r.Value == Roles.Owner).Select(r => r.Key).ToList();
        return await db.Users.CountAsync(u => owners.Contains(u.Id) && u.IsActive, cancellationToken);
    }

    private static async Task MarkRolesReviewedAsync(AppDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = await db.TeamSettings.SingleOrDefaultAsync(cancellationToken);
        if (settings is null) db.TeamSettings.Add(settings = new TeamSettings());
        settings.RolesReviewedAt ??= now;
    }
}
