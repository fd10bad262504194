using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Onboarding;

/// <summary>One checklist line as shown: done by a fact (cannot be unticked) or by an admin.</summary>
public sealed record OnboardingItemView(string Key, OnboardingPhase Phase, bool Done, bool DoneByFact);

/// <summary>
/// The current workspace's onboarding checklist. Items complete themselves from facts where one exists
/// (the admin signed in, a template was written, a guideline was published);
/// an admin ticks the rest.
/// </summary>
public sealed class OnboardingChecklistService(IDbContextFactory<AppDbContext> contexts, IEnumerable<IOnboardingFactSource> factSources)
{
    public async Task<IReadOnlyList<OnboardingItemView>> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var items = await db.OnboardingItems.AsNoTracking().OrderBy(i => i.SortOrder).ToListAsync(cancellationToken);
        if (items.Count == 0) return [];

        var facts = new HashSet<string>(StringComparer.Ordinal) { "signin-profile" };
        if (await db.PromptTemplates.AnyAsync(t => t.Key == null, cancellationToken)) facts.Add("templates-created");
        if (await db.UsageGuidelines.AnyAsync(g => g.IsPublished, cancellationToken)) facts.Add("guidelines-published");
        foreach (var source in factSources) await source.AddCompletedAsync(db, facts, cancellationToken);

        return items.Select(i => new OnboardingItemView(i.Key, i.Phase, facts.Contains(i.Key) || i.CompletedAt is not null, facts.Contains(i.Key))).ToList();
    }

    /// <summary>Marks an item done or not done (admins only: the caller checks the role).</summary>
    public async Task SetDoneAsync(string key, bool done, string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var item = await db.OnboardingItems.SingleOrDefaultAsync(i => i.Key == key, cancellationToken);
        if (item is null) return;
        item.CompletedAt = done ? DateTimeOffset.UtcNow : null;
        item.CompletedByUserId = done ? userId : null;
        await db.SaveChangesAsync(cancellationToken);
    }
}
