using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Usage;

/// <summary>A monitoring rule of a workspace, evaluated by the usage alert job.</summary>
public sealed class AlertRule : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    public AlertRuleKind Kind { get; set; }

    /// <summary>Percent of the monthly system-default allowance, or percent of failed provider calls.</summary>
    public int ThresholdPercent { get; set; }

    /// <summary>For rates: the window the rate is measured over.</summary>
    public int? WindowMinutes { get; set; }

    public bool Enabled { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}

public enum AlertRuleKind
{
    /// <summary>System-default token usage reached a share of the plan's monthly allowance.</summary>
    SystemAllowanceUsage = 1,

    /// <summary>The share of failed calls to the tenant's AI provider over a window.</summary>
    ProviderErrorRate = 2,
}
