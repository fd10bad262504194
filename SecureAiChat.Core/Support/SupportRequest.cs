using SecureAiChat.Core.Data;
using SecureAiChat.Core.Plans;

namespace SecureAiChat.Core.Support;

/// <summary>What a support request is about (resx keys <c>Category_X</c>).</summary>
public enum SupportCategory
{
    Question = 0,
    Problem = 1,
    Account = 2,
    Billing = 3,
    Security = 4,
    Other = 5,
}

/// <summary>How urgent the requester says it is (resx keys <c>Priority_X</c>).</summary>
public enum SupportPriority
{
    Low = 0,
    Normal = 1,
    High = 2,
    Urgent = 3,
}

/// <summary>Where a request stands: open until an operator replies, answered after, closed by an operator.</summary>
public enum SupportStatus
{
    Open = 0,
    Answered = 1,
    Closed = 2,
}

/// <summary>A member's request to the platform's support team, with the first-response deadline of the plan at the time.</summary>
public sealed class SupportRequest : ITenantOwned
{
    public const int MaxDescription = 4000;

    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    public string RequesterUserId { get; set; } = "";

    public string RequesterEmail { get; set; } = "";

    public SupportCategory Category { get; set; }

    public SupportPriority Priority { get; set; }

    public string Description { get; set; } = "";

    public SupportStatus Status { get; set; }

    /// <summary>The plan's support level when the request was made: a later plan change does not move its deadline.</summary>
    public SupportLevel Level { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The first operator reply is due by then (<see cref="SupportSla"/>).</summary>
    public DateTimeOffset RespondBy { get; set; }

    public DateTimeOffset? FirstRespondedAt { get; set; }

    /// <summary>The operator handling it; null while unassigned.</summary>
    public string? AssigneeId { get; set; }

    public string? AssigneeName { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>A short reference people can quote in a mail or on the phone.</summary>
    public string Reference => Id.ToString("N")[..8].ToUpperInvariant();
}

/// <summary>A screenshot attached to a request. The bytes stay in the workspace's rows (deleted with it, filtered like it).</summary>
public sealed class SupportAttachment : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    public Guid RequestId { get; set; }

    public string FileName { get; set; } = "";

    /// <summary>From the file's own first bytes (<see cref="SupportImages"/>), never from what the browser claimed.</summary>
    public string ContentType { get; set; } = "";

    public int Length { get; set; }

    public byte[] Content { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// An operator's reply to a request. Written from the platform scope, which may not write workspace rows through the change
/// tracker by design, so it is a platform row that names its workspace (like <see cref="Plans.PlanChange"/>); the workspace
/// reads it only through a request its own filter returned, and the closure deletion removes it with the workspace.
/// </summary>
public sealed class SupportReply : IGlobalEntity
{
    public const int MaxBody = 4000;

    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    public Guid RequestId { get; set; }

    public string OperatorId { get; set; } = "";

    public string OperatorName { get; set; } = "";

    public string Body { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}
