using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;

namespace SecureAiChat.Core.Onboarding;

/// <summary>
/// Facts about people actually using the workspace: an admin saved their profile ("signin-profile"),
/// an admin got a completed answer ("first-chat"), at least half of the active people chatted in the
/// last 7 days ("daily-use").
/// </summary>
public sealed class AdoptionFacts(TimeProvider time) : IOnboardingFactSource
{
    private static readonly string[] AdminRoleIds = [Roles.Owner.ToLowerInvariant(), Roles.Admin.ToLowerInvariant()];

    public async Task AddCompletedAsync(AppDbContext db, ISet<string> completed, CancellationToken cancellationToken)
    {
        var admins = db.UserRoles.Where(r => AdminRoleIds.Contains(r.RoleId)).Select(r => r.UserId);
        if (await db.Users.AnyAsync(u => u.ProfileSavedAt != null && admins.Contains(u.Id), cancellationToken)) completed.Add("signin-profile");
        if (await db.UsageRecords.AnyAsync(u => u.Status == MessageStatus.Completed && admins.Contains(u.UserId), cancellationToken)) completed.Add("first-chat");

        var since = time.GetUtcNow().UtcDateTime.AddDays(-7);
        var active = await db.Users.CountAsync(u => u.IsActive, cancellationToken);
        var chatting = await db.UsageRecords.Where(u => u.CreatedAt >= since && u.Status == MessageStatus.Completed).Select(u => u.UserId).Distinct().CountAsync(cancellationToken);
        if (active > 0 && chatting * 2 >= active) completed.Add("daily-use");
    }
}
