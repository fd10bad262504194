namespace SecureAiChat.Web.Features.Guidelines;

/// <summary>Publish and acceptance times as the workspace reads them (Asia/Tokyo).</summary>
public static class GuidelineTime
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    public static string Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Tokyo).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
