using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Usage;

/// <summary>
/// A workspace's admission lock (<see cref="TokenReservations.AdmissionLock"/>: every admission and every usage record
/// bumps <see cref="Version"/> first in its transaction, which holds the row's write lock until the commit, so they run
/// one after another across every app instance) and its running month totals (<see cref="TokenReservations.MonthPool"/>:
/// the tokens one limit's usage records of one month add up to, kept under that lock so an admission reads one row
/// instead of summing the month's records).
/// </summary>
public sealed class TokenPool : ITenantOwned
{
    public string TenantId { get; set; } = "";

    public string Pool { get; set; } = "";

    /// <summary>Bumped by every admission and usage record on the lock's row (the lock); its value means nothing else.</summary>
    public long Version { get; set; }

    /// <summary>On a month total's row: input + output tokens of the month's usage records of that limit.</summary>
    public long UsedTokens { get; set; }
}
