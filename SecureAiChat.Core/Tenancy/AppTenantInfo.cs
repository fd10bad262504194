using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Tenancy;

/// <summary>A customer workspace. The tenant table itself is global: it is how tenants are found.</summary>
public sealed class AppTenantInfo : ITenantInfo, IGlobalEntity
{
    public string Id { get; set; } = Guid.NewGuid().ToString("N");

    public string Identifier { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>Plan code from the plan catalog (Starter, Standard, Professional, Enterprise).</summary>
    public string Plan { get; set; } = "Starter";

    public TenantStatus Status { get; set; } = TenantStatus.Provisioning;

    /// <summary>IANA time zone used for the tenant's month boundaries and displayed times.</summary>
    public string TimeZoneId { get; set; } = "Asia/Tokyo";

    /// <summary>Default UI culture for members who have not chosen one.</summary>
    public string DefaultCulture { get; set; } = "ja-JP";

    /// <summary>
    /// The audit retention of a new workspace (3 years, like cybozu.com). Kept here, with the setting it defaults, so the
    /// tenant does not depend on the audit log (which depends on the tenant); the audit log's retention uses it.
    /// </summary>
    public const int DefaultAuditRetentionYears = 3;

    /// <summary>How many years audit entries are kept (1–10, checked by the audit log's retention); older ones are purged daily.</summary>
    public int AuditRetentionYears { get; set; } = DefaultAuditRetentionYears;

    /// <summary>
    /// The first month of the workspace's fiscal year (1–12), for its fiscal-year budgets and analytics ranges; null: the
    /// platform's default (<c>Usage:Analytics:FiscalYearStartMonth</c>, April). Kept here beside the time zone, the other
    /// half of the workspace's calendar.
    /// </summary>
    public int? FiscalYearStartMonth { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    public DateTimeOffset? SuspendedAt { get; set; }

    /// <summary>Why an operator suspended the workspace; null unless <see cref="TenantStatus.Suspended"/>.</summary>
    public SuspensionReason? SuspensionReason { get; set; }

    /// <summary>Seats of an Enterprise contract (active members plus pending invitations); null: the plan's (unlimited).</summary>
    public int? CustomSeats { get; set; }

    /// <summary>Monthly system-default tokens of an Enterprise contract; null: the plan's allowance.</summary>
    public long? CustomMonthlyTokens { get; set; }

    /// <summary>When an Owner asked to close the workspace (<see cref="TenantStatus.Closing"/>); null once restored.</summary>
    public DateTimeOffset? ClosureRequestedAt { get; set; }

    /// <summary>When the closure deletion job deletes all of the workspace's data; null unless closing.</summary>
    public DateTimeOffset? ClosureDeletesAt { get; set; }

    /// <summary>When the workspace's data was deleted (<see cref="TenantStatus.Closed"/>).</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>When a PoC trial (Professional, <see cref="Operations.TrialOperations"/>) began; null: never on trial.</summary>
    public DateTimeOffset? TrialStartedAt { get; set; }

    /// <summary>When the trial ends: then the workspace becomes read-only (closing) unless converted. Kept after the trial for the history.</summary>
    public DateTimeOffset? TrialEndsAt { get; set; }

    /// <summary>When an operator converted the trial into a contract; from then on the workspace is paying (MRR).</summary>
    public DateTimeOffset? TrialConvertedAt { get; set; }

    /// <summary>When the reminder 7 days before the trial's end went out; null: not yet (claimed with a conditional update, so sent once).</summary>
    public DateTimeOffset? TrialReminder7SentAt { get; set; }

    /// <summary>When the reminder 2 days before the trial's end went out; null: not yet.</summary>
    public DateTimeOffset? TrialReminder2SentAt { get; set; }

    /// <summary>On a PoC trial that has not been converted (whatever its status: running, or ended and read-only).</summary>
    public bool IsTrial => TrialEndsAt is not null && TrialConvertedAt is null;

    /// <summary>
    /// Bumped by every saved change of the row (AppDbContext does it), so each instance's
    /// <see cref="TenantChangeWatcher"/> sees the change and drops its cached copy.
    /// </summary>
    public long Version { get; set; }
}

/// <summary>Lifecycle of a workspace.</summary>
public enum TenantStatus
{
    /// <summary>Signup accepted; the provisioning job has not finished yet.</summary>
    Provisioning = 0,

    /// <summary>In use.</summary>
    Active = 1,

    /// <summary>Closed by the operator: no data is served.</summary>
    Suspended = 2,

    /// <summary>
    /// An Owner asked to close the workspace: members can sign in, read and export, nothing can be changed
    /// (the data layer refuses), until the Owner restores it or <see cref="AppTenantInfo.ClosureDeletesAt"/> passes.
    /// </summary>
    Closing = 3,

    /// <summary>All of the workspace's data was deleted; the row stays so the identifier is never given to another company.</summary>
    Closed = 4,
}

/// <summary>Why an operator suspended a workspace (the reason category; the words are in the audit entry).</summary>
public enum SuspensionReason
{
    NonPayment = 0,
    Abuse = 1,
    CustomerRequest = 2,
}
