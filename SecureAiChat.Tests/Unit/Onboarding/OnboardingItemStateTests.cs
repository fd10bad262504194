using SecureAiChat.Core.Onboarding;

namespace SecureAiChat.Tests.Unit.Onboarding;

public sealed class OnboardingItemStateTests
{
    private static readonly HashSet<string> NoFacts = [];

    private static OnboardingItem Item(string key = "templates-created", OnboardingPhase phase = OnboardingPhase.Week1) => new() { Key = key, Phase = phase };

    [Fact]
    public void A_fact_completes_the_item_and_marks_it_done_by_fact()
    {
        var view = OnboardingItemView.From(Item(), new HashSet<string> { "templates-created" });
        Assert.True(view.Done);
        Assert.True(view.DoneByFact);
        Assert.False(view.Skipped);
    }

    [Fact]
    public void A_fact_item_unticked_by_an_admin_stays_done()
    {
        // Unticking clears CompletedAt; the fact still holds.
        var item = Item();
        item.CompletedAt = null;
        var view = OnboardingItemView.From(item, new HashSet<string> { "templates-created" });
        Assert.True(view.Done);
        Assert.True(view.DoneByFact);
    }

    [Fact]
    public void Manual_done_without_a_fact_can_be_undone()
    {
        var item = Item("explore-features", OnboardingPhase.Month1);
        item.CompletedAt = DateTimeOffset.UtcNow;
        Assert.True(OnboardingItemView.From(item, NoFacts) is { Done: true, DoneByFact: false });
        item.CompletedAt = null;
        Assert.False(OnboardingItemView.From(item, NoFacts).Done);
    }

    [Fact]
    public void A_skipped_item_keeps_its_reason_and_counts_as_settled()
    {
        var item = Item("review-plan", OnboardingPhase.Month1);
        item.SkippedAt = DateTimeOffset.UtcNow;
        item.SkipReason = "年契約のため不要";
        var view = OnboardingItemView.From(item, NoFacts);
        Assert.True(view.Skipped);
        Assert.False(view.Done);
        Assert.True(view.Settled);
        Assert.Equal("年契約のため不要", view.SkipReason);
    }

    [Fact]
    public void A_fact_wins_over_a_skip()
    {
        var item = Item();
        item.SkippedAt = DateTimeOffset.UtcNow;
        item.SkipReason = "あとで";
        var view = OnboardingItemView.From(item, new HashSet<string> { "templates-created" });
        Assert.True(view.Done);
        Assert.False(view.Skipped);
        Assert.Null(view.SkipReason);
    }

    [Fact]
    public void Progress_is_counted_per_phase()
    {
        var views = new[]
        {
            new OnboardingItemView("a", OnboardingPhase.Day1, true, true, false, null),
            new OnboardingItemView("b", OnboardingPhase.Day1, false, false, true, "理由"),
            new OnboardingItemView("c", OnboardingPhase.Day1, false, false, false, null),
            new OnboardingItemView("d", OnboardingPhase.Week1, false, false, false, null),
        };
        var progress = OnboardingPhaseProgress.Of(views);
        Assert.Equal([new(OnboardingPhase.Day1, 2, 3), new(OnboardingPhase.Week1, 0, 1)], progress);
    }
}
