using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Security.AllowList;

/// <summary>
/// Every request of a workspace asks for its allow-list, so it is kept in memory per tenant
/// (<see cref="TenantSettingsCache"/>): saving an entry (<see cref="ITenantVersioned"/>) drops it on the saving
/// instance at once and on the others within <see cref="TenancyOptions.ChangePollSeconds"/>.
/// </summary>
public sealed class IpAllowListCache(IServiceScopeFactory scopes, TenantSettingsCache cache)
{
    public ValueTask<IpAllowList> GetAsync(AppTenantInfo tenant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return cache.GetAsync(tenant.Id, async ct =>
        {
            await using var scope = scopes.CreateAsyncScope();
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
            // Read outside any request's tenant (the middleware runs before a circuit or page has one), so by id explicitly.
            var networks = await db.IpAllowRules.IgnoreQueryFilters([TenantFilter.Name]).AsNoTracking()
                .Where(r => r.TenantId == tenant.Id).Select(r => r.Network).ToListAsync(ct);
            return IpAllowList.Of(networks);
        }, cancellationToken);
    }
}
