namespace SecureAiChat.Web.Features.Ops;

/// <summary>Operators work in Japan: console times are shown in Asia/Tokyo.</summary>
internal static class OpsTime
{
    private static readonly TimeZoneInfo TokyoZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    public static string Tokyo(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, TokyoZone).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
