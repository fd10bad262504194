using System.Globalization;
using SecureAiChat.Core.PersonalData;

namespace SecureAiChat.Tests.Unit.PersonalData;

public sealed class MaskingSessionTests
{
    private static readonly CultureInfo Japanese = CultureInfo.GetCultureInfo("ja-JP");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");
    private readonly PersonalDataScanner _scanner = new();

    private string MaskOnce(MaskingSession session, string text, PersonalDataPolicySettings? policy = null) =>
        session.Mask(text, _scanner.Decide(text, policy ?? PersonalDataPolicySettings.Default).ToMask(maskWarnings: true));

    [Fact]
    public void Replaces_values_by_numbered_localized_placeholders()
    {
        var session = new MaskingSession(Japanese);

        var masked = MaskOnce(session, "マイナンバー 123456789018 と 987654321093、カード 4111 1111 1111 1111");

        Assert.Equal("マイナンバー 〔マイナンバー1〕 と 〔マイナンバー2〕、カード 〔カード番号1〕", masked);
        Assert.DoesNotContain("123456789018", masked, StringComparison.Ordinal);
    }

    [Fact]
    public void English_workspaces_get_english_placeholders()
    {
        var masked = MaskOnce(new MaskingSession(English), "My Number 123456789018");

        Assert.Equal("My Number [MyNumber1]", masked);
    }

    [Fact]
    public void The_same_value_in_another_spelling_gets_the_same_placeholder_across_messages()
    {
        var session = new MaskingSession(Japanese);

        var first = MaskOnce(session, "個人番号 1234-5678-9018");
        var second = MaskOnce(session, "さっきの１２３４５６７８９０１８と 987654321093 は？");

        Assert.Equal("個人番号 〔マイナンバー1〕", first);
        Assert.Equal("さっきの〔マイナンバー1〕と 〔マイナンバー2〕 は？", second);
        Assert.Equal("1234-5678-9018", session.Originals["〔マイナンバー1〕"]);
    }

    [Fact]
    public void Rebuilding_from_history_masks_identically()
    {
        string[] history = ["個人番号 123456789018", "カード 5555555555554444", "さっきの 123456789018 を確認", "新しい番号 987654321093"];
        var live = new MaskingSession(Japanese);
        var liveMasked = history.Select(t => MaskOnce(live, t)).ToList();

        var (rebuilt, rebuiltMasked) = MaskingSession.Rebuild(history, _scanner, PersonalDataPolicySettings.Default, Japanese);

        Assert.Equal(liveMasked, rebuiltMasked);
        Assert.Equal(live.Originals, rebuilt.Originals);
        Assert.Equal("新しい番号 〔マイナンバー2〕", rebuiltMasked[3]);
    }

    [Fact]
    public void Overlapping_findings_are_rejected()
    {
        var finding = new PersonalDataFinding(PersonalDataCategory.Email, 0, 3, DetectionConfidence.High, "abc", "abc");

        Assert.Throws<ArgumentException>(() => new MaskingSession(Japanese).Mask("abcdef", [finding, finding with { Start = 1 }]));
    }
}

public sealed class PlaceholderRestorerTests
{
    private static readonly Dictionary<string, string> Originals = new()
    {
        ["〔マイナンバー1〕"] = "1234-5678-9018",
        ["〔マイナンバー12〕"] = "987654321093",
        ["〔氏名1〕"] = "田中",
        ["[MyNumber1]"] = "123456789018",
    };

    private const string Answer = "〔氏名1〕様の番号は〔マイナンバー1〕です。[注] 〔不明〕と〔マイナンバー12〕、[MyNumber1]。〔氏名";
    private const string Expected = "田中様の番号は1234-5678-9018です。[注] 〔不明〕と987654321093、123456789018。〔氏名";

    [Fact]
    public void Restores_a_whole_answer() => Assert.Equal(Expected, new PlaceholderRestorer(Originals).Restore(Answer));

    [Fact]
    public void Restores_placeholders_split_at_every_single_point()
    {
        for (var split = 0; split <= Answer.Length; split++)
        {
            var restorer = new PlaceholderRestorer(Originals);
            var output = restorer.Push(Answer[..split]) + restorer.Push(Answer[split..]) + restorer.Complete();
            Assert.Equal(Expected, output);
        }
    }

    [Fact]
    public void Restores_placeholders_split_at_every_pair_of_points()
    {
        for (var a = 0; a <= Answer.Length; a++)
        {
            for (var b = a; b <= Answer.Length; b++)
            {
                var restorer = new PlaceholderRestorer(Originals);
                var output = restorer.Push(Answer[..a]) + restorer.Push(Answer[a..b]) + restorer.Push(Answer[b..]) + restorer.Complete();
                Assert.Equal(Expected, output);
            }
        }
    }

    [Fact]
    public void Restores_when_streamed_one_character_at_a_time_and_never_shows_a_partial_placeholder()
    {
        var restorer = new PlaceholderRestorer(Originals);
        var shown = new System.Text.StringBuilder();
        foreach (var c in Answer)
        {
            shown.Append(restorer.Push(c.ToString()));
            Assert.DoesNotContain("〔マイナ", shown.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(Expected, shown.Append(restorer.Complete()).ToString());
    }

    [Fact]
    public void Holds_back_no_more_than_a_possible_placeholder_prefix()
    {
        var restorer = new PlaceholderRestorer(Originals);

        Assert.Equal("こんにちは", restorer.Push("こんにちは〔マイ"));
        Assert.Equal("〔マイク〕です", restorer.Push("ク〕です")); // not a placeholder: released as soon as that is clear
        Assert.Equal(string.Empty, restorer.Push("[")); // could still become [MyNumber1]
        Assert.Equal("[x]", restorer.Push("x]"));
        Assert.Equal(string.Empty, restorer.Push("[My"));
        Assert.Equal("[My", restorer.Complete()); // the answer ended: nothing is lost
    }

    [Fact]
    public void Passes_text_through_when_nothing_was_masked() =>
        Assert.Equal("〔マイナンバー1〕", new PlaceholderRestorer(new Dictionary<string, string>()).Push("〔マイナンバー1〕"));
}

public sealed class PersonalDataStringsTests
{
    [Fact]
    public void Every_category_and_action_has_a_japanese_and_an_english_label()
    {
        var ja = CultureInfo.GetCultureInfo("ja");
        var en = CultureInfo.GetCultureInfo("en");
        foreach (var category in Enum.GetValues<PersonalDataCategory>())
        {
            Assert.NotEqual(PersonalDataStrings.Category(category, ja), PersonalDataStrings.Category(category, en));
            Assert.NotEqual(PersonalDataStrings.PlaceholderLabel(category, ja), PersonalDataStrings.PlaceholderLabel(category, en));
            Assert.True(PersonalDataStrings.PlaceholderLabel(category, ja).IndexOfAny(['〔', '〕', '[', ']']) < 0);
        }

        foreach (var action in Enum.GetValues<PersonalDataAction>())
        {
            Assert.NotEqual(PersonalDataStrings.Action(action, ja), PersonalDataStrings.Action(action, en));
        }
    }
}
