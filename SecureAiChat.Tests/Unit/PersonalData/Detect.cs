using SecureAiChat.Core.PersonalData;

namespace SecureAiChat.Tests.Unit.PersonalData;

/// <summary>Runs the scanner with every category switched on, so each detector can be tested on its own terms.</summary>
internal static class Detect
{
    private static readonly PersonalDataScanner Scanner = new();

    public static readonly PersonalDataPolicySettings EverythingMasked = new(
        Enum.GetValues<PersonalDataCategory>().ToDictionary(c => c, _ => PersonalDataAction.Mask), []);

    public static IReadOnlyList<PersonalDataFinding> In(string text, PersonalDataPolicySettings? policy = null) =>
        Scanner.Scan(text, policy ?? EverythingMasked).Findings;

    public static IReadOnlyList<PersonalDataFinding> In(string text, PersonalDataCategory category) =>
        [.. In(text).Where(f => f.Category == category)];

    public static PersonalDataFinding Single(string text, PersonalDataCategory category)
    {
        var findings = In(text);
        return Assert.Single(findings, f => f.Category == category);
    }

    /// <summary>A valid My Number from its first 11 digits.</summary>
    public static string MyNumber(string first11) => first11 + Checksums.MyNumberCheckDigit(first11);
}
