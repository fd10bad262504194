using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Results;

namespace SecureAiChat.Core.Onboarding;

/// <summary>
/// One checklist line as shown. Done by a fact (cannot be unticked), by an admin, or skipped with a reason.
/// </summary>
public sealed record OnboardingItemView(string Key, OnboardingPhase Phase, bool Done, bool DoneByFact, bool Skipped, string? SkipReason)
{
    /// <summary>Settled: done or skipped (what progress counts).</summary>
    public bool Settled => Done || Skipped;

    /// <summary>The state of <paramref name="item"/> given the facts that hold now. A fact wins over a skip.</summary>
    public static OnboardingItemView From(OnboardingItem item, IReadOnlySet<string> facts)
    {
        var byFact = facts.Contains(item.Key);
        var done = byFact || item.CompletedAt is not null;
        return new(item.Key, item.Phase, done, byFact, !done && item.SkippedAt is not null, done ? null : item.SkipReason);
    }
}

/// <summary>Progress of one phase: settled items of all items.</summary>
public sealed record OnboardingPhaseProgress(OnboardingPhase Phase, int Settled, int Total)
{
    public double Percent => Total == 0 ? 0 : 100.0 * Settled / Total;

    public static IReadOnlyList<OnboardingPhaseProgress> Of(IEnumerable<OnboardingItemView> items) =>
        items.GroupBy(i => i.Phase).OrderBy(g => g.Key).Select(g => new OnboardingPhaseProgress(g.Key, g.Count(i => i.Settled), g.Count())).ToList();
}

/// <summary>Why a skip was refused (resx keys <c>OnboardingSkipError_X</c>).</summary>
public enum OnboardingSkipError
{
    ReasonRequired,
    ReasonTooLong,
    NotFound,
}

/// <summary>
/// The current workspace's onboarding checklist. Items complete themselves from facts that features
/// contribute through <see cref="IOnboardingFactSource"/>; an admin ticks or skips the rest.
/// Admin-only operations: the caller checks the role.
/// </summary>
public sealed class OnboardingChecklistService(IDbContextFactory<AppDbContext> contexts, IEnumerable<IOnboardingFactSource> factSources, TimeProvider time)
{
    public const int MaxSkipReason = 500;

    public async Task<IReadOnlyList<OnboardingItemView>> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var items = await db.OnboardingItems.AsNoTracking().OrderBy(i => i.SortOrder).ToListAsync(cancellationToken);
        if (items.Count == 0) return [];

        var facts = await FactsAsync(db, cancellationToken);
        return items.Select(i => OnboardingItemView.From(i, facts)).ToList();
    }

    /// <summary>Marks an item done or not done. An item done by a fact stays done whatever is stored.</summary>
    public async Task SetDoneAsync(string key, bool done, string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var item = await db.OnboardingItems.SingleOrDefaultAsync(i => i.Key == key, cancellationToken);
        if (item is null) return;
        item.CompletedAt = done ? time.GetUtcNow() : null;
        item.CompletedByUserId = done ? userId : null;
        if (done) ClearSkip(item);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Skips an item with a reason (kept for later reading); nothing is stored when the reason is missing.</summary>
    public async Task<Result<OnboardingSkipError>> SkipAsync(string key, string? reason, string userId, CancellationToken cancellationToken = default)
    {
        var clean = reason?.Trim() ?? "";
        if (clean.Length == 0) return OnboardingSkipError.ReasonRequired;
        if (clean.Length > MaxSkipReason) return OnboardingSkipError.ReasonTooLong;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var item = await db.OnboardingItems.SingleOrDefaultAsync(i => i.Key == key, cancellationToken);
        if (item is null) return OnboardingSkipError.NotFound;
        item.SkippedAt = time.GetUtcNow();
        item.SkipReason = clean;
        item.SkippedByUserId = userId;
        await db.SaveChangesAsync(cancellationToken);
        return Result<OnboardingSkipError>.Ok;
    }

    /// <summary>Takes an item back from skipped to open.</summary>
    public async Task UnskipAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var item = await db.OnboardingItems.SingleOrDefaultAsync(i => i.Key == key, cancellationToken);
        if (item is null) return;
        ClearSkip(item);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<OnboardingWizardState> GetWizardAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.OnboardingWizardStates.AsNoTracking().SingleOrDefaultAsync(cancellationToken) ?? new OnboardingWizardState();
    }

    /// <summary>Remembers the wizard's step so it resumes there.</summary>
    public Task SetWizardStepAsync(int step, CancellationToken cancellationToken = default) =>
        UpdateWizardAsync(s => s.CurrentStep = OnboardingWizard.Clamp(step), cancellationToken);

    /// <summary>
    /// True exactly once per workspace, for an owner whose workspace has a checklist: the caller opens the
    /// wizard. Marked before returning, so a second visit (or a second tab) goes to the home page.
    /// </summary>
    public async Task<bool> ShouldOpenWizardForOwnerAsync(CancellationToken cancellationToken = default)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (!await db.OnboardingItems.AnyAsync(cancellationToken)) return false;
            if (await db.OnboardingWizardStates.AnyAsync(s => s.OwnerSeenAt != null, cancellationToken)) return false;
        }
        await UpdateWizardAsync(s => s.OwnerSeenAt = time.GetUtcNow(), cancellationToken);
        return true;
    }

    private async Task UpdateWizardAsync(Action<OnboardingWizardState> change, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var state = await db.OnboardingWizardStates.SingleOrDefaultAsync(cancellationToken);
        if (state is null) db.OnboardingWizardStates.Add(state = new OnboardingWizardState());
        change(state);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (db.Entry(state).State == EntityState.Added)
        {
            // Another tab created the row at the same moment (unique per workspace): its write stands.
        }
    }

    private async Task<HashSet<string>> FactsAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var facts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in factSources) await source.AddCompletedAsync(db, facts, cancellationToken);
        return facts;
    }

    private static void ClearSkip(OnboardingItem item)
    {
        item.SkippedAt = null;
        item.SkipReason = null;
        item.SkippedByUserId = null;
    }
}
