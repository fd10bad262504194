using Hangfire;
using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Provisioning;

/// <summary>
/// What an operator does with provisioning requests on the platform host: see recent ones, and retry a request
/// that failed for good or whose job never started (it stays Pending when the job storage was down at signup).
/// </summary>
public sealed class ProvisioningOperations(AppDbContext db, IBackgroundJobClient jobs, TimeProvider time, IAuditLog audit)
{
    /// <summary>A Pending request this old has evidently lost its job.</summary>
    public static readonly TimeSpan StuckAfter = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The newest requests first. SQLite cannot order by DateTimeOffset, so the order comes from the first step's
    /// auto-increment id, which is written with the request at signup and so follows signup order on every provider.
    /// </summary>
    public async Task<List<ProvisioningRequest>> RecentAsync(int take, CancellationToken cancellationToken = default)
    {
        var ids = await db.ProvisioningSteps.Where(s => s.Step == ProvisioningStep.CreateTenant)
            .OrderByDescending(s => s.Id).Take(take).Select(s => s.RequestId).ToListAsync(cancellationToken);
        var requests = await db.ProvisioningRequests.AsNoTracking().Include(r => r.Steps)
            .Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken);
        return requests.OrderBy(r => ids.IndexOf(r.Id)).ToList();
    }

    public bool CanRetry(ProvisioningRequest request) =>
        request.Status == ProvisioningStatus.Failed
        || (request.Status == ProvisioningStatus.Pending && time.GetUtcNow() - request.CreatedAt > StuckAfter);

    /// <summary>
    /// Resets the failed steps (succeeded ones stay done: every step is idempotent) and enqueues the job again.
    /// Returns false when the request does not exist or is not retryable.
    /// </summary>
    public async Task<bool> RetryAsync(string requestId, CancellationToken cancellationToken = default)
    {
        var request = await db.ProvisioningRequests.Include(r => r.Steps).SingleOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        if (request is null || !CanRetry(request)) return false;

        // An operator action on a (would-be) workspace: recorded in the platform chain with the reset it causes.
        audit.Record(db, AuditActions.ProvisioningRetried, new AuditTarget("provisioning-request", request.Id, request.Identifier), new
        {
            status = request.Status.ToString(),
            runs = request.Runs,
            failedSteps = request.Steps.Where(s => s.Status != StepStatus.Succeeded).Select(s => s.Step.ToString()).ToList(),
        });

        request.Status = ProvisioningStatus.Pending;
        request.Runs = 0;
        request.Error = null;
        request.ConcurrencyStamp = Guid.NewGuid().ToString("N");
        foreach (var step in request.Steps.Where(s => s.Status != StepStatus.Succeeded))
        {
            step.Status = StepStatus.Pending;
            step.Error = null;
        }
        await db.SaveChangesAsync(cancellationToken);

        request.JobId = jobs.Enqueue<ProvisioningJob>(j => j.RunAsync(request.Id, CancellationToken.None));
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
