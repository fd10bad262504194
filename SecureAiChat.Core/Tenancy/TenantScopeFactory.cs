using Microsoft.Extensions.DependencyInjection;

namespace SecureAiChat.Core.Tenancy;

/// <summary>
/// Opens a DI scope bound to one tenant, for background jobs and start-up tasks
/// (a job receives the tenant id as its argument and never guesses it).
/// </summary>
public sealed class TenantScopeFactory(IServiceScopeFactory scopes)
{
    /// <summary>A scope for an existing tenant, whatever its status (provisioning must work before it is active).</summary>
    public async Task<AsyncServiceScope> CreateScopeAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var scope = scopes.CreateAsyncScope();
        try
        {
            var store = scope.ServiceProvider.GetRequiredService<IMultiTenantStore<AppTenantInfo>>();
            var tenant = await store.GetAsync(tenantId, cancellationToken)
                ?? throw new InvalidOperationException($"Tenant {tenantId} does not exist.");
            scope.ServiceProvider.GetRequiredService<IMultiTenantContextSetter>()
                .SetTenant(new MultiTenantContext<AppTenantInfo>(tenant, TenantResolution.Resolved, tenant.Identifier));
            return scope;
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }
    }

    /// <summary>A scope on the platform (operator) side.</summary>
    public AsyncServiceScope CreatePlatformScope()
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IMultiTenantContextSetter>().SetTenant(MultiTenantContext<AppTenantInfo>.Platform);
        return scope;
    }
}
