using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Support;

namespace SecureAiChat.Tests.Unit.CustomerSuccess;

/// <summary>First-response deadlines per plan on the Japanese business calendar (Asia/Tokyo, 9:00–18:00, weekends and holidays skipped).</summary>
public sealed class SupportSlaTests
{
    private static DateTimeOffset Jst(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.FromHours(9));

    [Fact]
    public void A_standard_request_on_the_friday_evening_before_a_holiday_monday_is_due_on_tuesday()
    {
        // 2027-01-11 is Coming of Age Day (second Monday of January): one hour on Friday, the other eight on Tuesday.
        Assert.Equal(Jst(2027, 1, 12, 17), SupportSla.RespondBy(SupportLevel.Standard, Jst(2027, 1, 8, 17)));
    }

    [Fact]
    public void A_starter_request_takes_two_business_days_and_skips_the_weekend_and_the_holiday()
    {
        // Friday 10:00: eight hours on Friday, nine on Tuesday, the last one on Wednesday morning.
        Assert.Equal(Jst(2027, 1, 13, 10), SupportSla.RespondBy(SupportLevel.Basic, Jst(2027, 1, 8, 10)));
    }

    [Fact]
    public void A_professional_request_on_a_saturday_starts_counting_on_monday_morning()
    {
        Assert.Equal(Jst(2026, 12, 14, 13), SupportSla.RespondBy(SupportLevel.Premium, Jst(2026, 12, 12, 15)));
    }

    [Fact]
    public void Golden_week_holidays_are_skipped()
    {
        // Friday 2027-04-30 17:00: one hour, then the weekend and May 3–5 (holidays), the other three on Thursday May 6.
        Assert.Equal(Jst(2027, 5, 6, 12), SupportSla.RespondBy(SupportLevel.Premium, Jst(2027, 4, 30, 17)));
    }

    [Fact]
    public void A_request_before_opening_time_counts_from_nine()
    {
        Assert.Equal(Jst(2026, 12, 9, 18), SupportSla.RespondBy(SupportLevel.Standard, Jst(2026, 12, 9, 7, 30)));
    }

    [Fact]
    public void Enterprise_counts_calendar_hours_around_the_clock()
    {
        Assert.Equal(Jst(2026, 12, 13, 0, 30), SupportSla.RespondBy(SupportLevel.Enterprise, Jst(2026, 12, 12, 23, 30)));
        Assert.Equal(Jst(2027, 1, 11, 10), SupportSla.RespondBy(SupportLevel.Enterprise, Jst(2027, 1, 11, 9)));
    }

    [Fact]
    public void Every_plan_has_a_deadline_from_its_support_level()
    {
        foreach (var plan in PlanCatalog.All)
        {
            var created = Jst(2026, 12, 9, 10);
            Assert.True(SupportSla.RespondBy(plan.Support, created) > created);
        }
    }

    [Fact]
    public void Only_unanswered_open_requests_past_their_deadline_are_overdue()
    {
        var now = Jst(2026, 12, 10, 12);
        var late = new SupportRequest { Status = SupportStatus.Open, RespondBy = now.AddMinutes(-1) };
        var answered = new SupportRequest { Status = SupportStatus.Answered, RespondBy = now.AddHours(-5), FirstRespondedAt = now.AddHours(-6) };
        var closed = new SupportRequest { Status = SupportStatus.Closed, RespondBy = now.AddHours(-5) };
        var inTime = new SupportRequest { Status = SupportStatus.Open, RespondBy = now.AddMinutes(1) };
        Assert.True(SupportSla.IsOverdue(late, now));
        Assert.False(SupportSla.IsOverdue(answered, now));
        Assert.False(SupportSla.IsOverdue(closed, now));
        Assert.False(SupportSla.IsOverdue(inTime, now));
    }
}
