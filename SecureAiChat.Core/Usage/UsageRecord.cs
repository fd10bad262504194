using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Settings;

namespace SecureAiChat.Core.Usage;

/// <summary>
/// One answer's consumption: written for every answer, completed, stopped or failed. Not linked by a
/// foreign key to the conversation, so deleting a conversation keeps the tenant's usage history.
/// </summary>
public sealed class UsageRecord : ITenantLeadingIndexes
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string TenantId { get; set; } = "";

    public string UserId { get; set; } = "";

    /// <summary>The member's department when the answer was made (a later move does not re-charge old usage); null: none.</summary>
    public Guid? DepartmentId { get; set; }

    public Guid? ConversationId { get; set; }

    public ProviderKind Provider { get; set; }

    /// <summary>The tenant's provider option that answered: system-default tokens count against the plan's allowance.</summary>
    public AiProviderChoice Source { get; set; }

    public string Model { get; set; } = "";

    public int InputTokens { get; set; }

    public int OutputTokens { get; set; }

    /// <summary>True when the provider reported the counts (stream usage); false when estimated with the tokenizer.</summary>
    public bool ReportedByProvider { get; set; }

    /// <summary>Milliseconds from the request to the first visible token; null when none arrived.</summary>
    public int? TimeToFirstTokenMs { get; set; }

    public int DurationMs { get; set; }

    public MessageStatus Status { get; set; }

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }
}
