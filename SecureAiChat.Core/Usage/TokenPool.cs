using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Usage;

/// <summary>
/// One row per workspace and limit (<see cref="TokenReservations.SystemPool"/>, <see cref="TokenReservations.OwnPool"/>):
/// a reservation bumps <see cref="Version"/> first in its transaction, which holds the row's write lock until the
/// commit, so the checks of one pool run one after another across every app instance.
/// </summary>
public sealed class TokenPool : ITenantOwned
{
    public string TenantId { get; set; } = "";

    public string Pool { get; set; } = "";

    /// <summary>Bumped by every reservation (the lock); its value means nothing else.</summary>
    public long Version { get; set; }
}
