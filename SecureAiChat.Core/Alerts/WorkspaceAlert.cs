using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Alerts;

/// <summary>What a workspace alert is about.</summary>
public enum WorkspaceAlertKind
{
    /// <summary>The share of failed answers over the rule's window is above its rate.</summary>
    FailureRate = 1,

    /// <summary>The p95 time to first token over the rule's window is above its threshold.</summary>
    SlowFirstToken = 2,

    /// <summary>The newest answers all failed because the provider rejected the workspace's key.</summary>
    KeyRejected = 3,

    /// <summary>System-default usage crossed a threshold of the monthly allowance (mailed by the usage alert job).</summary>
    Allowance = 4,

    /// <summary>A budget crossed 80% or 100% this period (mailed by the budget alert job).</summary>
    Budget = 5,
}

/// <summary>
/// One alert of a workspace, from the minute it opened until its condition cleared. At most one open alert per kind:
/// <see cref="OpenGuard"/> is the kind while open and the row's id once closed, under a unique index with the tenant, so
/// of two instances (or two runs) evaluating the same minute exactly one insert wins, and that one mails.
/// </summary>
public sealed class WorkspaceAlert : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string TenantId { get; set; } = "";

    public WorkspaceAlertKind Kind { get; set; }

    /// <summary>The kind's name while open; the id once closed (see the class summary).</summary>
    public string OpenGuard { get; set; } = "";

    /// <summary>UTC (a DateTime, so SQLite can order by it).</summary>
    public DateTime OpenedAt { get; set; }

    /// <summary>UTC; null while open.</summary>
    public DateTime? ClosedAt { get; set; }

    /// <summary>What was measured when it opened: percent (rate, allowance, budget), seconds (p95) or failed answers (key).</summary>
    public double Value { get; set; }

    /// <summary>The threshold in the same unit.</summary>
    public double Threshold { get; set; }

    /// <summary>Context for the message: the provider option whose key was rejected; null otherwise.</summary>
    public string? Detail { get; set; }
}
