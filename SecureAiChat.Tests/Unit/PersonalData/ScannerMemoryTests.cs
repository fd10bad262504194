using SecureAiChat.Core.PersonalData;

namespace SecureAiChat.Tests.Unit.PersonalData;

/// <summary>
/// The scanner remembers the scans of longer texts (every answer scans the whole history again): a remembered scan must
/// be the scan the text would get now, under the same policy only.
/// </summary>
public sealed class ScannerMemoryTests
{
    private static string LongText(int i, string value) =>
        string.Concat(Enumerable.Repeat($"段落 {i}: 議事録の続きです。 ", 20)) + $"連絡先は {value} です。" + string.Concat(Enumerable.Repeat(" 以上。", 10));

    [Fact]
    public void Long_texts_scan_the_same_when_remembered_and_after_the_memory_turned_over()
    {
        var scanner = new PersonalDataScanner(cachedCharacters: 5_000);
        var policy = PersonalDataPolicySettings.Default.With(PersonalDataCategory.Email, PersonalDataAction.Mask);
        var texts = Enumerable.Range(0, 20).Select(i => LongText(i, $"user{i}@example.com")).ToList();
        Assert.All(texts, t => Assert.True(t.Length >= 256));
        var fresh = texts.Select(t => new PersonalDataScanner().Scan(t, policy).Findings).ToList();

        for (var round = 0; round < 2; round++)
        {
            var scans = texts.Select(t => scanner.Scan(t, policy)).ToList();
            for (var i = 0; i < texts.Count; i++)
            {
                Assert.Equal(texts[i], scans[i].Text);
                Assert.Equal(fresh[i], scans[i].Findings);
                Assert.Equal($"user{i}@example.com", Assert.Single(scans[i].Findings).Value);
            }
        }
    }

    [Fact]
    public void A_remembered_scan_is_not_used_under_another_policy()
    {
        var scanner = new PersonalDataScanner();
        var text = LongText(1, "taro@example.com");
        var masked = PersonalDataPolicySettings.Default.With(PersonalDataCategory.Email, PersonalDataAction.Mask);
        var off = PersonalDataPolicySettings.Default.With(PersonalDataCategory.Email, PersonalDataAction.Off);
        var term = masked.WithCustomTerms([new CustomTerm("議事録")]);

        Assert.Single(scanner.Scan(text, masked).Findings);
        Assert.Empty(scanner.Scan(text, off).Findings);
        Assert.Single(scanner.Scan(text, masked).Findings);
        Assert.Contains(scanner.Scan(text, term).Findings, f => f.Category == PersonalDataCategory.CustomTerm);
        // An equal policy built anew reuses the scan; the "try a text" box (all categories) always scans.
        Assert.Same(scanner.Scan(text, masked), scanner.Scan(text, PersonalDataPolicySettings.Default.With(PersonalDataCategory.Email, PersonalDataAction.Mask)));
        Assert.Single(scanner.Scan(text, off, includeOff: true).Findings, f => f.Category == PersonalDataCategory.Email);
    }
}
