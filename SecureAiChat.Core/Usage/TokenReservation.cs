using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Usage;

/// <summary>
/// Tokens held by one request in flight against a monthly limit (its prompt plus the most its answer may cost).
/// The limit check sums these rows in the database, so it holds across every app instance sharing it. Deleted
/// once the request's usage record is saved; a row left behind by a crashed instance stops counting at
/// <see cref="ExpiresAt"/> and the housekeeping job removes it.
/// </summary>
public sealed class TokenReservation : ITenantOwned, IExpiringRow
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string TenantId { get; set; } = "";

    /// <summary>Which limit the tokens count against: <see cref="TokenReservations.SystemPool"/> or <see cref="TokenReservations.OwnPool"/>.</summary>
    public string Pool { get; set; } = "";

    public long Tokens { get; set; }

    /// <summary>UTC; after this the reservation no longer counts (its request is long over by any bound).</summary>
    public DateTime ExpiresAt { get; set; }
}
