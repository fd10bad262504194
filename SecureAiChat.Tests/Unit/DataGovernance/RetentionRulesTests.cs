using SecureAiChat.Core.DataGovernance;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Tests.Unit.DataGovernance;

/// <summary>The cut-off in Japan days and when a change counts as "shorter" (the page then asks twice).</summary>
public sealed class RetentionRulesTests
{
    private static readonly Guid Sales = Guid.NewGuid();
    private static readonly Guid Legal = Guid.NewGuid();

    private static RetentionRules Rules(int? workspace, params (Guid Id, int? Days)[] departments) =>
        new(workspace, departments.ToDictionary(d => d.Id, d => d.Days));

    [Theory]
    [InlineData("2026-12-10T03:00:00+09:00", 30, "2026-11-10T15:00:00Z")] // first kept instant: 2026-11-11 00:00 JST
    [InlineData("2026-12-10T23:59:00+09:00", 30, "2026-11-10T15:00:00Z")] // the same Tokyo day, the same cut-off
    [InlineData("2026-12-10T15:30:00Z", 30, "2026-11-11T15:00:00Z")]      // 00:30 JST on 12-11: already the next Tokyo day
    [InlineData("2026-12-10T03:00:00+09:00", 1, "2026-12-09T15:00:00Z")]  // one day: everything before today
    public void The_cutoff_is_the_start_of_a_Tokyo_day(string at, int days, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime,
            RetentionRules.CutoffUtc(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), WorkspaceTime.Tokyo, days));

    [Fact]
    public void Shorter_means_someone_loses_conversations_sooner()
    {
        Guid[] departments = [Sales, Legal];
        Assert.True(Rules(30).IsShorterThan(Rules(null), departments));               // keep → 30 days
        Assert.True(Rules(30).IsShorterThan(Rules(90), departments));
        Assert.False(Rules(90).IsShorterThan(Rules(30), departments));
        Assert.False(Rules(null).IsShorterThan(Rules(30), departments));              // to keep: longer
        Assert.True(Rules(365, (Sales, 30)).IsShorterThan(Rules(365), departments));  // a department's own window
        Assert.True(Rules(365, (Legal, null)).IsShorterThan(Rules(null), departments)); // others now get 365
        Assert.False(Rules(null, (Sales, null)).IsShorterThan(Rules(null, (Sales, 30)), departments));
        Assert.False(Rules(90, (Sales, 90)).IsShorterThan(Rules(90), departments));    // same effective window
    }
}
