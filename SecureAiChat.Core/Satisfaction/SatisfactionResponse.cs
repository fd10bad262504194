using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Satisfaction;

/// <summary>
/// A member's answer to the monthly survey, or their dismissal of it (no score): either settles the month, so the
/// member is not asked again until the next one.
/// </summary>
public sealed class SatisfactionResponse : ITenantOwned
{
    public const int MaxComment = 1000;

    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    public string UserId { get; set; } = "";

    /// <summary>The survey month in Asia/Tokyo as yyyyMM (202612).</summary>
    public int Month { get; set; }

    /// <summary>1 (poor) to 5 (excellent); null when the member dismissed the survey.</summary>
    public int? Score { get; set; }

    public string? Comment { get; set; }

    public DateTimeOffset AnsweredAt { get; set; }
}
