using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Tests.Infrastructure;

/// <summary>The tenant of a context built outside a host (a test database, another instance's data layer).</summary>
public sealed class FixedTenant(string? tenantId) : ICurrentTenant
{
    public string? TenantId => tenantId;
}
