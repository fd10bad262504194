using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Onboarding;

namespace SecureAiChat.Core.Team;

/// <summary>
/// Team facts of the onboarding checklist: "invite-team" (an invitation was sent), "members-created" (every
/// invitation accepted, or the plan's seats reached), "roles-set" (a role changed or an admin reviewed the list),
/// "review-security" (the security settings were saved).
/// </summary>
public sealed class TeamOnboardingFacts(TimeProvider time) : IOnboardingFactSource
{
    public async Task AddCompletedAsync(AppDbContext db, ISet<string> completed, CancellationToken cancellationToken)
    {
        var invitations = await db.Invitations.AsNoTracking().Where(i => i.RevokedAt == null).Select(i => i.AcceptedAt).ToListAsync(cancellationToken);
        if (invitations.Count > 0) completed.Add("invite-team");
        var seats = await TeamSeats.CountAsync(db, time.GetUtcNow(), cancellationToken);
        if ((invitations.Count > 0 && invitations.All(a => a is not null)) || seats.PlanSeats is { } max && seats.ActiveMembers >= max)
            completed.Add("members-created");
        if (await db.TeamSettings.AnyAsync(s => s.RolesReviewedAt != null, cancellationToken)) completed.Add("roles-set");
        if (await db.SecuritySettings.AnyAsync(s => s.UpdatedAt != null, cancellationToken)) completed.Add("review-security");
    }
}
