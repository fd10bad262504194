using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.DataGovernance.BreakGlass;

/// <summary>Where a break-glass request stands. "Expired" is not stored: an approved grant past its end is expired.</summary>
public enum BreakGlassStatus
{
    Pending = 0,
    Approved = 1,
    Denied = 2,
    Revoked = 3,
}

/// <summary>How an approved grant was approved.</summary>
public enum BreakGlassApproval
{
    /// <summary>By another Owner.</summary>
    SecondOwner = 0,

    /// <summary>By an Auditor (監査担当).</summary>
    Auditor = 1,

    /// <summary>The only Owner of a workspace without an Auditor confirmed with password and authenticator code.</summary>
    OwnerConfirmed = 2,
}

/// <summary>
/// Break-glass access (緊急閲覧): an Owner's time-limited, read-only access to one member's conversations, with a written
/// reason, approved by someone else (or, in a single-Owner workspace, confirmed with password and 2FA). The row is the
/// whole state, so every instance sees the same grant; its end is checked on every read.
/// </summary>
public sealed class BreakGlassGrant : ITenantOwned
{
    public const int ReasonMaxLength = 500;
    public const int MinHours = 1;
    public const int MaxHours = 72;

    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    /// <summary>The member whose conversations may be read.</summary>
    public string TargetUserId { get; set; } = "";

    public string RequestedByUserId { get; set; } = "";

    public string RequestedByName { get; set; } = "";

    public string Reason { get; set; } = "";

    /// <summary>How long the access lasts once approved (1–72, chosen by the requester).</summary>
    public int Hours { get; set; }

    /// <summary>UTC.</summary>
    public DateTime RequestedAt { get; set; }

    public BreakGlassStatus Status { get; set; }

    public BreakGlassApproval? Approval { get; set; }

    public string? DecidedByUserId { get; set; }

    public string? DecidedByName { get; set; }

    /// <summary>UTC: when it was approved or denied.</summary>
    public DateTime? DecidedAt { get; set; }

    /// <summary>Why it was denied (optional).</summary>
    public string? DenyReason { get; set; }

    /// <summary>UTC: the end of the access (approval time + <see cref="Hours"/>); reads after it are refused.</summary>
    public DateTime? EndsAt { get; set; }

    public string? RevokedByUserId { get; set; }

    public string? RevokedByName { get; set; }

    /// <summary>UTC.</summary>
    public DateTime? RevokedAt { get; set; }

    /// <summary>UTC: when the expiry was written to the audit log (once, by whoever noticed it first).</summary>
    public DateTime? ExpiryRecordedAt { get; set; }

    public bool IsOpen(DateTime utcNow) => Status == BreakGlassStatus.Approved && EndsAt > utcNow;
}
