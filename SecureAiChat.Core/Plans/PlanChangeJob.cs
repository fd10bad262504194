using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Plans;

/// <summary>
/// Applies scheduled downgrades whose billing period has begun (Hangfire, every few minutes). Each is claimed with a
/// conditional update (applied only while still waiting) in the transaction that switches the tenant's plan, so two runs
/// on two instances apply it once, and a downgrade withdrawn a moment before is never applied. The tenant row's version
/// bump tells every instance.
/// </summary>
public sealed partial class PlanChangeJob(TenantScopeFactory scopes, TimeProvider time, ILogger<PlanChangeJob> logger)
{
    public const string RecurringJobId = "plan-changes";

    /// <summary>Applies what is due; returns how many changes it applied.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreatePlatformScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = time.GetUtcNow();
        // SQLite cannot compare DateTimeOffset in SQL: the (few) waiting rows are read and their dates compared here.
        var waiting = await db.PlanChanges.AsNoTracking().Where(c => c.AppliedAt == null && c.CancelledAt == null).ToListAsync(cancellationToken);
        var applied = 0;
        foreach (var change in waiting.Where(c => c.EffectiveAt <= now))
        {
            var done = await db.Database.CreateExecutionStrategy().ExecuteAsync(change, async (c, ct) =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var claimed = await db.PlanChanges.Where(x => x.Id == c.Id && x.AppliedAt == null && x.CancelledAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.AppliedAt, now), ct);
                if (claimed == 0) return false;
                // The plan it was scheduled from: an operator's later change wins over the Owner's old request.
                var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == c.TenantId, ct);
                if (tenant?.Plan == c.FromPlan)
                {
                    tenant.Plan = c.ToPlan;
                    tenant.CustomSeats = c.CustomSeats;
                    tenant.CustomMonthlyTokens = c.CustomMonthlyTokens;
                    await db.SaveChangesAsync(ct);
                }
                else
                {
                    await db.PlanChanges.Where(x => x.Id == c.Id).ExecuteUpdateAsync(s => s
                        .SetProperty(x => x.AppliedAt, (DateTimeOffset?)null).SetProperty(x => x.CancelledAt, now), ct);
                }
                await transaction.CommitAsync(ct);
                db.ChangeTracker.Clear();
                return true;
            }, cancellationToken);
            if (!done) continue;
            applied++;
            LogApplied(logger, change.TenantId, change.FromPlan, change.ToPlan);
        }
        return applied;
    }

    [LoggerMessage(LogLevel.Information, "Applied the scheduled plan change of tenant {TenantId}: {From} to {To}")]
    private static partial void LogApplied(ILogger logger, string tenantId, string from, string to);
}
