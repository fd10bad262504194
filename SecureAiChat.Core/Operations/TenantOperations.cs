using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Provisioning;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Security.AllowList;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Operations;

/// <summary>Why an operator action was refused (nothing was changed); the page words it, resource key <c>OperatorActionRefusal_{Code}</c>.</summary>
public enum OperatorActionRefusal
{
    /// <summary>No reason was given (or a longer one than <see cref="TenantOperations.ReasonMaxLength"/>).</summary>
    ReasonRequired,

    NotFound,

    /// <summary>The workspace is not in a state the action applies to (suspending a suspended one, resuming an active one).</summary>
    NotApplicable,

    /// <summary>A plan or custom limit that is not valid.</summary>
    Invalid,

    /// <summary>The plan and limits are already those asked for.</summary>
    Unchanged,
}

/// <summary>
/// The operator's actions on one workspace (root host, platform scope): change the plan, suspend and resume, resend the
/// welcome mail, clear the IP allow-list. Each needs a reason, is recorded in the platform audit chain in the transaction
/// of the change, and is mailed to the workspace's Owners where it affects them.
/// </summary>
/// <remarks>
/// A suspension is the tenant row's <see cref="TenantStatus.Suspended"/> status, nothing in memory: saving the row bumps
/// its version, every instance's <see cref="TenantChangeWatcher"/> sees it within its poll interval, the gate shows the
/// suspended page to new requests and open circuits are ended (TenantStatusGuard reloads the page, the circuit handler
/// refuses whatever a client still sends).
/// </remarks>
public sealed class TenantOperations(
    AppDbContext db,
    IAuditLog audit,
    AuditActor actor,
    IMultiTenantStore<AppTenantInfo> tenants,
    OwnerMail mail,
    ProvisioningSteps provisioning,
    IpAllowListOperations allowLists,
    TimeProvider time)
{
    public const int ReasonMaxLength = 500;

    /// <summary>The largest custom seat count and monthly allowance an operator may enter (a typo guard, not a business rule).</summary>
    public const int MaxCustomSeats = 1_000_000;

    public const long MaxCustomMonthlyTokens = 100_000_000_000;

    /// <summary>Sets the plan, effective now; custom seats and allowance only for Enterprise (null: the plan's). Cancels a waiting downgrade.</summary>
    public async Task<Result<int, OperatorActionRefusal>> ChangePlanAsync(string tenantId, string planCode, int? customSeats, long? customMonthlyTokens, string? reason,
        CancellationToken cancellationToken = default)
    {
        if (Reason(reason) is not { } why) return OperatorActionRefusal.ReasonRequired;
        if (!PlanCatalog.TryFind(planCode, out var plan)) return OperatorActionRefusal.Invalid;
        if (!PlanLimits.TakesCustomLimits(plan.Code) && (customSeats is not null || customMonthlyTokens is not null)) return OperatorActionRefusal.Invalid;
        if (customSeats is < 1 or > MaxCustomSeats || customMonthlyTokens is < 1 or > MaxCustomMonthlyTokens) return OperatorActionRefusal.Invalid;
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == tenantId, cancellationToken);
        if (tenant is null) return OperatorActionRefusal.NotFound;
        var code = plan.Code.ToString();
        if (tenant.Plan == code && tenant.CustomSeats == customSeats && tenant.CustomMonthlyTokens == customMonthlyTokens) return OperatorActionRefusal.Unchanged;

        var now = time.GetUtcNow();
        var change = new PlanChange
        {
            TenantId = tenant.Id, FromPlan = tenant.Plan, ToPlan = code, CustomSeats = customSeats, CustomMonthlyTokens = customMonthlyTokens,
            Source = PlanChangeSource.Operator, ActorUserId = actor.UserId, ActorEmail = actor.Name, Reason = why,
            RequestedAt = now, EffectiveAt = now, AppliedAt = now,
        };
        // One SaveChanges: the cancelled downgrades, the history row, the audit entry and the plan commit together.
        // A downgrade the Owner scheduled would undo the operator's plan at the next period: the operator's word wins.
        var pending = await db.PlanChanges.Where(c => c.TenantId == tenant.Id && c.AppliedAt == null && c.CancelledAt == null).ToListAsync(cancellationToken);
        foreach (var waiting in pending) waiting.CancelledAt = now;
        db.PlanChanges.Add(change);
        audit.Record(db, AuditActions.TenantPlanChanged, Target(tenant), new
        {
            from = tenant.Plan, to = code, customSeats, customMonthlyTokens, cancelledDowngrades = pending.Count, reason = why,
        });
        tenant.Plan = code;
        tenant.CustomSeats = customSeats;
        tenant.CustomMonthlyTokens = customMonthlyTokens;
        await db.SaveChangesAsync(cancellationToken);
        tenants.Invalidate(tenant);
        var owners = await OwnerMail.OwnersAsync(db, tenant.Id, tenant.DefaultCulture, cancellationToken);
        return await mail.SendAsync(owners, o => OperationsMail.PlanChanged(tenant, change, o.Email, o.Culture), cancellationToken);
    }

    /// <summary>Suspends an active (or closing) workspace: it shows the suspended page on every instance within the change poll.</summary>
    public async Task<Result<int, OperatorActionRefusal>> SuspendAsync(string tenantId, SuspensionReason category, string? reason, CancellationToken cancellationToken = default)
    {
        if (Reason(reason) is not { } why) return OperatorActionRefusal.ReasonRequired;
        if (!Enum.IsDefined(category)) return OperatorActionRefusal.Invalid;
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == tenantId, cancellationToken);
        if (tenant is null) return OperatorActionRefusal.NotFound;
        if (tenant.Status is not (TenantStatus.Active or TenantStatus.Closing)) return OperatorActionRefusal.NotApplicable;

        audit.Record(db, AuditActions.TenantSuspended, Target(tenant), new { category = category.ToString(), previous = tenant.Status.ToString(), reason = why });
        tenant.Status = TenantStatus.Suspended;
        tenant.SuspendedAt = time.GetUtcNow();
        tenant.SuspensionReason = category;
        await db.SaveChangesAsync(cancellationToken);
        tenants.Invalidate(tenant);
        var owners = await OwnerMail.OwnersAsync(db, tenant.Id, tenant.DefaultCulture, cancellationToken);
        return await mail.SendAsync(owners, o => OperationsMail.Suspended(tenant, category, o.Email, o.Culture), cancellationToken);
    }

    /// <summary>
    /// Resumes a suspended workspace. It comes back active, or closing when its Owner had asked to close it before the
    /// suspension (the closure's dates stay as they were).
    /// </summary>
    public async Task<Result<int, OperatorActionRefusal>> ResumeAsync(string tenantId, string? reason, CancellationToken cancellationToken = default)
    {
        if (Reason(reason) is not { } why) return OperatorActionRefusal.ReasonRequired;
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == tenantId, cancellationToken);
        if (tenant is null) return OperatorActionRefusal.NotFound;
        if (tenant.Status != TenantStatus.Suspended) return OperatorActionRefusal.NotApplicable;

        var resumed = tenant.ClosureDeletesAt is null ? TenantStatus.Active : TenantStatus.Closing;
        audit.Record(db, AuditActions.TenantResumed, Target(tenant), new
        {
            category = tenant.SuspensionReason?.ToString(), suspendedAt = tenant.SuspendedAt, status = resumed.ToString(), reason = why,
        });
        tenant.Status = resumed;
        tenant.SuspendedAt = null;
        tenant.SuspensionReason = null;
        await db.SaveChangesAsync(cancellationToken);
        tenants.Invalidate(tenant);
        var owners = await OwnerMail.OwnersAsync(db, tenant.Id, tenant.DefaultCulture, cancellationToken);
        return await mail.SendAsync(owners, o => OperationsMail.Resumed(tenant, o.Email, o.Culture), cancellationToken);
    }

    /// <summary>Sends the workspace's welcome mail (with a fresh confirmation link) to the admin who signed up, again.</summary>
    public async Task<Result<int, OperatorActionRefusal>> ResendWelcomeAsync(string tenantId, string? reason, CancellationToken cancellationToken = default)
    {
        if (Reason(reason) is not { } why) return OperatorActionRefusal.ReasonRequired;
        var tenant = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Id == tenantId, cancellationToken);
        if (tenant is null) return OperatorActionRefusal.NotFound;
        var request = await db.ProvisioningRequests.AsNoTracking().SingleOrDefaultAsync(r => r.TenantId == tenant.Id, cancellationToken);
        // A workspace made without a signup has no welcome mail to send; one whose admin account is not made yet neither.
        if (request?.AdminUserId is null || tenant.Status is not (TenantStatus.Active or TenantStatus.Closing)) return OperatorActionRefusal.NotApplicable;

        audit.Record(db, AuditActions.TenantWelcomeResent, Target(tenant), new { reason = why });
        await db.SaveChangesAsync(cancellationToken);
        await provisioning.SendWelcomeEmailAsync(request, cancellationToken);
        return 0;
    }

    /// <summary>Empties the workspace's IP allow-list (recorded by <see cref="IpAllowListOperations"/>) and tells the Owners.</summary>
    public async Task<Result<int, OperatorActionRefusal>> ClearIpAllowListAsync(string tenantId, string? reason, CancellationToken cancellationToken = default)
    {
        if (Reason(reason) is not { } why) return OperatorActionRefusal.ReasonRequired;
        var tenant = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Id == tenantId, cancellationToken);
        if (tenant is null) return OperatorActionRefusal.NotFound;
        if (!await allowLists.ClearAsync(tenant.Id, why, cancellationToken)) return OperatorActionRefusal.NotApplicable;
        var owners = await OwnerMail.OwnersAsync(db, tenant.Id, tenant.DefaultCulture, cancellationToken);
        return await mail.SendAsync(owners, o => OperationsMail.IpAllowListCleared(tenant, o.Email, o.Culture), cancellationToken);
    }

    private static string? Reason(string? reason) => reason?.Trim() is { Length: > 0 and <= ReasonMaxLength } trimmed ? trimmed : null;

    private static AuditTarget Target(AppTenantInfo tenant) => new("workspace", tenant.Id, tenant.Identifier);
}
