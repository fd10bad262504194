using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Templates;

/// <summary>A reusable prompt: shared with the workspace (<see cref="OwnerUserId"/> null) or personal to its author.</summary>
public sealed class PromptTemplate : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    /// <summary>Stable key of a built-in template (e.g. "minutes-summary"); null for templates people write.</summary>
    public string? Key { get; set; }

    public string Title { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>Free text such as "議事録" or "メール"; the library filters by it.</summary>
    public string Category { get; set; } = "";

    /// <summary>The prompt with <c>{{variables}}</c> (see <see cref="PromptVariables"/>).</summary>
    public string Body { get; set; } = "";

    /// <summary>Author of a personal template; null for a template shared with the whole workspace.</summary>
    public string? OwnerUserId { get; set; }

    /// <summary>Who wrote or last changed it (null for the starter set).</summary>
    public string? CreatedByUserId { get; set; }

    /// <summary>How often it was put into a chat input.</summary>
    public int UsageCount { get; set; }

    public int SortOrder { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    public bool IsShared => OwnerUserId is null;
}
