using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Budgets;

public enum BudgetRequestStatus
{
    Pending = 0,
    Approved = 1,
    Denied = 2,
}

/// <summary>
/// A member's "request more" (稟議) on one budget for the current period, and its decision. An approved request is the
/// grant: <see cref="GrantedUnits"/> is added to its ledger's <see cref="BudgetLedger.Granted"/> in the same transaction,
/// and applies only to that period (<see cref="PeriodKey"/>; the ledger of the next period starts without it).
/// </summary>
public sealed class BudgetRequest : ITenantOwned
{
    public const int ReasonMaxLength = 1000;

    public const int CommentMaxLength = 1000;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string TenantId { get; set; } = "";

    public Guid BudgetId { get; set; }

    /// <summary>The ledger the increase applies to (the budget's, for the requester's subject and the period).</summary>
    public Guid LedgerId { get; set; }

    /// <summary>The member of a member-level budget; empty otherwise.</summary>
    public string Subject { get; set; } = "";

    public string PeriodKey { get; set; } = "";

    /// <summary>UTC end of the period: the increase lapses then.</summary>
    public DateTime PeriodEndUtc { get; set; }

    public string RequesterId { get; set; } = "";

    /// <summary>Whole yen or tokens asked for (the budget's unit).</summary>
    public long Amount { get; set; }

    public string Reason { get; set; } = "";

    public BudgetRequestStatus Status { get; set; }

    /// <summary>Whole yen or tokens approved (at most <see cref="Amount"/>); null unless approved.</summary>
    public long? ApprovedAmount { get; set; }

    /// <summary>The approved amount in ledger units (micro-yen or tokens), as added to the ledger.</summary>
    public long GrantedUnits { get; set; }

    public string? DeciderId { get; set; }

    public string? Comment { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    public DateTimeOffset? DecidedAt { get; set; }
}
