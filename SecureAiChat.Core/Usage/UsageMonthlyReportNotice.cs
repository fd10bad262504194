using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Usage;

/// <summary>
/// Records that a month's usage report went to the workspace's Owners and Admins: written before the mails go out and
/// unique per workspace and month, so a second run of the monthly job sends nothing.
/// </summary>
public sealed class UsageMonthlyReportNotice : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    /// <summary>The reported calendar month in the workspace's time zone, <c>yyyy-MM</c>.</summary>
    public string Month { get; set; } = "";

    public DateTimeOffset SentAt { get; set; } = DateTimeOffset.UtcNow;
}
