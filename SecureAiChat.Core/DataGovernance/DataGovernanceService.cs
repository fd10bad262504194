using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.DataGovernance;

/// <summary>The retention settings as the page shows them.</summary>
public sealed record RetentionSettings(int? RetentionDays, bool MembersMayDeleteOwn, IReadOnlyList<DepartmentRetentionView> Departments)
{
    public RetentionRules Rules => new(RetentionDays, Departments.Where(d => d.HasOverride).ToDictionary(d => d.DepartmentId, d => d.Days));
}

/// <summary>One department and its override (none: the workspace's window applies).</summary>
public sealed record DepartmentRetentionView(Guid DepartmentId, string Name, bool HasOverride, int? Days);

/// <summary>What an Owner or Admin submits: the workspace window, the switch, and the departments that override.</summary>
public sealed record RetentionInput(int? RetentionDays, bool MembersMayDeleteOwn, IReadOnlyDictionary<Guid, int?> DepartmentDays)
{
    public RetentionRules Rules => new(RetentionDays, DepartmentDays);
}

/// <summary>What one retention run removed in one workspace (counts only: the receipt never names a conversation).</summary>
/// <summary>Why a retention or legal-hold change was refused (nothing saved); the page words it, key <c>DataGovernanceProblem_{Code}</c>.</summary>
public enum DataGovernanceProblem
{
    NotAllowed,

    /// <summary>Outside <see cref="RetentionPolicy.MinDays"/>–<see cref="RetentionPolicy.MaxDays"/>.</summary>
    Days,
    UnknownDepartment,

    /// <summary>A department's own window is out of range; the value is the department's name.</summary>
    DepartmentDays,
    ReasonRequired,

    /// <summary>The value is the longest reason allowed.</summary>
    ReasonTooLong,

    /// <summary>The value is the longest reference allowed.</summary>
    ReferenceTooLong,
    UnknownTarget,

    /// <summary>The value is the held member's or department's name.</summary>
    AlreadyHeld,
    HoldNotFound,
    LiftReasonRequired,
}

public sealed record RetentionRunResult(int Conversations, int Messages, int Members);

/// <summary>A new legal hold: on a member (<see cref="UserId"/>) or a department (<see cref="DepartmentId"/>).</summary>
public sealed record LegalHoldInput(LegalHoldScope Scope, string? UserId, Guid? DepartmentId, string? Reason, string? Reference);

/// <summary>A hold as the list shows it.</summary>
public sealed record LegalHoldView(
    Guid Id, LegalHoldScope Scope, string TargetName, string Reason, string? Reference, string PlacedByName, DateTime PlacedAt,
    string? LiftedByName, DateTime? LiftedAt, string? LiftReason)
{
    public bool IsActive => LiftedAt is null;
}

/// <summary>Someone a hold can be placed on (the address tells apart two people of the same name).</summary>
public sealed record HoldCandidate(string Id, string Name, string? Email);

/// <summary>
/// Retention, legal holds and the members' own-deletion switch of the workspace of the current scope. Owners and Admins
/// change retention and the switch; Owners and Auditors place and lift holds (checked here, not only on the page). Every
/// change is audited in the same SaveChanges; bad input returns localized problems and saves nothing.
/// </summary>
public sealed class DataGovernanceService(IDbContextFactory<AppDbContext> contexts, TimeProvider time, IAuditLog audit, IOptions<DataGovernanceOptions> options)
{
    public static bool MayEditRetention(ClaimsPrincipal user) => user is not null && (user.IsInRole(Roles.Owner) || user.IsInRole(Roles.Admin));

    public static bool MayManageHolds(ClaimsPrincipal user) => user is not null && (user.IsInRole(Roles.Owner) || user.IsInRole(Roles.Auditor));

