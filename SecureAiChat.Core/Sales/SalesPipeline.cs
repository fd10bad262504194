using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Sales;

/// <summary>What an operator saves for a lead: stage, owner, next action and its day, notes, and the reason when lost.</summary>
/// <param name="ConcurrencyStamp">The stamp the operator's form was loaded with: a lead changed since is refused, not overwritten.</param>
public sealed record SalesLeadEdit(
    SalesStage Stage, string? OwnerEmail, string? NextAction, DateOnly? NextActionDue, string? Notes, string? LostReason, string? ConcurrencyStamp);

/// <summary>Why a lead's change was refused (nothing saved); the page words each, resource key <c>SalesLeadProblem_{Code}</c>.</summary>
public enum SalesLeadProblem
{
    NotFound,

    /// <summary>Another operator changed the lead since the form was loaded.</summary>
    Stale,

    /// <summary>Lost needs a reason.</summary>
    LostReasonRequired,
    LostReasonTooLong,

    /// <summary>The owner is not an operator.</summary>
    OwnerUnknown,
    NextActionTooLong,

    /// <summary>A due day without saying what is due.</summary>
    NextActionRequired,

    /// <summary>A newly set due day before today (Asia/Tokyo).</summary>
    NextActionDueInPast,
    NotesTooLong,
    StageUnknown,
}

/// <summary>One lead in the pipeline list: overdue when its next action's day has passed and the lead is still open.</summary>
public sealed record SalesLeadRow(SalesLead Lead, bool Overdue, TrialState? Trial);

/// <summary>The trial workspace of a lead as the pipeline shows it.</summary>
public sealed record TrialState(string Identifier, TenantStatus Status, DateTimeOffset? EndsAt, DateTimeOffset? ConvertedAt, DateTimeOffset? DeletesAt)
{
    public static TrialState Of(AppTenantInfo tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return new(tenant.Identifier, tenant.Status, tenant.TrialEndsAt, tenant.TrialConvertedAt, tenant.Status == TenantStatus.Closing ? tenant.ClosureDeletesAt : null);
    }
}

/// <summary>The filters of the pipeline list: a stage, an owner (an operator's email, or <see cref="Unassigned"/>), only overdue.</summary>
public sealed record SalesLeadFilter(SalesStage? Stage = null, string? OwnerEmail = null, bool OverdueOnly = false)
{
    public const string Unassigned = "-";

    public bool Matches(SalesLeadRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return (Stage is null || row.Lead.Stage == Stage)
            && (string.IsNullOrEmpty(OwnerEmail)
                || (OwnerEmail == Unassigned ? row.Lead.OwnerEmail is null : string.Equals(row.Lead.OwnerEmail, OwnerEmail, StringComparison.OrdinalIgnoreCase)))
            && (!OverdueOnly || row.Overdue);
    }
}

/// <summary>An operator as a lead's possible owner.</summary>
public sealed record SalesOperator(string Email, string Name);

/// <summary>
/// The sales pipeline of the operator console (root host, platform scope): new → hearing → demo/PoC → quote → contract →
/// onboarding → active, or lost with a reason; an owner, the next action and its day, notes. Every change is a
/// <see cref="SalesLeadChange"/> row (who, when, from → to) and one <see cref="AuditActions.LeadChanged"/> entry in the platform
/// audit chain, saved together with the lead; a form loaded before another operator's change is refused, not merged.
/// </summary>
public sealed class SalesPipeline(AppDbContext db, IAuditLog audit, AuditActor actor, UserManager<AppUser> users, TimeProvider time)
{
    public const int NextActionMaxLength = 200;
    public const int NotesMaxLength = 4000;
    public const int ReasonMaxLength = 500;

    /// <summary>The stages in order (<see cref="SalesStage.Lost"/> last).</summary>
    public static IReadOnlyList<SalesStage> Stages { get; } = Enum.GetValues<SalesStage>();

    /// <summary>Leads newest first with their overdue flag and trial (SQLite cannot order by DateTimeOffset: leads are few, ordered here).</summary>
    public async Task<IReadOnlyList<SalesLeadRow>> ListAsync(SalesLeadFilter? filter = null, CancellationToken cancellationToken = default)
    {
        var leads = await db.SalesLeads.AsNoTracking().ToListAsync(cancellationToken);
        var tenantIds = leads.Where(l => l.TenantId != null).Select(l => l.TenantId!).ToList();
        var trials = await db.Tenants.AsNoTracking().Where(t => tenantIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
        var today = Today();
        return leads.Select(l => new SalesLeadRow(l, IsOverdue(l, today), l.TenantId is { } id && trials.TryGetValue(id, out var t) ? TrialState.Of(t) : null))
            .Where(r => filter?.Matches(r) ?? true)
            .OrderByDescending(r => r.Lead.CreatedAt).ToList();
    }

    public async Task<SalesLeadRow?> GetAsync(Guid leadId, CancellationToken cancellationToken = default)
    {
        var lead = await db.SalesLeads.AsNoTracking().SingleOrDefaultAsync(l => l.Id == leadId, cancellationToken);
        if (lead is null) return null;
        var tenant = lead.TenantId is null ? null : await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Id == lead.TenantId, cancellationToken);
        return new(lead, IsOverdue(lead, Today()), tenant is null ? null : TrialState.Of(tenant));
    }

    /// <summary>The lead's history, newest first.</summary>
    public async Task<IReadOnlyList<SalesLeadChange>> HistoryAsync(Guid leadId, CancellationToken cancellationToken = default) =>
        await db.SalesLeadChanges.AsNoTracking().Where(c => c.LeadId == leadId).OrderByDescending(c => c.Id).ToListAsync(cancellationToken);

