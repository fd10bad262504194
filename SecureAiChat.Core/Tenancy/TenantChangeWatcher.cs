using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Tenancy;

/// <summary>
/// Makes a tenant change made on any instance (a suspension, a plan or name change) reach this one within
/// <see cref="TenancyOptions.ChangePollSeconds"/>: it polls every tenant's <see cref="AppTenantInfo.Version"/>
/// (two narrow columns, so thousands of tenants cost a millisecond), drops the cached copies of changed tenants
/// and tells open pages through <see cref="Changed"/>. The cache TTL alone would leave a suspended workspace
/// usable on other instances for up to <see cref="TenancyOptions.CacheSeconds"/>.
/// </summary>
public sealed partial class TenantChangeWatcher(
    IServiceScopeFactory scopes,
    IOptions<TenancyOptions> options,
    TenantSettingsCache settings,
    ILogger<TenantChangeWatcher> logger,
    TimeProvider time) : BackgroundService
{
    private readonly SemaphoreSlim _polling = new(1, 1);
    private Dictionary<string, long>? _versions;

    /// <summary>Raised with the tenant as it is now, after its cached copies were dropped (on a pool thread).</summary>
    public event Action<AppTenantInfo>? Changed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.ChangePollSeconds), time);
        do
        {
            try
            {
                await PollAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogPollFailed(logger, ex); // the database may be away for a moment; the next tick tries again
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One poll: compares every tenant's version with the last poll's.</summary>
    public async Task PollAsync(CancellationToken cancellationToken = default)
    {
        // One poll at a time (the timer's and a caller's): each compares with what the previous one saw.
        await _polling.WaitAsync(cancellationToken);
        try
        {
            await PollOnceAsync(cancellationToken);
        }
        finally
        {
            _polling.Release();
        }
    }

    private async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(cancellationToken);
        var now = await db.Tenants.AsNoTracking().Select(t => new { t.Id, t.Version }).ToDictionaryAsync(t => t.Id, t => t.Version, cancellationToken);
        var before = _versions;
        _versions = now;
        if (before is null)
        {
            settings.TouchAll(); // the first poll only learns the versions: what was read before it may be older
            return;
        }

        var changed = now.Where(t => !before.TryGetValue(t.Key, out var seen) || seen != t.Value).Select(t => t.Key).ToList();
        foreach (var id in changed)
        {
            settings.Touch(id);
        }

        foreach (var id in changed)
        {
            var tenant = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
            if (tenant is null)
            {
                continue;
            }

            scope.ServiceProvider.GetRequiredService<IMultiTenantStore<AppTenantInfo>>().Invalidate(tenant);
            Notify(tenant);
        }
    }

    // Each listener on its own: one that throws (a page being torn down) must not keep the others from hearing of a
    // change this poll has already marked as seen.
    private void Notify(AppTenantInfo tenant)
    {
        foreach (var listener in Changed?.GetInvocationList().Cast<Action<AppTenantInfo>>() ?? [])
        {
            try
            {
                listener(tenant);
            }
            catch (Exception ex)
            {
                LogListenerFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "A listener of tenant changes failed; the others were told")]
    private static partial void LogListenerFailed(ILogger logger, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Polling tenant changes failed; trying again at the next tick")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);
}
