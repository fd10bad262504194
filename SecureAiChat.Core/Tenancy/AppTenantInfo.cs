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

    /// <summary>How many years audit entries are kept (1–10, <see cref="Audit.AuditRetention"/>); older ones are purged daily.</summary>
    public int AuditRetentionYears { get; set; } = Audit.AuditRetention.DefaultYears;

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    public DateTimeOffset? SuspendedAt { get; set; }

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
}
