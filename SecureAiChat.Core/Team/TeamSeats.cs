using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Plans;

namespace SecureAiChat.Core.Team;

/// <summary>Counts the seats of the context's tenant (invitations, member changes and SSO just-in-time accounts all ask here).</summary>
public static class TeamSeats
{
    /// <summary>The seats in use against the plan's limit (<see cref="PlanSeats.CountAsync"/>).</summary>
    public static Task<SeatUsage> CountAsync(AppDbContext db, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        PlanSeats.CountAsync(db, now, cancellationToken);

    /// <summary>The open (pending, not yet expired) invitation for an address, if any.</summary>
    public static async Task<Invitation?> PendingForAsync(AppDbContext db, string email, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var normalized = email.ToUpperInvariant();
        var open = await db.Invitations.Where(i => i.NormalizedEmail == normalized && i.AcceptedAt == null && i.RevokedAt == null).ToListAsync(cancellationToken);
        return open.Where(i => i.StatusAt(now) == InvitationStatus.Pending).OrderByDescending(i => i.ExpiresAt).FirstOrDefault();
    }
}
