namespace SecureAiChat.Core.Tenancy;

/// <summary>What was resolved for the current request, circuit or job (Finbuckle's <c>IMultiTenantContext</c>).</summary>
public sealed record MultiTenantContext<TTenantInfo>(TTenantInfo? TenantInfo, TenantResolution Resolution, string? Identifier)
    where TTenantInfo : class, ITenantInfo
{
    /// <summary>The context of a request on the platform (root) host, or before resolution: no tenant.</summary>
    public static MultiTenantContext<TTenantInfo> Platform { get; } = new(null, TenantResolution.PlatformHost, null);

    /// <summary>Nothing resolved: no tenant data may be read or written.</summary>
    public static MultiTenantContext<TTenantInfo> None { get; } = new(null, TenantResolution.None, null);

    public bool IsResolved => TenantInfo is not null && Resolution == TenantResolution.Resolved;
}

/// <summary>The outcome of resolving a host.</summary>
public enum TenantResolution
{
    /// <summary>Not resolved (background code before a tenant is set).</summary>
    None = 0,

    /// <summary>The bare root host: the platform site.</summary>
    PlatformHost,

    /// <summary>A known, active tenant.</summary>
    Resolved,

    /// <summary>A well-formed subdomain that no tenant owns.</summary>
    NotFound,

    /// <summary>A tenant that exists but is suspended.</summary>
    Suspended,

    /// <summary>A tenant still being provisioned.</summary>
    Provisioning,
}
