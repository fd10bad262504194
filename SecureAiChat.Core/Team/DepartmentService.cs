using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Results;

namespace SecureAiChat.Core.Team;

/// <summary>Departments of the workspace of the current scope, and the phased chat rollout over them.</summary>
public sealed class DepartmentService(IDbContextFactory<AppDbContext> contexts, TimeProvider time, IAuditLog audit)
{
    public const string AuditArea = "team";

    public async Task<IReadOnlyList<Department>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking().ToListAsync(cancellationToken);
        return departments.OrderBy(d => d.Name, StringComparer.CurrentCulture).ToList();
    }

    public async Task<Result<TeamRefusal>> CreateAsync(string? name, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (clean, refusal) = await CheckNameAsync(db, name, null, cancellationToken);
        if (!refusal.Succeeded) return refusal;
        var created = db.Departments.Add(new Department { Name = clean, CreatedAt = time.GetUtcNow() }).Entity;
        audit.Record(db, AuditActions.DepartmentCreated, new AuditTarget("department", created.Id.ToString(), clean));
        await db.SaveChangesAsync(cancellationToken);
        return Result<TeamRefusal>.Ok;
    }

    public async Task<Result<TeamRefusal>> RenameAsync(Guid id, string? name, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var department = await db.Departments.SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (department is null) return TeamRefusal.NotFound;
        var (clean, refusal) = await CheckNameAsync(db, name, id, cancellationToken);
        if (!refusal.Succeeded) return refusal;
        audit.Record(db, AuditActions.DepartmentRenamed, new AuditTarget("department", id.ToString(), clean), new { from = department.Name, to = clean });
        department.Name = clean;
        await db.SaveChangesAsync(cancellationToken);
        return Result<TeamRefusal>.Ok;
    }

    /// <summary>How many member accounts belong to the department (the delete confirmation says who loses it).</summary>
    public async Task<int> MemberCountAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Users.CountAsync(u => u.DepartmentId == id, cancellationToken);
    }

    /// <summary>
    /// Deletes a department: its members and invitations keep everything but the department, and it leaves the
    /// rollout's open list. Refused when it is the last open department of a "chosen departments" rollout, because
    /// deleting it would silently close chat for every member. One SaveChanges, so nothing is half-done; logged.
    /// </summary>
    public async Task<Result<TeamRefusal>> DeleteAsync(Guid id, string actorId, string actorEmail, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var departments = await db.Departments.ToListAsync(cancellationToken);
        var department = departments.SingleOrDefault(d => d.Id == id);
        if (department is null) return TeamRefusal.NotFound;
        var settings = await db.TeamSettings.SingleOrDefaultAsync(cancellationToken) ?? new TeamSettings();
        if (settings.ChatRollout == ChatRollout.SelectedDepartments && department.ChatEnabled && departments.Count(d => d.ChatEnabled) == 1)
            return TeamRefusal.LastOpenDepartment;
        if (await db.LegalHolds.AnyAsync(h => h.DepartmentId == id && h.LiftedAt == null, cancellationToken))
            return TeamRefusal.DepartmentOnHold;

        var before = Snapshot(settings, departments);
        before["Department"] = department.Name;
        foreach (var user in await db.Users.Where(u => u.DepartmentId == id).ToListAsync(cancellationToken)) user.DepartmentId = null;
        // An invitation keeps its department for the account it creates; it must not point at a deleted one.
        foreach (var invitation in await db.Invitations.Where(i => i.DepartmentId == id).ToListAsync(cancellationToken)) invitation.DepartmentId = null;
        // Its own retention window goes with it; its members follow the workspace's window from now on.
        db.DepartmentRetentions.RemoveRange(await db.DepartmentRetentions.Where(r => r.DepartmentId == id).ToListAsync(cancellationToken));
        // Its managers are managers of nothing once it is gone.
        db.DepartmentManagers.RemoveRange(await db.DepartmentManagers.Where(m => m.DepartmentId == id).ToListAsync(cancellationToken));
        db.Departments.Remove(department);
        var after = Snapshot(settings, departments.Where(d => d.Id != id));
        after["Department"] = null;
        audit.Record(db, AuditActions.DepartmentDeleted, new AuditTarget("department", id.ToString(), department.Name), AuditDetails.Changes(before, after));
        await db.SaveChangesAsync(cancellationToken);
        return Result<TeamRefusal>.Ok;
    }

    public async Task<ChatRollout> GetRolloutAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return (await db.TeamSettings.AsNoTracking().SingleOrDefaultAsync(cancellationToken))?.ChatRollout ?? ChatRollout.Everyone;
    }

    /// <summary>Saves who may use chat (everyone, or only the departments whose ids are given); the change is logged.</summary>
    public async Task SaveRolloutAsync(ChatRollout rollout, IReadOnlyCollection<Guid> openDepartments, string actorId, string actorEmail, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var settings = await db.TeamSettings.SingleOrDefaultAsync(cancellationToken);
        if (settings is null) db.TeamSettings.Add(settings = new TeamSettings());
        var departments = await db.Departments.ToListAsync(cancellationToken);
        var before = Snapshot(settings, departments);
        settings.ChatRollout = rollout;
        foreach (var department in departments) department.ChatEnabled = openDepartments.Contains(department.Id);
        audit.Record(db, AuditActions.RolloutChanged, AuditTarget.Workspace(), AuditDetails.Changes(before, Snapshot(settings, departments)));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The active members who can be designated managers, by name.</summary>
    public async Task<IReadOnlyList<(string Id, string Name)>> ActiveMembersAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().Where(u => u.IsActive).Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(cancellationToken);
        return [.. users.Select(u => (u.Id, u.DisplayName.Length > 0 ? u.DisplayName : u.Email ?? u.Id)).OrderBy(u => u.Item2, StringComparer.CurrentCulture)];
    }

    /// <summary>The managers of every department: department id → member ids.</summary>
    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<string>>> ManagersAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.DepartmentManagers.AsNoTracking().Select(m => new { m.DepartmentId, m.UserId }).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.DepartmentId).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(r => r.UserId)]);
    }

    /// <summary>
    /// Designates an active member of the workspace as a manager of a department (approver of "request more" on its
    /// budget, recipient of its alerts). Already a manager: nothing changes. Logged.
    /// </summary>
    public async Task<Result<TeamRefusal>> AddManagerAsync(Guid departmentId, string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var department = await db.Departments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == departmentId, cancellationToken);
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId && u.IsActive).Select(u => new { u.Id, u.Email }).SingleOrDefaultAsync(cancellationToken);
        if (department is null || user is null) return TeamRefusal.NotFound;
        if (await db.DepartmentManagers.AnyAsync(m => m.DepartmentId == departmentId && m.UserId == userId, cancellationToken)) return Result<TeamRefusal>.Ok;
        db.DepartmentManagers.Add(new DepartmentManager { DepartmentId = departmentId, UserId = userId, CreatedAt = time.GetUtcNow() });
        audit.Record(db, AuditActions.DepartmentManagerAdded, new AuditTarget("department", departmentId.ToString(), department.Name), new { Manager = userId });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another admin designated the same member at the same moment: the unique index kept one row.
        }

        return Result<TeamRefusal>.Ok;
    }

    /// <summary>Ends a member's designation as a manager of a department. Logged; not a manager: NotFound.</summary>
    public async Task<Result<TeamRefusal>> RemoveManagerAsync(Guid departmentId, string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.DepartmentManagers.SingleOrDefaultAsync(m => m.DepartmentId == departmentId && m.UserId == userId, cancellationToken);
        if (row is null) return TeamRefusal.NotFound;
        var name = await db.Departments.Where(d => d.Id == departmentId).Select(d => d.Name).SingleOrDefaultAsync(cancellationToken);
        db.DepartmentManagers.Remove(row);
        audit.Record(db, AuditActions.DepartmentManagerRemoved, new AuditTarget("department", departmentId.ToString(), name), new { Manager = userId });
        await db.SaveChangesAsync(cancellationToken);
        return Result<TeamRefusal>.Ok;
    }

    private static Dictionary<string, string?> Snapshot(TeamSettings settings, IEnumerable<Department> departments) => new()
    {
        ["ChatRollout"] = settings.ChatRollout.ToString(),
        ["ChatDepartments"] = string.Join(", ", departments.Where(d => d.ChatEnabled).Select(d => d.Name).Order(StringComparer.Ordinal)),
    };

    private static async Task<(string Name, Result<TeamRefusal> Refusal)> CheckNameAsync(AppDbContext db, string? name, Guid? self, CancellationToken cancellationToken)
    {
        var clean = (name ?? "").Trim();
        if (clean.Length == 0) return (clean, TeamRefusal.NameRequired);
        if (clean.Length > Department.NameMaxLength)
            return (clean, new Problem<TeamRefusal>(TeamRefusal.NameTooLong, Department.NameMaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var names = await db.Departments.Where(d => d.Id != self).Select(d => d.Name).ToListAsync(cancellationToken);
        return names.Contains(clean, StringComparer.OrdinalIgnoreCase) ? (clean, TeamRefusal.NameTaken) : (clean, Result<TeamRefusal>.Ok);
    }
}
