using SecureAiChat.Core.Operations;

namespace SecureAiChat.Tests.Unit.Operations;

/// <summary>A trial ends at midnight Asia/Tokyo after its last full day; reminders count calendar days in Tokyo.</summary>
public sealed class TrialDatesTests
{
    private static DateTimeOffset Tokyo(int month, int day, int hour = 0, int minute = 0) => new(2027, month, day, hour, minute, 0, TimeSpan.FromHours(9));

    [Fact]
    public void A_trial_started_within_a_day_ends_at_midnight_after_fourteen_more_days_and_an_extension_from_midnight_adds_whole_days()
    {
        Assert.Equal(Tokyo(3, 16), TrialOperations.EndAfter(Tokyo(3, 1, 10), 14));
        Assert.Equal(Tokyo(3, 16), TrialOperations.EndAfter(Tokyo(3, 1, 23, 59), 14));
        Assert.Equal(Tokyo(3, 23), TrialOperations.EndAfter(Tokyo(3, 16), 7));
        // 15:30 UTC on 28 Feb is already 1 March in Tokyo.
        Assert.Equal(Tokyo(3, 16), TrialOperations.EndAfter(new DateTimeOffset(2027, 2, 28, 15, 30, 0, TimeSpan.Zero), 14));
    }

    [Fact]
    public void Days_left_count_tokyo_calendar_days()
    {
        Assert.Equal(7, TrialOperations.DaysLeft(Tokyo(3, 16), Tokyo(3, 9, 0, 5)));
        Assert.Equal(8, TrialOperations.DaysLeft(Tokyo(3, 16), Tokyo(3, 8, 23, 59)));
        Assert.Equal(2, TrialOperations.DaysLeft(Tokyo(3, 16), Tokyo(3, 14, 0, 5)));
    }
}
