using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Satisfaction;

/// <summary>
/// When the monthly satisfaction survey is due for a member: once per calendar month in Asia/Tokyo, not before they have
/// used the workspace for <see cref="SettlingInDays"/> days (a first-day member has nothing to rate yet), and not again in
/// a month they answered or dismissed it.
/// </summary>
public static class SurveySchedule
{
    public const int SettlingInDays = 7;

    /// <summary>The survey month of an instant, yyyyMM in Asia/Tokyo.</summary>
    public static int MonthOf(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, WorkspaceTime.Tokyo);
        return local.Year * 100 + local.Month;
    }

    /// <summary>The month before <paramref name="month"/> (yyyyMM).</summary>
    public static int PreviousMonth(int month) => month % 100 == 1 ? month - 100 + 11 : month - 1;

    /// <summary>True when the member should be asked now.</summary>
    /// <param name="now">The clock's time.</param>
    /// <param name="memberSince">When the member joined.</param>
    /// <param name="settledMonths">The months (yyyyMM) the member answered or dismissed the survey.</param>
    public static bool IsDue(DateTimeOffset now, DateTimeOffset memberSince, IEnumerable<int> settledMonths)
    {
        ArgumentNullException.ThrowIfNull(settledMonths);
        if (now - memberSince < TimeSpan.FromDays(SettlingInDays)) return false;
        return !settledMonths.Contains(MonthOf(now));
    }
}
