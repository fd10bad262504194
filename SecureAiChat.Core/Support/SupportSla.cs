using PublicHoliday;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Support;

/// <summary>
/// The first-response deadline each plan's support level promises. Enterprise is 24/7 (calendar hours); the others count
/// business hours in Asia/Tokyo, 9:00–18:00 on weekdays that are not Japanese public holidays, so a request sent on a
/// Friday evening before a holiday Monday is due on Tuesday.
/// </summary>
public static class SupportSla
{
    public const int OpensAtHour = 9;
    public const int ClosesAtHour = 18;

    private static readonly JapanPublicHoliday Holidays = new();

    /// <summary>Hours to the first response: business hours for weekday levels, calendar hours for 24/7.</summary>
    public static int ResponseHours(SupportLevel level) => level switch
    {
        SupportLevel.Basic => 18,      // two business days
        SupportLevel.Standard => 9,    // one business day
        SupportLevel.Premium => 4,
        SupportLevel.Enterprise => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };

    /// <summary>True when the level answers around the clock (no business calendar).</summary>
    public static bool IsAroundTheClock(SupportLevel level) => level == SupportLevel.Enterprise;

    /// <summary>When the first response to a request made at <paramref name="createdAt"/> is due.</summary>
    public static DateTimeOffset RespondBy(SupportLevel level, DateTimeOffset createdAt)
    {
        var hours = ResponseHours(level);
        if (IsAroundTheClock(level)) return createdAt.AddHours(hours);

        var zone = WorkspaceTime.Tokyo;
        var local = TimeZoneInfo.ConvertTime(createdAt, zone).DateTime;
        var remaining = TimeSpan.FromHours(hours);
        while (true)
        {
            var day = local.Date;
            if (!IsBusinessDay(day) || local >= day.AddHours(ClosesAtHour))
            {
                local = NextBusinessDay(day).AddHours(OpensAtHour);
                continue;
            }

            if (local < day.AddHours(OpensAtHour)) local = day.AddHours(OpensAtHour);
            var left = day.AddHours(ClosesAtHour) - local;
            if (remaining <= left)
            {
                var due = local + remaining;
                return new DateTimeOffset(due, zone.GetUtcOffset(due));
            }

            remaining -= left;
            local = NextBusinessDay(day).AddHours(OpensAtHour);
        }
    }

    /// <summary>A weekday in Japan that is not a public holiday (substitute and citizens' holidays included).</summary>
    public static bool IsBusinessDay(DateTime date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !Holidays.IsPublicHoliday(date.Date);

    private static DateTime NextBusinessDay(DateTime day)
    {
        var next = day.Date.AddDays(1);
        while (!IsBusinessDay(next)) next = next.AddDays(1);
        return next;
    }

    /// <summary>Overdue: still without a first response after its deadline (closed requests are never overdue).</summary>
    public static bool IsOverdue(SupportRequest request, DateTimeOffset now) =>
        request.FirstRespondedAt is null && request.Status != SupportStatus.Closed && now > request.RespondBy;
}
