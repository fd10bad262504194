using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Team;

/// <summary>
/// The phased rollout's answer for one member: chat is open to everyone, or only to the chosen departments.
/// Owners and Admins always have it (they set the workspace up and try it first).
/// </summary>
public sealed class ChatAccess(IDbContextFactory<AppDbContext> contexts)
{
    public async Task<bool> IsOpenForAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rollout = (await db.TeamSettings.AsNoTracking().SingleOrDefaultAsync(cancellationToken))?.ChatRollout ?? ChatRollout.Everyone;
        if (rollout == ChatRollout.Everyone) return true;
        var roles = await MemberService.RolesAsync(db, cancellationToken);
        if (roles.TryGetValue(userId, out var role) && RoleRules.IsAdmin(role)) return true;
        var departmentId = await db.Users.Where(u => u.Id == userId).Select(u => u.DepartmentId).SingleOrDefaultAsync(cancellationToken);
        return departmentId is { } id && await db.Departments.AnyAsync(d => d.Id == id && d.ChatEnabled, cancellationToken);
    }
}
