using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Team;

/// <summary>
/// An invitation to join the workspace: the link's 128-bit token is stored only as its SHA-256, works once,
/// for <see cref="Lifetime"/>. Resending replaces the hash (the old link dies); revoking ends it. While pending it holds a seat.
/// </summary>
public sealed class Invitation : ITenantOwned
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    public string Email { get; set; } = "";

    /// <summary>Upper-case email, as Identity normalizes it, for "already a member / already invited" checks.</summary>
    public string NormalizedEmail { get; set; } = "";

    /// <summary>The role the member gets on accepting (Admin or Member).</summary>
    public string Role { get; set; } = Identity.Roles.Member;

    public Guid? DepartmentId { get; set; }

    /// <summary>Hex SHA-256 of the current token.</summary>
    public string TokenHash { get; set; } = "";

    public string InvitedByUserId { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset SentAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? AcceptedAt { get; set; }

    public string? AcceptedUserId { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public InvitationStatus StatusAt(DateTimeOffset now) =>
        AcceptedAt is not null ? InvitationStatus.Accepted
        : RevokedAt is not null ? InvitationStatus.Revoked
        : ExpiresAt <= now ? InvitationStatus.Expired
        : InvitationStatus.Pending;
}

public enum InvitationStatus
{
    Pending = 0,
    Accepted = 1,
    Revoked = 2,
    Expired = 3,
}
