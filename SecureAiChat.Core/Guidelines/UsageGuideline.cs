using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Guidelines;

/// <summary>
/// A workspace's AI usage guideline as the admin is editing it (one row; provisioning writes a Japanese draft).
/// Publishing copies it into a numbered <see cref="GuidelineVersion"/> that members must accept.
/// </summary>
public sealed class UsageGuideline : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    public string Title { get; set; } = "";

    /// <summary>Markdown.</summary>
    public string Body { get; set; } = "";

    public bool IsPublished { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    public DateTimeOffset? PublishedAt { get; set; }
}
