using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Plans;

/// <summary>Who changed a plan.</summary>
public enum PlanChangeSource
{
    /// <summary>An operator on the console (any plan, Enterprise with custom seats and allowance).</summary>
    Operator = 0,

    /// <summary>The workspace's Owner on /settings/plan (Starter ↔ Standard).</summary>
    Owner = 1,
}

/// <summary>
/// One change of a workspace's plan: the plan history of the operator's tenant page and the workspace's plan page.
/// Global (billing is the platform's record, like <see cref="Provisioning.ProvisioningRequest"/>), keyed by tenant: every
/// read names the tenant. A downgrade is scheduled for the next billing period (<see cref="EffectiveAt"/> in the future,
/// <see cref="AppliedAt"/> null) and applied by the plan change job.
/// </summary>
public sealed class PlanChange : IGlobalEntity
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    public string FromPlan { get; set; } = "";

    public string ToPlan { get; set; } = "";

    /// <summary>Enterprise contract seats set with the change; null: the plan's.</summary>
    public int? CustomSeats { get; set; }

    /// <summary>Enterprise contract monthly tokens set with the change; null: the plan's.</summary>
    public long? CustomMonthlyTokens { get; set; }

    public PlanChangeSource Source { get; set; }

    /// <summary>The user id of the operator or Owner.</summary>
    public string? ActorUserId { get; set; }

    /// <summary>The operator's or Owner's email when the change was made (the history names them).</summary>
    public string? ActorEmail { get; set; }

    /// <summary>The operator's reason; null for an Owner's self-service change.</summary>
    public string? Reason { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>When the plan is in force: the request for an upgrade or an operator's change, the next period's start for a downgrade.</summary>
    public DateTimeOffset EffectiveAt { get; set; }

    /// <summary>When the tenant's plan was switched; null while a downgrade waits for its period.</summary>
    public DateTimeOffset? AppliedAt { get; set; }

    /// <summary>When a waiting downgrade was withdrawn (by the Owner, or by a later change).</summary>
    public DateTimeOffset? CancelledAt { get; set; }

    public bool IsPending => AppliedAt is null && CancelledAt is null;
}
