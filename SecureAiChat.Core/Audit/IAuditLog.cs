using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Audit;

/// <summary>
/// The one way to record an audit entry. The entry joins <paramref name="db"/>'s unit of work: it is sealed into its
/// chain and committed by the same SaveChanges as the change it records, or not at all.
/// </summary>
public interface IAuditLog
{
    /// <summary>
    /// Adds an entry for <paramref name="action"/> to the chain of <paramref name="db"/>'s tenant (the platform chain
    /// when the scope has no tenant). <paramref name="details"/> is serialized to JSON; properties whose names suggest
    /// a secret (password, secret, token, key) are redacted, but callers must not pass secrets or chat content at all.
    /// </summary>
    void Record(AppDbContext db, string action, AuditTarget target, object? details = null, AuditOutcome outcome = AuditOutcome.Success);
}
