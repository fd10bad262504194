using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Settings;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Usage;

/// <summary>Tokens used this month against a limit (the plan's system-default allowance or the admin's own cap).</summary>
public sealed record AllowanceStatus(UsageMonth Month, long UsedTokens, long? LimitTokens)
{
    /// <summary>Whole percent used, rounded down (99.9% never reads as 100%); 0 without a limit.</summary>
    public int Percent => LimitTokens is > 0 and var limit ? (int)Math.Min(999, UsedTokens * 100 / limit) : 0;

    public bool IsExhausted => LimitTokens is { } limit && UsedTokens >= limit;

    public long Remaining => LimitTokens is { } limit ? Math.Max(0, limit - UsedTokens) : long.MaxValue;
}

/// <summary>
/// The monthly token limits of the current tenant: the plan's system-default allowance (seed: 月間トークン数制限)
/// and the optional cap an admin sets for their own provider. Usage is counted from usage records
/// (input + output) of the calendar month in the tenant's time zone. Before each request a reservation of
/// prompt tokens + maximum output tokens must fit in what remains, so parallel requests overshoot by at most one
/// request's reservation (see <see cref="TokenReservations"/>).
/// </summary>
public sealed class TokenAllowance(
    IDbContextFactory<AppDbContext> dbs,
    IMultiTenantContextAccessor<AppTenantInfo> tenant,
    TokenReservations reservations,
    TimeProvider time)
{
    /// <summary>The current calendar month in the tenant's time zone.</summary>
    public UsageMonth CurrentMonth => UsageMonth.For(time.GetUtcNow(), Tenant.TimeZoneId);

    /// <summary>System-default tokens used this month (or <paramref name="monthsBack"/> months ago) against the plan's allowance.</summary>
    public async Task<AllowanceStatus> GetSystemDefaultStatusAsync(int monthsBack = 0, CancellationToken cancellationToken = default)
    {
        var month = UsageMonth.For(time.GetUtcNow(), Tenant.TimeZoneId, monthsBack);
        return new AllowanceStatus(month, await UsedAsync(month, systemDefault: true, cancellationToken), PlanAllowance);
    }

    /// <summary>Tokens of the tenant's own providers used this month against the admin's cap (null: no cap).</summary>
    public async Task<AllowanceStatus> GetOwnProviderStatusAsync(long? cap, CancellationToken cancellationToken = default)
    {
        var month = UsageMonth.For(time.GetUtcNow(), Tenant.TimeZoneId);
        return new AllowanceStatus(month, await UsedAsync(month, systemDefault: false, cancellationToken), cap);
    }

    /// <summary>
    /// Reserves <paramref name="tokens"/> for one request. Returns null when the limit that applies to
    /// <paramref name="source"/> has no room; otherwise a lease to dispose once the request's usage is saved.
    /// </summary>
    public async Task<IDisposable?> TryReserveAsync(AiProviderChoice source, long? ownCap, int tokens, CancellationToken cancellationToken = default)
    {
        var systemDefault = source == AiProviderChoice.SystemDefault;
        var limit = systemDefault ? PlanAllowance : ownCap;
        if (limit is null)
        {
            return TokenReservations.NoLimit;
        }

        var month = UsageMonth.For(time.GetUtcNow(), Tenant.TimeZoneId);
        var pool = $"{Tenant.Id}:{(systemDefault ? "system" : "own")}";
        return await reservations.TryReserveAsync(pool, tokens, limit.Value,
            ct => UsedAsync(month, systemDefault, ct), cancellationToken);
    }

    private AppTenantInfo Tenant => tenant.MultiTenantContext.TenantInfo ?? throw new InvalidOperationException("No tenant is set.");

    private long? PlanAllowance => PlanCatalog.TryFind(Tenant.Plan, out var plan) ? plan.MonthlySystemTokens : PlanCatalog.All[0].MonthlySystemTokens;

    private async Task<long> UsedAsync(UsageMonth month, bool systemDefault, CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var records = db.UsageRecords.Where(u => u.CreatedAt >= month.StartUtc && u.CreatedAt < month.EndUtc);
        records = systemDefault ? records.Where(u => u.Source == AiProviderChoice.SystemDefault) : records.Where(u => u.Source != AiProviderChoice.SystemDefault);
        return await records.SumAsync(u => (long)u.InputTokens + u.OutputTokens, cancellationToken);
    }
}

/// <summary>
/// Tokens reserved by requests in flight, per tenant and pool. The check "used + reserved + this request ≤ limit"
/// and the reservation happen under one lock per pool, so two parallel requests cannot both take the last room.
/// In memory on purpose: a reservation lives only as long as its request, which dies with the process anyway.
/// With several instances each holds its own reservations (see docs/ai-settings.md).
/// </summary>
public sealed class TokenReservations
{
    /// <summary>The lease of a request no limit applies to.</summary>
    public static readonly IDisposable NoLimit = new Lease(null, 0);

    private readonly ConcurrentDictionary<string, Pool> _pools = new(StringComparer.Ordinal);

    /// <summary>Tokens currently reserved in <paramref name="pool"/>.</summary>
    public long Reserved(string pool) => _pools.TryGetValue(pool, out var p) ? Interlocked.Read(ref p.Reserved) : 0;

    internal async Task<IDisposable?> TryReserveAsync(string pool, int tokens, long limit, Func<CancellationToken, Task<long>> used, CancellationToken cancellationToken)
    {
        var p = _pools.GetOrAdd(pool, _ => new Pool());
        await p.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var inUse = await used(cancellationToken).ConfigureAwait(false);
            if (inUse + Interlocked.Read(ref p.Reserved) + tokens > limit)
            {
                return null;
            }

            Interlocked.Add(ref p.Reserved, tokens);
            return new Lease(p, tokens);
        }
        finally
        {
            p.Gate.Release();
        }
    }

    // Pools live as long as the process (one per tenant and kind); their semaphores never need disposing.
#pragma warning disable CA1001
    private sealed class Pool
#pragma warning restore CA1001
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public long Reserved;
    }

    private sealed class Lease(Pool? pool, int tokens) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (pool is not null && Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Add(ref pool.Reserved, -tokens);
            }
        }
    }
}
