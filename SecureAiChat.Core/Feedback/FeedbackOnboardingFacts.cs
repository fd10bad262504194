using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Onboarding;

namespace SecureAiChat.Core.Feedback;

/// <summary>"send-feedback": someone in the workspace sent feedback.</summary>
public sealed class FeedbackOnboardingFacts : IOnboardingFactSource
{
    public async Task AddCompletedAsync(AppDbContext db, ISet<string> completed, CancellationToken cancellationToken)
    {
        if (await db.FeedbackEntries.AnyAsync(cancellationToken)) completed.Add("send-feedback");
    }
}
