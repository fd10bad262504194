using SecureAiChat.Core.Satisfaction;

namespace SecureAiChat.Tests.Unit.CustomerSuccess;

/// <summary>The monthly survey's frequency rule: once per Tokyo month, not in a member's first week, settled by an answer or a dismissal.</summary>
public sealed class SurveyScheduleTests
{
    private static readonly DateTimeOffset Joined = new(2026, 10, 1, 0, 0, 0, TimeSpan.FromHours(9));

    [Fact]
    public void A_member_is_asked_once_a_month_until_they_answer_or_dismiss()
    {
        var now = new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.FromHours(9));
        Assert.True(SurveySchedule.IsDue(now, Joined, [202611]));
        Assert.False(SurveySchedule.IsDue(now, Joined, [202612]));
    }

    [Fact]
    public void The_month_turns_at_midnight_in_tokyo_not_utc()
    {
        // 2026-11-30 15:30 UTC is already December 1st in Tokyo.
        var now = new DateTimeOffset(2026, 11, 30, 15, 30, 0, TimeSpan.Zero);
        Assert.Equal(202612, SurveySchedule.MonthOf(now));
        Assert.True(SurveySchedule.IsDue(now, Joined, [202611]));
    }

    [Fact]
    public void A_member_in_their_first_week_is_not_asked()
    {
        var joined = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(9));
        Assert.False(SurveySchedule.IsDue(joined.AddDays(6), joined, []));
        Assert.True(SurveySchedule.IsDue(joined.AddDays(7), joined, []));
    }

    [Fact]
    public void The_previous_month_of_january_is_december()
    {
        Assert.Equal(202612, SurveySchedule.PreviousMonth(202701));
        Assert.Equal(202611, SurveySchedule.PreviousMonth(202612));
    }
}
