using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Prompts;

/// <summary>A reusable prompt offered to a workspace's members.</summary>
public sealed class PromptTemplate : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    /// <summary>Stable key of a built-in template (e.g. "minutes-summary"); null for templates people write.</summary>
    public string? Key { get; set; }

    public string Title { get; set; } = "";

    public string Description { get; set; } = "";

    public string Body { get; set; } = "";

    public int SortOrder { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}

/// <summary>A workspace's AI usage guideline; provisioning writes a draft the admin edits and publishes.</summary>
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
