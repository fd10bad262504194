using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Feedback;

/// <summary>What a person told us from the in-app form; the operator console reads these later.</summary>
public sealed class FeedbackEntry : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    public string UserId { get; set; } = "";

    /// <summary>1 (poor) to 5 (excellent).</summary>
    public int Rating { get; set; }

    public string Text { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}
