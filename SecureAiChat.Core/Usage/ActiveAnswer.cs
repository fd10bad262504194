using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Usage;

/// <summary>
/// A lease held by one answer while it streams: the concurrency limits (per member and per workspace) count these
/// rows in the database, so they hold across every app instance sharing it. Deleted when the answer ends; a lease
/// left behind by a crashed instance stops counting at <see cref="ExpiresAt"/>.
/// </summary>
public sealed class ActiveAnswer : ITenantOwned, IExpiringRow
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string TenantId { get; set; } = "";

    /// <summary>The member whose answer streams.</summary>
    public string UserId { get; set; } = "";

    /// <summary>UTC.</summary>
    public DateTime StartedAt { get; set; }

    /// <summary>UTC; after this the lease no longer counts (its answer is long over by any bound).</summary>
    public DateTime ExpiresAt { get; set; }
}
