using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Audit;

/// <summary>
/// A month's closing audit hash as mailed to the workspace's Owners: written before the mail goes out, unique per
/// workspace and month, so a second run of the monthly job sends nothing. Also the workspace's own record of what it was told.
/// </summary>
public sealed class AuditMonthlyNotice : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    /// <summary>The closed calendar month (Asia/Tokyo), <c>yyyy-MM</c>.</summary>
    public string Month { get; set; } = "";

    /// <summary>The last entry of the month: its sequence and hash.</summary>
    public long Sequence { get; set; }

    public string Hash { get; set; } = "";

    public DateTimeOffset SentAt { get; set; } = DateTimeOffset.UtcNow;
}
