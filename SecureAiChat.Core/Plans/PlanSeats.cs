using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Plans;

/// <summary>
/// Counts the seats of the context's tenant against its plan. In Plans, not Team, because plan review, advice and a
/// self-service downgrade ask it too: Team uses Plans (the plan's seat limit), so Plans must not use Team back.
/// </summary>
public static class PlanSeats
{
    public static async Task<SeatUsage> CountAsync(AppDbContext db, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var active = await db.Users.CountAsync(u => u.IsActive, cancellationToken);
        // SQLite cannot compare DateTimeOffset in SQL: filter the (few) open invitations' expiry in memory.
        var openExpiries = await db.Invitations.Where(i => i.AcceptedAt == null && i.RevokedAt == null).Select(i => i.ExpiresAt).ToListAsync(cancellationToken);
        var tenantId = db.CurrentTenantId;
        var contract = await db.Tenants.Where(t => t.Id == tenantId).Select(t => new { t.Plan, t.CustomSeats }).SingleOrDefaultAsync(cancellationToken);
        // No tenant row (never in a request) keeps the old answer: no limit.
        int? seats = contract is null ? null : PlanLimits.Seats(contract.Plan, contract.CustomSeats);
        return new SeatUsage(active, openExpiries.Count(e => e > now), seats);
    }
}
