using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace SecureAiChat.Core.Provisioning;

/// <summary>
/// Sliding-window limit on signup and sales-inquiry submissions per client address. It is checked in the
/// services, not in HTTP middleware, because interactive forms submit over the Blazor circuit (one
/// long-lived connection), where ASP.NET Core's rate limiter never sees the individual submits.
/// In memory per instance: behind several instances the limit applies per instance (a cache, not a record).
/// </summary>
public sealed class ClientRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public ClientRateLimiter(IOptions<SignupOptions> options)
    {
        var o = options.Value;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = o.RateLimitPermits,
            Window = TimeSpan.FromSeconds(o.RateLimitWindowSeconds),
            SegmentsPerWindow = 6,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Takes one permit for <paramref name="action"/> from <paramref name="clientAddress"/>; false when the limit is reached.</summary>
    public bool TryAcquire(string action, string clientAddress)
    {
        using var lease = _limiter.AttemptAcquire(action + "|" + clientAddress);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
