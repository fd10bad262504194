using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Guidelines;

/// <summary>A published guideline, kept forever so acceptances always point at the text that was accepted.</summary>
public sealed class GuidelineVersion : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    /// <summary>1, 2, 3… per workspace.</summary>
    public int Number { get; set; }

    public string Title { get; set; } = "";

    /// <summary>Markdown.</summary>
    public string Body { get; set; } = "";

    public string PublishedByUserId { get; set; } = "";

    public DateTimeOffset PublishedAt { get; set; }
}

/// <summary>A member read and accepted a guideline version.</summary>
public sealed class GuidelineAcceptance : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    public string UserId { get; set; } = "";

    public int VersionNumber { get; set; }

    public DateTimeOffset AcceptedAt { get; set; }
}
