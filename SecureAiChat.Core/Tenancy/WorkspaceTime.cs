using System.Globalization;

namespace SecureAiChat.Core.Tenancy;

/// <summary>
/// Time as a Japanese workspace reads it: the tenant's zone (Asia/Tokyo by default) and one short format for
/// tables and notices. One place for the lookup, so a machine without tzdata still works everywhere.
/// </summary>
public static class WorkspaceTime
{
    public const string DefaultZoneId = "Asia/Tokyo";

    /// <summary>Asia/Tokyo; a fixed +09:00 zone when this machine has no tzdata (Japan has had no DST since 1951).</summary>
    public static TimeZoneInfo Tokyo { get; } = FindTokyo();

    /// <summary>The tenant's or person's zone; Asia/Tokyo when the id is empty or unknown on this machine.</summary>
    public static TimeZoneInfo Zone(string? timeZoneId)
    {
        if (string.IsNullOrWhiteSpace(timeZoneId) || timeZoneId == DefaultZoneId) return Tokyo;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return Tokyo;
        }
    }

    /// <summary>The calendar day <paramref name="at"/> falls on in <paramref name="zone"/> (Asia/Tokyo when not given).</summary>
    public static DateOnly Day(DateTimeOffset at, TimeZoneInfo? zone = null) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone ?? Tokyo).DateTime);

    /// <summary><c>2026-11-24 21:05</c> in <paramref name="zone"/> (Asia/Tokyo when not given).</summary>
    public static string Format(DateTimeOffset at, TimeZoneInfo? zone = null) =>
        TimeZoneInfo.ConvertTime(at, zone ?? Tokyo).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static TimeZoneInfo FindTokyo()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(DefaultZoneId);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.CreateCustomTimeZone(DefaultZoneId, TimeSpan.FromHours(9), "Japan Standard Time", "JST");
        }
    }
}
