using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Usage;

/// <summary>
/// Records that the admins were told a threshold of the monthly allowance was crossed, so each threshold
/// sends one email (and shows one banner) per month, however often the alert job runs.
/// </summary>
public sealed class UsageAlertNotice : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    /// <summary>The calendar month in the tenant's time zone, <c>yyyy-MM</c>.</summary>
    public string Month { get; set; } = "";

    public int ThresholdPercent { get; set; }

    public long UsedTokens { get; set; }

    public long AllowanceTokens { get; set; }

    public DateTimeOffset SentAt { get; set; } = DateTimeOffset.UtcNow;
}
