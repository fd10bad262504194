using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Onboarding;

/// <summary>
/// A feature's contribution to the checklist: the item keys its facts complete for the current workspace
/// (e.g. team: "invite-team" once an invitation was sent). Register each source as scoped; the checklist
/// asks them all, so a feature adds its facts without the checklist knowing the feature's tables.
/// </summary>
public interface IOnboardingFactSource
{
    /// <summary>Adds the keys of items whose fact holds, using <paramref name="db"/> (already scoped to the tenant).</summary>
    Task AddCompletedAsync(AppDbContext db, ISet<string> completed, CancellationToken cancellationToken);
}