    public async Task<RetentionSettings> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var policy = await db.RetentionPolicies.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        var overrides = await db.DepartmentRetentions.AsNoTracking().ToDictionaryAsync(r => r.DepartmentId, r => r.RetentionDays, cancellationToken);
        var departments = await db.Departments.AsNoTracking().Select(d => new { d.Id, d.Name }).ToListAsync(cancellationToken);
        return new RetentionSettings(
            policy?.RetentionDays,
            policy?.MembersMayDeleteOwn ?? true,
            [.. departments.OrderBy(d => d.Name, StringComparer.CurrentCulture)
                .Select(d => new DepartmentRetentionView(d.Id, d.Name, overrides.ContainsKey(d.Id), overrides.GetValueOrDefault(d.Id)))]);
    }

    /// <summary>
    /// When the next run starts: the daily time of <see cref="DataGovernanceOptions.RetentionCron"/> ("M H * * *", Asia/Tokyo)
    /// after <paramref name="now"/>; for any other cron shape, <paramref name="now"/> itself (the preview then says "if it ran now").
    /// </summary>
    public DateTimeOffset NextRunAt(DateTimeOffset now)
    {
        var fields = options.Value.RetentionCron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5 || fields[2..].Any(f => f != "*")
            || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var minute)
            || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var hour) || minute > 59 || hour > 23)
        {
            return now;
        }

        var local = TimeZoneInfo.ConvertTime(now, WorkspaceTime.Tokyo);
        var run = new DateTimeOffset(local.Date.AddHours(hour).AddMinutes(minute), local.Offset);
        return run > now ? run : run.AddDays(1);
    }

    /// <summary>How many conversations a run at <paramref name="at"/> would delete under <paramref name="rules"/> (the job's own query).</summary>
    public async Task<int> PreviewAsync(RetentionRules rules, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await rules.Due(db, at, await ZoneAsync(db, cancellationToken)).CountAsync(cancellationToken);
    }

    /// <summary>Saves retention and the switch, or returns the problems and saves nothing.</summary>
    public async Task<Result<DataGovernanceProblem>> SaveAsync(ClaimsPrincipal actor, RetentionInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!MayEditRetention(actor)) return DataGovernanceProblem.NotAllowed;
        var problems = new List<Problem<DataGovernanceProblem>>();
        if (!RetentionPolicy.IsValidDays(input.RetentionDays))
            problems.Add(new(DataGovernanceProblem.Days));

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        foreach (var (id, days) in input.DepartmentDays)
        {
            if (!departments.TryGetValue(id, out var name))
                problems.Add(new(DataGovernanceProblem.UnknownDepartment));
            else if (!RetentionPolicy.IsValidDays(days))
                problems.Add(new(DataGovernanceProblem.DepartmentDays, name));
        }

        if (problems.Count > 0) return Result<DataGovernanceProblem>.Refused(problems);

        var policy = await db.RetentionPolicies.SingleOrDefaultAsync(cancellationToken);
        var overrides = await db.DepartmentRetentions.ToListAsync(cancellationToken);
        var before = Snapshot(policy?.RetentionDays, policy?.MembersMayDeleteOwn ?? true, overrides.ToDictionary(o => o.DepartmentId, o => o.RetentionDays), departments);
        if (policy is null) db.RetentionPolicies.Add(policy = new RetentionPolicy());
        policy.RetentionDays = input.RetentionDays;
        policy.MembersMayDeleteOwn = input.MembersMayDeleteOwn;
        policy.UpdatedAt = time.GetUtcNow().UtcDateTime;
        foreach (var gone in overrides.Where(o => !input.DepartmentDays.ContainsKey(o.DepartmentId)))
            db.DepartmentRetentions.Remove(gone);
        foreach (var (id, days) in input.DepartmentDays)
        {
            var row = overrides.SingleOrDefault(o => o.DepartmentId == id);
            if (row is null) db.DepartmentRetentions.Add(new DepartmentRetention { DepartmentId = id, RetentionDays = days });
            else row.RetentionDays = days;
        }

        var changes = AuditDetails.Changes(before, Snapshot(input.RetentionDays, input.MembersMayDeleteOwn, input.DepartmentDays, departments));
        if (changes.Count > 0) audit.Record(db, AuditActions.DataRetentionChanged, AuditTarget.Workspace(), changes);
        await db.SaveChangesAsync(cancellationToken);
        return Result<DataGovernanceProblem>.Ok;
    }

    /// <summary>
    /// One retention run of the current workspace at <paramref name="at"/>: deletes the due conversations (the query the
    /// preview counts) and writes the receipt (counts only) in one transaction. A workspace that keeps everything gets no receipt.
    /// </summary>
    public async Task<RetentionRunResult> RunRetentionAsync(DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rules = await RetentionRules.LoadAsync(db, cancellationToken);
        if (!rules.DeletesAnything) return new RetentionRunResult(0, 0, 0);
        var zone = await ZoneAsync(db, cancellationToken);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var due = rules.Due(db, at, zone);
            var members = await due.Select(c => c.UserId).Distinct().CountAsync(ct);
            var counts = await ConversationDeletion.DeleteAsync(db, due, ct);
            audit.Record(db, AuditActions.RetentionRun, new AuditTarget("conversations"), new
            {
                conversations = counts.Conversations,
                messages = counts.Messages,
                members,
                workspaceDays = RetentionRules.Describe(rules.WorkspaceDays),
                departmentOverrides = rules.DepartmentDays.Count,
                runAt = at.ToString("O", CultureInfo.InvariantCulture),
            });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new RetentionRunResult(counts.Conversations, counts.Messages, members);
        }, cancellationToken);
    }

    /// <summary>Why the member may not delete their own conversations now, or null when they may.</summary>
    public static async Task<ConversationDeleteOutcome?> MemberDeletionRefusalAsync(AppDbContext db, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await IsHeldAsync(db, userId, cancellationToken)) return ConversationDeleteOutcome.OnHold;
        var allowed = await db.RetentionPolicies.AsNoTracking().Select(p => (bool?)p.MembersMayDeleteOwn).SingleOrDefaultAsync(cancellationToken) ?? true;
        return allowed ? null : ConversationDeleteOutcome.NotAllowed;
    }

    /// <summary>Whether an active hold covers the member, directly or through their department.</summary>
    public static Task<bool> IsHeldAsync(AppDbContext db, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var department = db.Users.Where(u => u.Id == userId).Select(u => u.DepartmentId);
        return db.LegalHolds.AnyAsync(h => h.LiftedAt == null
            && (h.UserId == userId || (h.DepartmentId != null && department.Contains(h.DepartmentId))), cancellationToken);
    }

    public async Task<IReadOnlyList<LegalHoldView>> ListHoldsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var holds = await db.LegalHolds.AsNoTracking().ToListAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().Select(u => new { u.Id, u.DisplayName, u.Email }).ToDictionaryAsync(u => u.Id, u => Name(u.DisplayName, u.Email), cancellationToken);
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        return [.. holds
            .OrderBy(h => h.LiftedAt is null ? 0 : 1).ThenByDescending(h => h.PlacedAt)
            .Select(h => new LegalHoldView(h.Id, h.Scope,
                h.Scope == LegalHoldScope.Member ? users.GetValueOrDefault(h.UserId ?? "", h.UserId ?? "") : departments.GetValueOrDefault(h.DepartmentId ?? Guid.Empty, "—"),
                h.Reason, h.Reference, h.PlacedByName, h.PlacedAt, h.LiftedByName, h.LiftedAt, h.LiftReason))];
    }

    /// <summary>The workspace's members (by name) a hold can be placed on.</summary>
    public async Task<IReadOnlyList<HoldCandidate>> MembersAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(cancellationToken);
        return [.. users.Select(u => new HoldCandidate(u.Id, Name(u.DisplayName, u.Email), u.Email)).OrderBy(u => u.Name, StringComparer.CurrentCulture)];
    }

    /// <summary>Places a hold, or returns the problems (no reason, unknown target, an active hold on the same target) and saves nothing.</summary>
    public async Task<Result<DataGovernanceProblem>> PlaceHoldAsync(ClaimsPrincipal actor, LegalHoldInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!MayManageHolds(actor)) return DataGovernanceProblem.NotAllowed;
        var reason = input.Reason?.Trim() ?? "";
        var reference = string.IsNullOrWhiteSpace(input.Reference) ? null : input.Reference.Trim();
        var problems = new List<Problem<DataGovernanceProblem>>();
        if (reason.Length == 0) problems.Add(new(DataGovernanceProblem.ReasonRequired));
        else if (reason.Length > LegalHold.ReasonMaxLength) problems.Add(new(DataGovernanceProblem.ReasonTooLong, LegalHold.ReasonMaxLength.ToString(CultureInfo.InvariantCulture)));
        if (reference?.Length > LegalHold.ReferenceMaxLength) problems.Add(new(DataGovernanceProblem.ReferenceTooLong, LegalHold.ReferenceMaxLength.ToString(CultureInfo.InvariantCulture)));

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        string? targetName = null;
        var userId = input.Scope == LegalHoldScope.Member ? input.UserId : null;
        var departmentId = input.Scope == LegalHoldScope.Department ? input.DepartmentId : null;
        if (userId is not null)
        {
            var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.DisplayName, u.Email }).SingleOrDefaultAsync(cancellationToken);
            targetName = user is null ? null : Name(user.DisplayName, user.Email);
        }
        else if (departmentId is not null)
        {
            targetName = await db.Departments.AsNoTracking().Where(d => d.Id == departmentId).Select(d => d.Name).SingleOrDefaultAsync(cancellationToken);
        }

        if (targetName is null)
            problems.Add(new(DataGovernanceProblem.UnknownTarget));
        else if (await db.LegalHolds.AnyAsync(h => h.LiftedAt == null
                     && ((userId != null && h.UserId == userId) || (departmentId != null && h.DepartmentId == departmentId)), cancellationToken))
            problems.Add(new(DataGovernanceProblem.AlreadyHeld, targetName));

        if (problems.Count > 0) return Result<DataGovernanceProblem>.Refused(problems);

        var (actorId, actorName) = Actor(actor);
        var hold = db.LegalHolds.Add(new LegalHold
        {
            Scope = input.Scope,
            UserId = userId,
            DepartmentId = departmentId,
            Reason = reason,
            Reference = reference,
            PlacedByUserId = actorId,
            PlacedByName = actorName,
            PlacedAt = time.GetUtcNow().UtcDateTime,
        }).Entity;
        audit.Record(db, AuditActions.LegalHoldPlaced, HoldTarget(hold, targetName!), new { hold = hold.Id, scope = input.Scope.ToString(), reason, reference });
        await db.SaveChangesAsync(cancellationToken);
        return Result<DataGovernanceProblem>.Ok;
    }

    /// <summary>Lifts an active hold with a reason, or returns the problems; another workspace's hold is not found.</summary>
    public async Task<Result<DataGovernanceProblem>> LiftHoldAsync(ClaimsPrincipal actor, Guid holdId, string? reason, CancellationToken cancellationToken = default)
    {
        if (!MayManageHolds(actor)) return DataGovernanceProblem.NotAllowed;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var hold = await db.LegalHolds.SingleOrDefaultAsync(h => h.Id == holdId && h.LiftedAt == null, cancellationToken);
        if (hold is null) return DataGovernanceProblem.HoldNotFound;
        var clean = reason?.Trim() ?? "";
        if (clean.Length == 0) return DataGovernanceProblem.LiftReasonRequired;
        if (clean.Length > LegalHold.ReasonMaxLength) return new Problem<DataGovernanceProblem>(DataGovernanceProblem.ReasonTooLong, LegalHold.ReasonMaxLength.ToString(CultureInfo.InvariantCulture));

        var (actorId, actorName) = Actor(actor);
        hold.LiftedAt = time.GetUtcNow().UtcDateTime;
        hold.LiftedByUserId = actorId;
        hold.LiftedByName = actorName;
        hold.LiftReason = clean;
        var targetName = hold.Scope == LegalHoldScope.Member
            ? await db.Users.AsNoTracking().Where(u => u.Id == hold.UserId).Select(u => u.DisplayName == "" ? u.Email : u.DisplayName).SingleOrDefaultAsync(cancellationToken)
            : await db.Departments.AsNoTracking().Where(d => d.Id == hold.DepartmentId).Select(d => d.Name).SingleOrDefaultAsync(cancellationToken);
        audit.Record(db, AuditActions.LegalHoldLifted, HoldTarget(hold, targetName ?? ""), new { hold = hold.Id, reason = clean, reference = hold.Reference });
        await db.SaveChangesAsync(cancellationToken);
        return Result<DataGovernanceProblem>.Ok;
    }

    private static AuditTarget HoldTarget(LegalHold hold, string name) => hold.Scope == LegalHoldScope.Member
        ? AuditTarget.User(hold.UserId, name)
        : new AuditTarget("department", hold.DepartmentId?.ToString(), name);

    private static (string Id, string Name) Actor(ClaimsPrincipal actor) =>
        (actor.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
         actor.FindFirstValue(AppClaimTypes.DisplayName) is { Length: > 0 } name ? name : actor.FindFirstValue(ClaimTypes.Email) ?? actor.Identity?.Name ?? "");

    private static string Name(string displayName, string? email) => string.IsNullOrWhiteSpace(displayName) ? email ?? "" : displayName;

    private static async Task<TimeZoneInfo> ZoneAsync(AppDbContext db, CancellationToken cancellationToken) =>
        WorkspaceTime.Zone(await db.Tenants.AsNoTracking().Where(t => t.Id == db.CurrentTenantId).Select(t => t.TimeZoneId).SingleOrDefaultAsync(cancellationToken));

    private static Dictionary<string, string?> Snapshot(int? days, bool membersMayDelete, IReadOnlyDictionary<Guid, int?> departmentDays, IReadOnlyDictionary<Guid, string> names)
    {
        var snapshot = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["RetentionDays"] = RetentionRules.Describe(days),
            ["MembersMayDeleteOwn"] = membersMayDelete ? "true" : "false",
        };
        foreach (var (id, name) in names)
            snapshot["Department:" + name] = departmentDays.TryGetValue(id, out var d) ? RetentionRules.Describe(d) : "workspace";
        return snapshot;
    }
}

/// <summary>The <c>DataGovernance</c> configuration section.</summary>
public sealed class DataGovernanceOptions
{
    public const string SectionName = "DataGovernance";

    /// <summary>When the daily retention job runs (cron, Asia/Tokyo).</summary>
    public string RetentionCron { get; set; } = "0 3 * * *";
}
