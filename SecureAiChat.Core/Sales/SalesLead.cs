using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Sales;

/// <summary>A sales inquiry from the platform site (Professional, Enterprise, or a demo for Standard), for the operator console.</summary>
public sealed class SalesLead : IGlobalEntity
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string CompanyName { get; set; } = "";

    public string ContactName { get; set; } = "";

    public string Email { get; set; } = "";

    public string? Phone { get; set; }

    public int? ExpectedSeats { get; set; }

    /// <summary>Plan code the requester is interested in, if any.</summary>
    public string? PreferredPlan { get; set; }

    /// <summary>True when the visitor asked for a demo (Standard) rather than a quote.</summary>
    public bool DemoRequested { get; set; }

    public string? Message { get; set; }

    public string Culture { get; set; } = "ja-JP";

    public string? ClientAddress { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>Where the lead stands in the sales pipeline (<see cref="SalesPipeline"/>).</summary>
    public SalesStage Stage { get; set; } = SalesStage.New;

    /// <summary>The operator (email) who looks after the lead; null: nobody yet.</summary>
    public string? OwnerEmail { get; set; }

    /// <summary>What happens next (a call, a demo, sending the quote).</summary>
    public string? NextAction { get; set; }

    /// <summary>When the next action is due (a day, Asia/Tokyo); past it the list flags the lead as overdue.</summary>
    public DateOnly? NextActionDue { get; set; }

    /// <summary>The operators' notes about the lead (never shown to the customer).</summary>
    public string? Notes { get; set; }

    /// <summary>Why the lead was lost; required for <see cref="SalesStage.Lost"/>, null otherwise.</summary>
    public string? LostReason { get; set; }

    /// <summary>The PoC trial workspace started from the lead (<see cref="Tenancy.AppTenantInfo.Id"/>); null: none.</summary>
    public string? TenantId { get; set; }

    /// <summary>Optimistic concurrency: two operators editing the same lead do not overwrite each other unnoticed.</summary>
    public string ConcurrencyStamp { get; set; } = Guid.NewGuid().ToString("N");
}

/// <summary>The stages of the sales pipeline, in order; <see cref="Lost"/> can be reached from any of them. Stored by name.</summary>
public enum SalesStage
{
    New = 0,
    Hearing = 1,
    DemoPoc = 2,
    Quote = 3,
    Contract = 4,
    Onboarding = 5,
    Active = 6,
    Lost = 7,
}

/// <summary>One change of a lead in the pipeline (stage, owner, next action, notes, trial): who, when, from → to.</summary>
public sealed class SalesLeadChange : IGlobalEntity
{
    /// <summary>Increasing: the history is ordered by it (SQLite cannot order by DateTimeOffset).</summary>
    public long Id { get; set; }

    public Guid LeadId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The operator who made the change (their name as the audit log records it).</summary>
    public string Actor { get; set; } = "";

    /// <summary>What changed: Stage, Owner, NextAction, NextActionDue, Notes, LostReason, Trial.</summary>
    public string Field { get; set; } = "";

    public string? FromValue { get; set; }

    public string? ToValue { get; set; }
}
