using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.DataGovernance;

/// <summary>
/// The workspace's conversation retention and the members' own-deletion switch (one row per tenant, created on the
/// first change; no row means the defaults: keep forever, members may delete).
/// </summary>
public sealed class RetentionPolicy : ITenantOwned
{
    public const int MinDays = 30;

    /// <summary>Ten years.</summary>
    public const int MaxDays = 3650;

    public string TenantId { get; set; } = "";

    /// <summary>Days after the last activity a conversation is deleted; null keeps conversations forever.</summary>
    public int? RetentionDays { get; set; }

    /// <summary>Whether members may delete their own conversations (off: only retention deletes them).</summary>
    public bool MembersMayDeleteOwn { get; set; } = true;

    /// <summary>UTC.</summary>
    public DateTime UpdatedAt { get; set; }

    public static bool IsValidDays(int? days) => days is null or (>= MinDays and <= MaxDays);
}

/// <summary>A department's own retention window, which wins over the workspace's for the department's members.</summary>
public sealed class DepartmentRetention : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    public Guid DepartmentId { get; set; }

    /// <summary>Days after the last activity; null keeps the department's conversations forever.</summary>
    public int? RetentionDays { get; set; }
}

/// <summary>What a legal hold preserves.</summary>
public enum LegalHoldScope
{
    Member = 0,
    Department = 1,
}

/// <summary>
/// A legal hold (保存義務): while it is active (not lifted) neither retention nor the member deletes the conversations of
/// the held member, or of any member of the held department. Lifted holds stay as the record of who lifted them and why.
/// </summary>
public sealed class LegalHold : ITenantOwned
{
    public const int ReasonMaxLength = 500;
    public const int ReferenceMaxLength = 100;

    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    public LegalHoldScope Scope { get; set; }

    /// <summary>The held member (scope <see cref="LegalHoldScope.Member"/>).</summary>
    public string? UserId { get; set; }

    /// <summary>The held department (scope <see cref="LegalHoldScope.Department"/>).</summary>
    public Guid? DepartmentId { get; set; }

    public string Reason { get; set; } = "";

    /// <summary>The case or matter number the legal team tracks it by (optional).</summary>
    public string? Reference { get; set; }

    public string PlacedByUserId { get; set; } = "";

    public string PlacedByName { get; set; } = "";

    /// <summary>UTC.</summary>
    public DateTime PlacedAt { get; set; }

    public string? LiftedByUserId { get; set; }

    public string? LiftedByName { get; set; }

    /// <summary>UTC; null while the hold is active.</summary>
    public DateTime? LiftedAt { get; set; }

    public string? LiftReason { get; set; }
}
