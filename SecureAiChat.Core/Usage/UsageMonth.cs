using System.Globalization;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Usage;

/// <summary>A calendar month in the tenant's time zone (Asia/Tokyo by default), with its bounds in UTC.</summary>
public sealed record UsageMonth(int Year, int Month, DateTime StartUtc, DateTime EndUtc)
{
    /// <summary><c>yyyy-MM</c>, the key alert notices and CSV files use.</summary>
    public string Key => $"{Year:D4}-{Month:D2}";

    /// <summary>The month containing <paramref name="now"/> in <paramref name="timeZoneId"/>, or <paramref name="monthsBack"/> months before it.</summary>
    public static UsageMonth For(DateTimeOffset now, string? timeZoneId, int monthsBack = 0)
    {
        var zone = WorkspaceTime.Zone(timeZoneId);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var first = new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMonths(-monthsBack);
        var next = first.AddMonths(1);
        return new UsageMonth(first.Year, first.Month,
            TimeZoneInfo.ConvertTimeToUtc(first, zone), TimeZoneInfo.ConvertTimeToUtc(next, zone));
    }

    /// <summary>The month's name as people read it (<c>2026年11月</c>, <c>November 2026</c>).</summary>
    public string Format(CultureInfo culture) =>
        new DateTime(Year, Month, 1, 0, 0, 0, DateTimeKind.Unspecified).ToString(culture.TwoLetterISOLanguageName == "ja" ? "yyyy年M月" : "MMMM yyyy", culture);
}
