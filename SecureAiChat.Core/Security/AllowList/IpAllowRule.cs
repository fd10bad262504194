using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Security.AllowList;

/// <summary>
/// One entry of a workspace's IP allow-list: a network in canonical CIDR form (a single address is a /32 or /128).
/// While a workspace has any entry, requests and circuits from addresses outside all of them are refused.
/// </summary>
public sealed class IpAllowRule : ITenantVersioned
{
    public const int LabelMaxLength = 100;

    /// <summary>Most entries a workspace may have: a company's offices and VPN egresses, not a blocklist.</summary>
    public const int MaxPerWorkspace = 100;

    public string Id { get; set; } = Guid.NewGuid().ToString("N");

    public string TenantId { get; set; } = "";

    /// <summary>Canonical CIDR as <see cref="IpRange.Parse"/> produced it, e.g. <c>203.0.113.0/24</c> or <c>2001:db8::/32</c>.</summary>
    public string Network { get; set; } = "";

    /// <summary>What the range is, e.g. 本社 or VPN (optional).</summary>
    public string Label { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Email of the admin who added it (the audit log holds the full trace).</summary>
    public string CreatedBy { get; set; } = "";
}
