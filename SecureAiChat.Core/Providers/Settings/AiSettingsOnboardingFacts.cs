using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Onboarding;

namespace SecureAiChat.Core.Providers.Settings;

/// <summary>Onboarding facts of the AI settings and usage pages: "choose-api" (an admin saved an option) and "usage-cost-review" (an admin opened the usage page).</summary>
public sealed class AiSettingsOnboardingFacts : IOnboardingFactSource
{
    public async Task AddCompletedAsync(AppDbContext db, ISet<string> completed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(completed);
        var facts = await db.AiProviderSettings.AsNoTracking()
            .Select(s => new { Confirmed = s.ConfirmedAt != null, Reviewed = s.UsageReviewedAt != null })
            .SingleOrDefaultAsync(cancellationToken);
        if (facts?.Confirmed == true) completed.Add("choose-api");
        if (facts?.Reviewed == true) completed.Add("usage-cost-review");
    }
}
