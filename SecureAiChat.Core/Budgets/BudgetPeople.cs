using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Email;
using SecureAiChat.Core.Identity;

namespace SecureAiChat.Core.Budgets;

/// <summary>Someone a budget mail goes to, with the culture it is written in (theirs, else Japanese).</summary>
public sealed record BudgetPerson(string Id, string Email, string Name, CultureInfo Culture);

/// <summary>Who is told about and who decides on a budget: the admins, a department's managers, a member.</summary>
internal static class BudgetPeople
{
    private static readonly string[] AdminRoleIds = [Roles.Owner.ToLowerInvariant(), Roles.Admin.ToLowerInvariant()];

    /// <summary>What a budget mail says the budget is: its scope, the department's or member's name, yen or tokens.</summary>
    public static BudgetMailSubject MailSubject(Budget budget, string? name) => new(
        budget.Level switch
        {
            BudgetLevel.Department => BudgetMailScope.Department,
            BudgetLevel.Member => BudgetMailScope.Member,
            _ => BudgetMailScope.Workspace,
        },
        name,
        budget.Unit == BudgetUnit.Yen);

    public static IQueryable<string> AdminIds(AppDbContext db) => db.UserRoles.Where(r => AdminRoleIds.Contains(r.RoleId)).Select(r => r.UserId);

    public static Task<bool> IsAdminAsync(AppDbContext db, string userId, CancellationToken cancellationToken) =>
        AdminIds(db).AnyAsync(id => id == userId, cancellationToken);

    public static IQueryable<string> ManagerIds(AppDbContext db, Guid? departmentId) =>
        db.DepartmentManagers.Where(m => m.DepartmentId == departmentId).Select(m => m.UserId);

    /// <summary>
    /// The people of a budget: the admins always; a department budget's managers; a member budget's member.
    /// <paramref name="approversOnly"/> leaves the member out (they ask, they do not decide).
    /// </summary>
    public static async Task<List<BudgetPerson>> ForAsync(AppDbContext db, Budget budget, string subject, bool approversOnly, CancellationToken cancellationToken)
    {
        var ids = await AdminIds(db).ToListAsync(cancellationToken);
        if (budget.Level == BudgetLevel.Department) ids.AddRange(await ManagerIds(db, budget.DepartmentId).ToListAsync(cancellationToken));
        if (budget.Level == BudgetLevel.Member && !approversOnly && subject.Length > 0) ids.Add(subject);
        return await PeopleAsync(db, ids, cancellationToken);
    }

    /// <summary>The active people among <paramref name="ids"/> who have an address, each once.</summary>
    public static async Task<List<BudgetPerson>> PeopleAsync(AppDbContext db, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id) && u.IsActive && u.Email != null)
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.Culture }).ToListAsync(cancellationToken);
        return [.. users.Select(u => new BudgetPerson(u.Id, u.Email!, u.DisplayName.Length > 0 ? u.DisplayName : u.Email!,
            CultureInfo.GetCultureInfo(string.IsNullOrEmpty(u.Culture) ? "ja-JP" : u.Culture)))];
    }

    /// <summary>A department's or member's name for a mail; null for the workspace.</summary>
    public static async Task<string?> SubjectNameAsync(AppDbContext db, Budget budget, string subject, CancellationToken cancellationToken) => budget.Level switch
    {
        BudgetLevel.Department => await db.Departments.Where(d => d.Id == budget.DepartmentId).Select(d => d.Name).FirstOrDefaultAsync(cancellationToken),
        BudgetLevel.Member => await db.Users.Where(u => u.Id == subject).Select(u => u.DisplayName.Length > 0 ? u.DisplayName : u.Email).FirstOrDefaultAsync(cancellationToken),
        _ => null,
    };

    /// <summary>Ledger units (micro-yen or tokens) as whole yen (rounded down) or tokens.</summary>
    public static long ToAmount(Budget budget, long units) => budget.Unit == BudgetUnit.Yen ? units / BudgetCosts.MicroYenPerYen : units;
}
