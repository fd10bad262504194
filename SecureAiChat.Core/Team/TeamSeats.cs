using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Plans;

namespace SecureAiChat.Core.Team;

/// <summary>Counts the seats of the context's tenant (invitations, member changes and SSO just-in-time accounts all ask here).</summary>
public static class TeamSeats
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

    /// <summary>The open (pending, not yet expired) invitation for an address, if any.</summary>
    public static async Task<Invitation?> PendingForAsync(AppDbContext db, string email, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var normalized = email.ToUpperInvariant();
        var open = await db.Invitations.Where(i => i.NormalizedEmail == normalized && i.AcceptedAt == null && i.RevokedAt == null).ToListAsync(cancellationToken);
        return open.Where(i => i.StatusAt(now) == InvitationStatus.Pending).OrderByDescending(i => i.ExpiresAt).FirstOrDefault();
    }
}
