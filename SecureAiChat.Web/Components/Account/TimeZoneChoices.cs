using System.Globalization;

namespace SecureAiChat.Web.Components.Account;

/// <summary>Time zones a profile may choose: IANA ids only (the region/city kind), Asia/Tokyo first, then by offset.</summary>
public static class TimeZoneChoices
{
    public const string Default = "Asia/Tokyo";

    private static readonly string[] Regions = ["Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific"];

    private static readonly Lazy<IReadOnlyList<TimeZoneChoice>> Choices = new(Build);

    public static IReadOnlyList<TimeZoneChoice> All => Choices.Value;

    public static bool IsValid(string? id) => id is not null && All.Any(z => z.Id == id);

    private static List<TimeZoneChoice> Build()
    {
        var zones = TimeZoneInfo.GetSystemTimeZones()
            .Where(z => z.HasIanaId && (z.Id == "UTC" || (z.Id.Contains('/', StringComparison.Ordinal) && Regions.Contains(z.Id.Split('/')[0], StringComparer.Ordinal))))
            .Select(z => new TimeZoneChoice(z.Id, Label(z.Id, z.BaseUtcOffset), z.BaseUtcOffset))
            .ToList();
        // Hosts without tzdata still offer the two zones the product relies on.
        if (zones.All(z => z.Id != Default)) zones.Add(new TimeZoneChoice(Default, Label(Default, TimeSpan.FromHours(9)), TimeSpan.FromHours(9)));
        if (zones.All(z => z.Id != "UTC")) zones.Add(new TimeZoneChoice("UTC", Label("UTC", TimeSpan.Zero), TimeSpan.Zero));
        var tokyo = zones.First(z => z.Id == Default);
        return [tokyo, .. zones.Where(z => z.Id != Default).DistinctBy(z => z.Id).OrderBy(z => z.Offset).ThenBy(z => z.Id, StringComparer.Ordinal)];
    }

    private static string Label(string id, TimeSpan offset) =>
        string.Create(CultureInfo.InvariantCulture, $"(UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset:hh\\:mm}) {id}");
}

public sealed record TimeZoneChoice(string Id, string Label, TimeSpan Offset);
