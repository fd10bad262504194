using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Identity;

/// <summary>
/// One signed-in session on the server. The session cookie carries its id (claim <see cref="AppClaimTypes.SessionId"/>);
/// every request checks the row, so signing out (which ends the row) stops a copied cookie at once on every instance,
/// and <see cref="ExpiresAt"/> ends the session after the absolute lifetime however often the cookie slid forward.
/// </summary>
public sealed class UserSession : ITenantOwned
{
    /// <summary>128 random bits, hex; the primary key, so the per-request check is one index seek.</summary>
    public string Id { get; set; } = "";

    public string TenantId { get; set; } = "";

    public string UserId { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Created + <c>Accounts:SessionLifetime</c>; fixed at sign-in, never extended.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Set on sign-out; an ended session is never valid again.</summary>
    public DateTimeOffset? EndedAt { get; set; }
}
