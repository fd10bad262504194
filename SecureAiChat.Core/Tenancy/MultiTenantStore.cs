using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Tenancy;

/// <summary>Looks tenants up (Finbuckle's <c>IMultiTenantStore&lt;T&gt;</c>).</summary>
public interface IMultiTenantStore<TTenantInfo> where TTenantInfo : class, ITenantInfo
{
    Task<TTenantInfo?> GetByIdentifierAsync(string identifier, CancellationToken cancellationToken = default);

    Task<TTenantInfo?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Drops cached copies after a tenant changed (status, name, plan).</summary>
    void Invalidate(TTenantInfo tenant);
}

/// <summary>EF Core store with a short in-memory cache: a cache hit costs no database round trip.</summary>
public sealed class EFCoreTenantStore(
    IServiceScopeFactory scopes,
    IMemoryCache cache,
    IOptions<TenancyOptions> options) : IMultiTenantStore<AppTenantInfo>
{
    // A miss reads through a scope of its own: resolving the scoped context factory on every request cost
    // ~70 µs even on a cache hit (docs/benchmarks.md, figure 6), and resolving it lazily from the caller's
    // provider failed when that scope was gone (a store held by a longer-lived component). Tenants are global
    // rows, so the fresh scope needs no tenant.
    private async Task<AppTenantInfo?> ReadAsync(System.Linq.Expressions.Expression<Func<AppTenantInfo, bool>> match, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(cancellationToken);
        return await db.Tenants.AsNoTracking().SingleOrDefaultAsync(match, cancellationToken);
    }

    private readonly TimeSpan _ttl = TimeSpan.FromSeconds(options.Value.CacheSeconds);

    public async Task<AppTenantInfo?> GetByIdentifierAsync(string identifier, CancellationToken cancellationToken = default)
    {
        var key = ("tenant-by-identifier", TenantIdentifier.Normalize(identifier));
        if (cache.TryGetValue(key, out AppTenantInfo? cached)) return cached;

        var tenant = await ReadAsync(t => t.Identifier == key.Item2, cancellationToken);
        // Misses are cached too, so a flood of requests for unknown hosts does not reach the database.
        if (_ttl > TimeSpan.Zero) cache.Set(key, tenant, _ttl);
        return tenant;
    }

    public async Task<AppTenantInfo?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var key = ("tenant-by-id", id);
        if (cache.TryGetValue(key, out AppTenantInfo? cached)) return cached;

        var tenant = await ReadAsync(t => t.Id == id, cancellationToken);
        if (_ttl > TimeSpan.Zero && tenant is not null) cache.Set(key, tenant, _ttl);
        return tenant;
    }

    public void Invalidate(AppTenantInfo tenant)
    {
        cache.Remove(("tenant-by-identifier", tenant.Identifier));
        cache.Remove(("tenant-by-id", tenant.Id));
    }
}
