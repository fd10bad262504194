using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Onboarding;

namespace SecureAiChat.Core.Plans;

/// <summary>Onboarding fact of the plan page: "review-plan" (an admin opened /settings/plan).</summary>
public sealed class PlanOnboardingFacts : IOnboardingFactSource
{
    public async Task AddCompletedAsync(AppDbContext db, ISet<string> completed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(completed);
        if (await db.WorkspaceSettings.AnyAsync(s => s.PlanReviewedAt != null, cancellationToken)) completed.Add("review-plan");
    }
}
