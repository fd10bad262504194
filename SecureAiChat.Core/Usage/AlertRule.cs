using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Usage;

/// <summary>A monitoring rule of a workspace, evaluated by the workspace alert job (and, for the allowance, by the usage alert job that mails it).</summary>
public sealed class AlertRule : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    public AlertRuleKind Kind { get; set; }

    /// <summary>Percent of the monthly system-default allowance, or percent of failed provider calls.</summary>
    public int ThresholdPercent { get; set; }

    /// <summary>For rates: the window the rate is measured over.</summary>
    public int? WindowMinutes { get; set; }

    /// <summary>For rates and the p95: the fewest answers in the window for the rule to judge (null: 5).</summary>
    public int? MinimumCount { get; set; }

    /// <summary>For the time to first token: the p95 threshold in seconds.</summary>
    public int? ThresholdSeconds { get; set; }

    public bool Enabled { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}

public enum AlertRuleKind
{
    /// <summary>System-default token usage reached a share of the plan's monthly allowance.</summary>
    SystemAllowanceUsage = 1,

    /// <summary>The share of failed calls to the tenant's AI provider over a window.</summary>
    ProviderErrorRate = 2,

    /// <summary>The p95 time to first token over a window, in seconds.</summary>
    SlowFirstToken = 3,

    /// <summary>The provider rejecting the workspace's key (on or off).</summary>
    KeyRejected = 4,

    /// <summary>Budgets crossing 80% or 100% in their period (on or off; the budget alert job mails them).</summary>
    BudgetThreshold = 5,
}
