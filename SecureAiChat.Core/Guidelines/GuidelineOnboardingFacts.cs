using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Onboarding;

namespace SecureAiChat.Core.Guidelines;

/// <summary>"guidelines-published": a guideline version exists.</summary>
public sealed class GuidelineOnboardingFacts : IOnboardingFactSource
{
    public async Task AddCompletedAsync(AppDbContext db, ISet<string> completed, CancellationToken cancellationToken)
    {
        if (await db.GuidelineVersions.AnyAsync(cancellationToken)) completed.Add("guidelines-published");
    }
}
