using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.DataGovernance;

/// <summary>
/// The retention windows in force: the workspace's (null: keep) and each overriding department's (null: keep that
/// department's conversations). A member's department override wins; a member in no department, or in a department
/// without an override, gets the workspace's window.
/// </summary>
public sealed record RetentionRules(int? WorkspaceDays, IReadOnlyDictionary<Guid, int?> DepartmentDays)
{
    public static readonly RetentionRules KeepForever = new(null, new Dictionary<Guid, int?>());

    /// <summary>Whether any window would ever delete anything.</summary>
    public bool DeletesAnything => WorkspaceDays is not null || DepartmentDays.Values.Any(d => d is not null);

    /// <summary>The rules stored for <paramref name="db"/>'s workspace.</summary>
    public static async Task<RetentionRules> LoadAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var days = await db.RetentionPolicies.AsNoTracking().Select(p => p.RetentionDays).SingleOrDefaultAsync(cancellationToken);
        var overrides = await db.DepartmentRetentions.AsNoTracking()
            .Where(r => db.Departments.Any(d => d.Id == r.DepartmentId))
            .ToDictionaryAsync(r => r.DepartmentId, r => r.RetentionDays, cancellationToken);
        return new RetentionRules(days, overrides);
    }

    /// <summary>
    /// The first instant that is kept: the start (in <paramref name="zone"/>) of the day <paramref name="days"/> − 1 days
    /// before <paramref name="at"/>'s day. A conversation last active on a day at least <paramref name="days"/> calendar
    /// days before the run's day is older than this and due; one a day younger is kept until the next run.
    /// </summary>
    public static DateTime CutoffUtc(DateTimeOffset at, TimeZoneInfo zone, int days)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var today = TimeZoneInfo.ConvertTime(at, zone).Date;
        var firstKeptDay = DateTime.SpecifyKind(today.AddDays(1 - days), DateTimeKind.Unspecified);
        return TimeZoneInfo.ConvertTimeToUtc(firstKeptDay, zone);
    }

    /// <summary>
    /// The conversations a run at <paramref name="at"/> deletes: the ONE query behind both the page's preview (its count)
    /// and the job (its delete), so the preview is exactly what the job removes. Conversations of a member under an active
    /// legal hold, or of a member of a department under one, are never due.
    /// </summary>
    public IQueryable<Conversation> Due(AppDbContext db, DateTimeOffset at, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(db);
        var activeHolds = db.LegalHolds.Where(h => h.LiftedAt == null);
        var notHeld = db.Conversations.Where(c =>
            !activeHolds.Any(h => h.UserId == c.UserId)
            && !db.Users.Any(u => u.Id == c.UserId && u.DepartmentId != null && activeHolds.Any(h => h.DepartmentId == u.DepartmentId)));

        Expression<Func<Conversation, bool>>? due = null;
        if (WorkspaceDays is int workspaceDays)
        {
            var cutoff = CutoffUtc(at, zone, workspaceDays);
            var overridden = DepartmentDays.Keys.ToList();
            due = Or(due, c => c.UpdatedAt < cutoff
                && !db.Users.Any(u => u.Id == c.UserId && u.DepartmentId != null && overridden.Contains(u.DepartmentId.Value)));
        }

        foreach (var group in DepartmentDays.Where(d => d.Value is not null).GroupBy(d => d.Value!.Value))
        {
            var cutoff = CutoffUtc(at, zone, group.Key);
            var departments = group.Select(d => d.Key).ToList();
            due = Or(due, c => c.UpdatedAt < cutoff
                && db.Users.Any(u => u.Id == c.UserId && u.DepartmentId != null && departments.Contains(u.DepartmentId.Value)));
        }

        return due is null ? notHeld.Where(c => false) : notHeld.Where(due);
    }

    /// <summary>
    /// Whether these rules delete sooner than <paramref name="before"/> for anyone: the workspace's window or any department's
    /// effective window (its override, else the workspace's) got shorter, or went from keep to a number of days.
    /// The page then asks for a second confirmation showing what the next run deletes.
    /// </summary>
    public bool IsShorterThan(RetentionRules before, IEnumerable<Guid> departments)
    {
        ArgumentNullException.ThrowIfNull(before);
        static bool Shorter(int? now, int? was) => now is int n && (was is null || n < was);
        return Shorter(WorkspaceDays, before.WorkspaceDays)
            || departments.Any(d => Shorter(Effective(d), before.Effective(d)));
    }

    private int? Effective(Guid department) => DepartmentDays.TryGetValue(department, out var days) ? days : WorkspaceDays;

    /// <summary>A readable form for the audit log ("keep" or the number of days).</summary>
    public static string Describe(int? days) => days?.ToString(CultureInfo.InvariantCulture) ?? "keep";

    private static Expression<Func<Conversation, bool>> Or(Expression<Func<Conversation, bool>>? left, Expression<Func<Conversation, bool>> right)
    {
        if (left is null) return right;
        var body = ReplacingExpressionVisitor.Replace(right.Parameters[0], left.Parameters[0], right.Body);
        return Expression.Lambda<Func<Conversation, bool>>(Expression.OrElse(left.Body, body), left.Parameters);
    }
}
