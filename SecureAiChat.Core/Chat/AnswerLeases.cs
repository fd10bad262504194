using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Chat;

/// <summary>
/// Limits the answers streaming at once: <see cref="ChatServiceOptions.MaxConcurrentAnswersPerUser"/> per member
/// and the plan's <see cref="Plan.MaxConcurrentAnswers"/> per workspace, counted in the database
/// (<see cref="ActiveAnswer"/> rows) so the limits hold across app instances. A lease is inserted first and the
/// active leases counted after: each admitted answer saw at most the limit after its own insert, so whatever the
/// interleaving no more than the limit are admitted (a tight race may refuse both contenders, never admit both).
/// </summary>
public sealed class AnswerLeases(
    IDbContextFactory<AppDbContext> dbs,
    IMultiTenantContextAccessor<AppTenantInfo> tenant,
    TenantScopeFactory tenantScopes,
    IOptions<ChatServiceOptions> options,
    TimeProvider time)
{
    /// <summary>
    /// Takes a lease for one answer of <paramref name="userId"/>. Returns the lease id, or the refusal code
    /// (<see cref="ChatFailureCodes.TooManyAnswers"/>, <see cref="ChatFailureCodes.WorkspaceBusy"/>).
    /// </summary>
    public async Task<(Guid? Lease, string? Refusal)> TryAcquireAsync(string userId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var info = tenant.MultiTenantContext.TenantInfo ?? throw new InvalidOperationException("No tenant is set.");
        var workspaceLimit = PlanCatalog.TryFind(info.Plan, out var plan) ? plan.MaxConcurrentAnswers : PlanCatalog.All[0].MaxConcurrentAnswers;
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        // Expired leases no longer count (the queries below skip them); the housekeeping job deletes them.
        // Retries happen before the first token and each call is bounded by MaxAnswerDuration: twice that covers
        // any answer, so an expired lease is one whose instance died.
        var lease = new ActiveAnswer { UserId = userId, StartedAt = now, ExpiresAt = now + 2 * options.Value.MaxAnswerDuration };
        db.ActiveAnswers.Add(lease);
        await db.SaveChangesAsync(cancellationToken);

        // Both counts in one round trip (this runs before every answer's first token).
        var counts = await db.ActiveAnswers.Where(a => a.ExpiresAt > now).GroupBy(_ => 1)
            .Select(g => new { Mine = g.Count(a => a.UserId == userId), All = g.Count() })
            .SingleAsync(cancellationToken);
        var refusal = counts.Mine > options.Value.MaxConcurrentAnswersPerUser ? ChatFailureCodes.TooManyAnswers
            : counts.All > workspaceLimit ? ChatFailureCodes.WorkspaceBusy
            : null;
        if (refusal is null)
        {
            return (lease.Id, null);
        }

        await db.ActiveAnswers.Where(a => a.Id == lease.Id).ExecuteDeleteAsync(CancellationToken.None);
        return (null, refusal);
    }

    /// <summary>Ends a lease, in a tenant scope of its own: the caller's scope may be gone (closed tab).</summary>
    public async Task ReleaseAsync(string tenantId, Guid lease)
    {
        await using var scope = await tenantScopes.CreateScopeAsync(tenantId, CancellationToken.None).ConfigureAwait(false);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>()
            .CreateDbContextAsync(CancellationToken.None).ConfigureAwait(false);
        await db.ActiveAnswers.Where(a => a.Id == lease).ExecuteDeleteAsync(CancellationToken.None).ConfigureAwait(false);
    }
}
