namespace SecureAiChat.Core.Tenancy;

/// <summary>Turns a host into a tenant context (Finbuckle's <c>ITenantResolver&lt;T&gt;</c>).</summary>
public interface ITenantResolver<TTenantInfo> where TTenantInfo : class, ITenantInfo
{
    Task<MultiTenantContext<TTenantInfo>> ResolveAsync(string host, CancellationToken cancellationToken = default);
}

public sealed class TenantResolver(IMultiTenantStrategy strategy, IMultiTenantStore<AppTenantInfo> store) : ITenantResolver<AppTenantInfo>
{
    public async Task<MultiTenantContext<AppTenantInfo>> ResolveAsync(string host, CancellationToken cancellationToken = default)
    {
        var match = strategy.Match(host);
        switch (match.Kind)
        {
            case HostMatchKind.Platform:
            // Only the host filter lets a foreign host through (health probes), and the platform holds no tenant data.
            case HostMatchKind.Foreign:
                return MultiTenantContext<AppTenantInfo>.Platform;
            case HostMatchKind.Invalid:
                return new(null, TenantResolution.NotFound, match.Identifier);
        }

        var tenant = await store.GetByIdentifierAsync(match.Identifier!, cancellationToken);
        if (tenant is null) return new(null, TenantResolution.NotFound, match.Identifier);
        return tenant.Status switch
        {
            // A closing workspace is served read-only (the data layer refuses changes); a closed one has no data left.
            TenantStatus.Active or TenantStatus.Closing => new(tenant, TenantResolution.Resolved, tenant.Identifier),
            TenantStatus.Closed => new(null, TenantResolution.NotFound, tenant.Identifier),
            TenantStatus.Suspended => new(null, TenantResolution.Suspended, tenant.Identifier),
            _ => new(null, TenantResolution.Provisioning, tenant.Identifier),
        };
    }
}
