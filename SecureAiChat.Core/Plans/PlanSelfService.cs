using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Plans;

/// <summary>Why a self-service plan change was refused (resource key <c>PlanChangeRefusal_{Code}</c>).</summary>
public enum PlanChangeRefusal
{
    /// <summary>Only the workspace's Owner changes the plan.</summary>
    NotOwner,

    /// <summary>The change is not between the self-service plans (Professional and Enterprise go through sales).</summary>
    NotSelfService,

    /// <summary>Active members plus pending invitations exceed the smaller plan's seats (the problem's value: how many to remove).</summary>
    TooManySeats,

    /// <summary>A downgrade is already scheduled (or there is none to withdraw).</summary>
    AlreadyScheduled,
    NothingScheduled,
}

/// <summary>The current workspace's self-service plan state: its plan and a downgrade waiting for the next period.</summary>
public sealed record SelfServicePlan(Plan Current, PlanChange? PendingDowngrade, IReadOnlyList<PlanChange> History);

/// <summary>
/// The Owner's side of plan changes (/settings/plan): Starter ↔ Standard. An upgrade is in force at once; a downgrade
/// takes effect at the next billing period (the first of the next month, Asia/Tokyo) and is refused while active members
/// plus pending invitations exceed the smaller plan's seats. The waiting downgrade is a <see cref="PlanChange"/> row
/// that <see cref="PlanChangeJob"/> applies with a conditional update, so any number of instances apply it once.
/// Professional and Enterprise are sold through the contact form.
/// </summary>
public sealed class PlanSelfService(
    IDbContextFactory<AppDbContext> dbs,
    IMultiTenantContextAccessor<AppTenantInfo> tenant,
    IMultiTenantStore<AppTenantInfo> tenants,
    IAuditLog audit,
    IPlanChangeMail mail,
    TimeProvider time)
{
    /// <summary>The history rows the plan page shows (newest first).</summary>
    public const int HistoryShown = 20;

    public static bool MayChange(ClaimsPrincipal user) => user is not null && user.IsInRole(Roles.Owner);

    /// <summary>The start of the billing period after <paramref name="now"/>: the first of the next month, 00:00 Asia/Tokyo.</summary>
    public static DateTimeOffset NextPeriodStart(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, WorkspaceTime.Tokyo);
        var next = new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMonths(1);
        return new DateTimeOffset(next, WorkspaceTime.Tokyo.GetUtcOffset(next));
    }

    public async Task<SelfServicePlan> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var workspace = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == Tenant.Id, cancellationToken);
        // Global rows: the tenant is always named, so a workspace never reads another's history.
        var history = await db.PlanChanges.AsNoTracking().Where(c => c.TenantId == workspace.Id).ToListAsync(cancellationToken);
        return new SelfServicePlan(PlanLimits.PlanOf(workspace.Plan), history.FirstOrDefault(c => c.IsPending),
            history.OrderByDescending(c => c.RequestedAt).Take(HistoryShown).ToList());
    }

    /// <summary>Starter → Standard, in force now. Withdraws a waiting downgrade.</summary>
    public Task<Result<PlanChange, PlanChangeRefusal>> UpgradeAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        ChangeAsync(user, PlanCode.Starter, PlanCode.Standard, cancellationToken);

    /// <summary>Standard → Starter at the next billing period, if the workspace fits in Starter's seats now.</summary>
    public Task<Result<PlanChange, PlanChangeRefusal>> ScheduleDowngradeAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        ChangeAsync(user, PlanCode.Standard, PlanCode.Starter, cancellationToken);

    public async Task<Result<PlanChange, PlanChangeRefusal>> CancelDowngradeAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (!MayChange(user)) return PlanChangeRefusal.NotOwner;
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var pending = await db.PlanChanges.Where(c => c.TenantId == Tenant.Id && c.AppliedAt == null && c.CancelledAt == null).ToListAsync(cancellationToken);
        if (pending.Count == 0) return PlanChangeRefusal.NothingScheduled;
        foreach (var change in pending) change.CancelledAt = time.GetUtcNow();
        audit.Record(db, AuditActions.PlanDowngradeCancelled, AuditTarget.Workspace(Tenant.Identifier), new { to = pending[0].ToPlan });
        await db.SaveChangesAsync(cancellationToken);
        return pending[0];
    }

    private async Task<Result<PlanChange, PlanChangeRefusal>> ChangeAsync(ClaimsPrincipal user, PlanCode from, PlanCode to, CancellationToken cancellationToken)
    {
        if (!MayChange(user)) return PlanChangeRefusal.NotOwner;
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var workspace = await db.Tenants.SingleAsync(t => t.Id == Tenant.Id, cancellationToken);
        if (workspace.Plan != from.ToString()) return PlanChangeRefusal.NotSelfService;
        var pending = await db.PlanChanges.Where(c => c.TenantId == workspace.Id && c.AppliedAt == null && c.CancelledAt == null).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        var upgrade = to > from;
        if (!upgrade && pending.Count > 0) return PlanChangeRefusal.AlreadyScheduled;
        if (!upgrade)
        {
            var seats = await PlanSeats.CountAsync(db, now, cancellationToken);
            if (PlanCatalog.Find(to).Seats is { } limit && seats.Used > limit) return new Problem<PlanChangeRefusal>(PlanChangeRefusal.TooManySeats, (seats.Used - limit).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var change = new PlanChange
        {
            TenantId = workspace.Id, FromPlan = from.ToString(), ToPlan = to.ToString(), Source = PlanChangeSource.Owner,
            ActorUserId = user.FindFirstValue(ClaimTypes.NameIdentifier), ActorEmail = user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name,
            RequestedAt = now, EffectiveAt = upgrade ? now : NextPeriodStart(now), AppliedAt = upgrade ? now : null,
        };
        db.PlanChanges.Add(change);
        if (upgrade)
        {
            foreach (var waiting in pending) waiting.CancelledAt = now;
            workspace.Plan = to.ToString();
        }
        audit.Record(db, upgrade ? AuditActions.PlanUpgraded : AuditActions.PlanDowngradeScheduled, AuditTarget.Workspace(workspace.Identifier),
            new { from = change.FromPlan, to = change.ToPlan, effectiveAt = change.EffectiveAt });
        await db.SaveChangesAsync(cancellationToken);
        if (upgrade) tenants.Invalidate(workspace);

        await mail.SendAsync(db, workspace, change, cancellationToken);
        return change;
    }

    private AppTenantInfo Tenant => tenant.MultiTenantContext.TenantInfo ?? throw new InvalidOperationException("No tenant is set.");
}
