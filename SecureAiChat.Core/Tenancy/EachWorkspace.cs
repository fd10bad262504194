using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Tenancy;

/// <summary>How the platform's recurring jobs visit the workspaces.</summary>
public static class EachWorkspace
{
    /// <summary>
    /// Runs <paramref name="work"/> for every active workspace, one after the other, or <paramref name="workers"/> at a
    /// time (each in its own scope, so its own connection). A failure of one does not stop the others: it is reported
    /// through <paramref name="failed"/> and, once all have run, rethrown wrapped so Hangfire retries the job (the jobs'
    /// work is idempotent per workspace).
    /// </summary>
    public static async Task RunAsync(
        TenantScopeFactory scopes, Func<string, CancellationToken, Task> work, Action<Exception, string> failed, string job, CancellationToken cancellationToken,
        int workers = 1)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(failed);
        List<string> tenantIds;
        await using (var platform = scopes.CreatePlatformScope())
        {
            var db = platform.ServiceProvider.GetRequiredService<AppDbContext>();
            tenantIds = await db.Tenants.AsNoTracking().Where(t => t.Status == TenantStatus.Active).Select(t => t.Id).ToListAsync(cancellationToken);
        }

        Exception? first = null;
        await Parallel.ForEachAsync(tenantIds, new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken }, async (tenantId, ct) =>
        {
            try
            {
                await work(tenantId, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failed(ex, tenantId);
                Interlocked.CompareExchange(ref first, ex, null);
            }
        });

        if (first is not null)
        {
            throw new InvalidOperationException($"{job} failed for at least one workspace; see the log.", first);
        }
    }
}
