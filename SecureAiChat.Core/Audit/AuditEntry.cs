using System.ComponentModel.DataAnnotations.Schema;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Audit;

/// <summary>Who acted: a signed-in person, a platform operator, a background job, or nobody known (a failed sign-in).</summary>
public enum AuditActorKind
{
    User,
    Operator,
    System,
    Anonymous,
}

/// <summary>How the recorded action ended.</summary>
public enum AuditOutcome
{
    Success,
    Failure,
    Denied,
}

/// <summary>What an action was done to.</summary>
public readonly record struct AuditTarget(string Type, string? Id = null, string? Display = null)
{
    public static AuditTarget Workspace(string? display = null) => new("workspace", null, display);
    public static AuditTarget User(string? id, string? display) => new("user", id, display);
}

/// <summary>
/// One link of an audit chain. The columns are shared by the workspace chains (<see cref="AuditEntry"/>)
/// and the platform chain (<see cref="PlatformAuditEntry"/>); <see cref="Hash"/> is an HMAC over the
/// canonical form of every column plus <see cref="PreviousHash"/>, so no row can change, vanish or move unseen.
/// </summary>
public abstract class AuditRecord
{
    /// <summary>Gapless, 1-based position in the chain.</summary>
    public long Sequence { get; set; }

    /// <summary>When it happened, UTC, truncated to milliseconds (so every provider stores it exactly).</summary>
    public DateTime OccurredAt { get; set; }

    public AuditActorKind ActorKind { get; set; }
    public string? ActorId { get; set; }

    /// <summary>The actor's display name at the time (kept when the account is renamed or deleted).</summary>
    public string? ActorName { get; set; }

    public string? ActorRole { get; set; }

    /// <summary>A stable code from <see cref="AuditActions"/>; the label is localized when shown.</summary>
    public string Action { get; set; } = "";

    public string TargetType { get; set; } = "";
    public string? TargetId { get; set; }
    public string? TargetDisplay { get; set; }
    public AuditOutcome Outcome { get; set; }
    public string? ClientAddress { get; set; }
    public string? UserAgent { get; set; }

    /// <summary>Structured details as compact JSON; never chat content, secrets, tokens or passwords.</summary>
    public string? Details { get; set; }

    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";

    /// <summary>Order of <see cref="IAuditLog.Record"/> calls within one unit of work (sequence follows it).</summary>
    [NotMapped]
    internal long LocalOrder { get; set; }

    /// <summary>The chain this row belongs to (also part of the hashed form, so rows cannot move between chains).</summary>
    [NotMapped]
    public abstract string ChainKey { get; }
}

/// <summary>An entry of a workspace's chain; tenant-owned like every workspace row.</summary>
public sealed class AuditEntry : AuditRecord, ITenantOwned
{
    public string TenantId { get; set; } = "";

    public override string ChainKey => AuditChains.ForTenant(TenantId);
}

/// <summary>An entry of the platform chain (root host: operators, provisioning, leads). Belongs to no tenant.</summary>
public sealed class PlatformAuditEntry : AuditRecord, IGlobalEntity
{
    public override string ChainKey => AuditChains.Platform;
}

/// <summary>
/// The head of one chain: the last sequence and hash (the writer's lock row: bumping it first serializes writers
/// of one chain across instances), the chain's HMAC key protected by Data Protection, and the purge checkpoint.
/// Global because the platform chain has no tenant; it holds no workspace data beyond counters and hashes.
/// </summary>
public sealed class AuditChainHead : IGlobalEntity
{
    public string ChainKey { get; set; } = "";
    public long Sequence { get; set; }
    public string LastHash { get; set; } = "";

    /// <summary>The chain's random 256-bit HMAC key, protected with ASP.NET Core Data Protection.</summary>
    public string ProtectedKey { get; set; } = "";

    /// <summary>Entries up to and including this sequence were purged by retention.</summary>
    public long CheckpointSequence { get; set; }

    /// <summary>The hash of the last purged entry: the first remaining entry's previous hash.</summary>
    public string CheckpointHash { get; set; } = "";

    /// <summary>HMAC over the checkpoint, so moving it forward to hide deleted rows needs the key.</summary>
    public string CheckpointMac { get; set; } = "";
}

/// <summary>The last sequence and hash of a chain at the end of a day (Asia/Tokyo), kept by the daily verification job (<see cref="AuditDailyJob"/>).</summary>
public sealed class AuditDailyHash : IGlobalEntity
{
    public string ChainKey { get; set; } = "";
    public DateOnly Day { get; set; }
    public long Sequence { get; set; }
    public string Hash { get; set; } = "";
    public bool Intact { get; set; }
    public DateTime VerifiedAt { get; set; }
}

/// <summary>Chain keys: one per workspace and one for the platform.</summary>
public static class AuditChains
{
    public const string Platform = "platform";
    public static string ForTenant(string tenantId) => "t:" + tenantId;
    public static string? TenantOf(string chainKey) => chainKey.StartsWith("t:", StringComparison.Ordinal) ? chainKey[2..] : null;

    /// <summary>
    /// Whether a context's tenant id writes to the platform chain: no tenant (jobs, tools) or the root host's
    /// pseudo-tenant, which the data layer sees as <see cref="Tenancy.PlatformTenant.Id"/> rather than null.
    /// </summary>
    public static bool IsPlatformScope(string? tenantId) => tenantId is null or Tenancy.PlatformTenant.Id;
}
