using System.Collections.Concurrent;

namespace SecureAiChat.Core.Tenancy;

/// <summary>
/// Settings read before every answer (the AI provider, the personal-data policy), kept per tenant in memory
/// until they change on any instance. A tenant's entries carry a stamp that moves when this instance commits a
/// change of an <see cref="Data.ITenantVersioned"/> row (<see cref="TenantSettingsCommits"/>, so the
/// admin's next message already uses the new settings) and when <see cref="TenantChangeWatcher"/> sees the
/// tenant's version move (a change made on another instance, within a poll period). An entry whose stamp is
/// not the tenant's current one is read again.
/// </summary>
public sealed class TenantSettingsCache
{
    private readonly ConcurrentDictionary<string, long> _stamps = new(StringComparer.Ordinal);
    private long _epoch;
    private readonly ConcurrentDictionary<(string Tenant, Type Kind), (long Stamp, object Value)> _entries = new();

    /// <summary>The cached <typeparamref name="T"/> of <paramref name="tenantId"/>, or what <paramref name="load"/> reads now.</summary>
    public async ValueTask<T> GetAsync<T>(string tenantId, Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(load);
        // The stamp is taken before the read: a change committed during the read moves it, and the entry is read again.
        var stamp = Interlocked.Read(ref _epoch) + _stamps.GetValueOrDefault(tenantId);
        var key = (tenantId, typeof(T));
        if (_entries.TryGetValue(key, out var entry) && entry.Stamp == stamp)
        {
            return (T)entry.Value;
        }

        var value = await load(cancellationToken).ConfigureAwait(false);
        _entries[key] = (stamp, value);
        return value;
    }

    /// <summary>The tenant's settings changed (committed): its entries are read again at their next use.</summary>
    public void Touch(string tenantId) => _stamps.AddOrUpdate(tenantId, 1, (_, stamp) => stamp + 1);

    /// <summary>Every entry is read again (the first version poll: it cannot tell what changed before it).</summary>
    public void TouchAll() => Interlocked.Increment(ref _epoch);
}