    /// <summary>The operators a lead can be given to.</summary>
    public async Task<IReadOnlyList<SalesOperator>> OperatorsAsync() =>
        (await users.GetUsersInRoleAsync(Roles.Operator)).Where(u => u.IsActive && u.Email is not null)
            .Select(u => new SalesOperator(u.Email!, string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email! : u.DisplayName))
            .OrderBy(o => o.Email, StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>Saves the lead's pipeline fields; refused as a whole (nothing saved) when any problem is found.</summary>
    public async Task<Result<SalesLeadProblem>> SaveAsync(Guid leadId, SalesLeadEdit edit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var lead = await db.SalesLeads.SingleOrDefaultAsync(l => l.Id == leadId, cancellationToken);
        if (lead is null) return SalesLeadProblem.NotFound;
        if (edit.ConcurrencyStamp != lead.ConcurrencyStamp) return SalesLeadProblem.Stale;

        var problems = new List<Problem<SalesLeadProblem>>();
        var owner = Clean(edit.OwnerEmail);
        var action = Clean(edit.NextAction);
        var notes = edit.Notes?.Trim() is { Length: > 0 } n ? n : null;
        var reason = Clean(edit.LostReason);
        if (!Enum.IsDefined(edit.Stage)) problems.Add(new(SalesLeadProblem.StageUnknown));
        if (edit.Stage == SalesStage.Lost)
        {
            if (reason is null) problems.Add(new(SalesLeadProblem.LostReasonRequired));
            else if (reason.Length > ReasonMaxLength) problems.Add(new(SalesLeadProblem.LostReasonTooLong));
        }
        else
        {
            reason = null;
        }
        if (owner is not null && !(await OperatorsAsync()).Any(o => string.Equals(o.Email, owner, StringComparison.OrdinalIgnoreCase)))
            problems.Add(new(SalesLeadProblem.OwnerUnknown));
        if (action?.Length > NextActionMaxLength) problems.Add(new(SalesLeadProblem.NextActionTooLong));
        if (edit.NextActionDue is not null && action is null) problems.Add(new(SalesLeadProblem.NextActionRequired));
        if (edit.NextActionDue is { } due && due != lead.NextActionDue && due < Today()) problems.Add(new(SalesLeadProblem.NextActionDueInPast));
        if (notes?.Length > NotesMaxLength) problems.Add(new(SalesLeadProblem.NotesTooLong));
        if (problems.Count > 0) return Result<SalesLeadProblem>.Refused(problems);

        var now = time.GetUtcNow();
        var who = actor.Name ?? "";
        var changes = new List<(string Field, string? From, string? To)>();
        void Set<T>(string field, T current, T next, Action<T> apply)
        {
            if (EqualityComparer<T>.Default.Equals(current, next)) return;
            changes.Add((field, Text(current), Text(next)));
            apply(next);
        }
        Set(nameof(SalesLead.Stage), lead.Stage, edit.Stage, v => lead.Stage = v);
        Set("Owner", lead.OwnerEmail, owner, v => lead.OwnerEmail = v);
        Set(nameof(SalesLead.NextAction), lead.NextAction, action, v => lead.NextAction = v);
        Set(nameof(SalesLead.NextActionDue), lead.NextActionDue, edit.NextActionDue, v => lead.NextActionDue = v);
        Set(nameof(SalesLead.Notes), lead.Notes, notes, v => lead.Notes = v);
        Set(nameof(SalesLead.LostReason), lead.LostReason, reason, v => lead.LostReason = v);
        if (changes.Count == 0) return Result<SalesLeadProblem>.Ok;

        foreach (var (field, from, to) in changes) AddHistory(db, lead.Id, who, now, field, from, to);
        lead.ConcurrencyStamp = Guid.NewGuid().ToString("N");
        // Notes can be long and are the operators' own words: the audit entry names the fields, the history holds the text.
        audit.Record(db, AuditActions.LeadChanged, new AuditTarget("lead", lead.Id.ToString(), lead.CompanyName), new
        {
            fields = changes.Select(c => c.Field).ToList(),
            stage = changes.Any(c => c.Field == nameof(SalesLead.Stage)) ? new { from = changes.First(c => c.Field == nameof(SalesLead.Stage)).From, to = lead.Stage.ToString() } : null,
            owner = lead.OwnerEmail,
            lostReason = lead.LostReason,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return SalesLeadProblem.Stale;
        }
        return Result<SalesLeadProblem>.Ok;
    }

    /// <summary>Adds one history row to <paramref name="db"/> (saved with the caller's change).</summary>
    public static void AddHistory(AppDbContext db, Guid leadId, string actor, DateTimeOffset at, string field, string? from, string? to)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.SalesLeadChanges.Add(new SalesLeadChange { LeadId = leadId, Actor = actor, At = at, Field = field, FromValue = from, ToValue = to });
    }

    /// <summary>Open leads (not active, not lost) whose next action's day is before <paramref name="today"/>.</summary>
    public static bool IsOverdue(SalesLead lead, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(lead);
        return lead.NextActionDue < today && lead.Stage is not (SalesStage.Active or SalesStage.Lost);
    }

    private DateOnly Today() => WorkspaceTime.Day(time.GetUtcNow());

    private static string? Clean(string? value) => value?.Trim() is { Length: > 0 } trimmed ? trimmed : null;

    private static string? Text<T>(T value) => value switch
    {
        null => null,
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
