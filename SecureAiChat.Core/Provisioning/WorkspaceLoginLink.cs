using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Provisioning;

/// <summary>
/// A single-use sign-in link for the admin right after provisioning: 128-bit random token, stored only as
/// its SHA-256, bound to one user, valid for five minutes, void once used.
/// </summary>
public sealed class WorkspaceLoginLink : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    public string UserId { get; set; } = "";

    /// <summary>Hex SHA-256 of the token.</summary>
    public string TokenHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }
}
