using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.FeatureRequests;

/// <summary>Where a feature request stands, as members see it (resx keys <c>Status_X</c>).</summary>
public enum FeatureRequestStatus
{
    New = 0,
    UnderReview = 1,
    Planned = 2,
    Released = 3,
    Declined = 4,
}

/// <summary>A feature a member asked for, voted on inside the workspace; operators group requests of all workspaces by topic.</summary>
public sealed class FeatureRequest : ITenantOwned
{
    public const int MaxTitle = 120;
    public const int MaxDescription = 2000;
    public const int MaxNote = 1000;

    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    public string AuthorUserId { get; set; } = "";

    public string Title { get; set; } = "";

    public string Description { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public FeatureRequestStatus Status { get; set; }

    /// <summary>The operator's note members see beside the status.</summary>
    public string? PublicNote { get; set; }

    public DateTimeOffset? StatusChangedAt { get; set; }

    /// <summary>The operator's topic that merges it with the same wish from other workspaces; null until sorted.</summary>
    public Guid? TopicId { get; set; }
}

/// <summary>One member's vote for one request; the unique index keeps it to one each.</summary>
public sealed class FeatureVote : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    public Guid RequestId { get; set; }

    public string UserId { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An operator's name for one wish shared by several workspaces' requests. Platform-only: no workspace reads it.</summary>
public sealed class FeatureTopic : IGlobalEntity
{
    public const int MaxName = 120;

    public Guid Id { get; set; } = Guid.NewGuid();

    public string Name { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}
