using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Onboarding;

namespace SecureAiChat.Core.Templates;

/// <summary>"templates-created": the workspace shares a template of its own beyond the starter set.</summary>
public sealed class PromptOnboardingFacts : IOnboardingFactSource
{
    public async Task AddCompletedAsync(AppDbContext db, ISet<string> completed, CancellationToken cancellationToken)
    {
        if (await db.PromptTemplates.AnyAsync(t => t.Key == null && t.OwnerUserId == null, cancellationToken)) completed.Add("templates-created");
    }
}
