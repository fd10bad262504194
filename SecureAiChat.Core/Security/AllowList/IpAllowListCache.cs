using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Security.AllowList;

/// <summary>
/// Every request of a workspace asks for its allow-list, so it is kept in memory per tenant and keyed by
/// <see cref="AppTenantInfo.Version"/>: saving an entry bumps the version (<see cref="ITenantVersioned"/>), each
/// instance's change poll hands out the new tenant within <see cref="TenancyOptions.ChangePollSeconds"/>, and the
/// first request that carries it reloads the list. One entry per tenant; nothing else expires.
/// </summary>
public sealed class IpAllowListCache(IServiceScopeFactory scopes)
{
    private readonly ConcurrentDictionary<string, (long Version, IpAllowList List)> _lists = new(StringComparer.Ordinal);

    public async ValueTask<IpAllowList> GetAsync(AppTenantInfo tenant, CancellationToken cancellationToken = default)
    {
        if (_lists.TryGetValue(tenant.Id, out var cached) && cached.Version == tenant.Version) return cached.List;

        await using var scope = scopes.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(cancellationToken);
        // Read outside any request's tenant (the middleware runs before a circuit or page has one), so by id explicitly.
        var networks = await db.IpAllowRules.IgnoreQueryFilters([TenantFilter.Name]).AsNoTracking()
            .Where(r => r.TenantId == tenant.Id).Select(r => r.Network).ToListAsync(cancellationToken);
        var list = IpAllowList.Of(networks);
        _lists[tenant.Id] = (tenant.Version, list);
        return list;
    }
}
