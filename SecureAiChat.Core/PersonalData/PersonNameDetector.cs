using System.Text.RegularExpressions;

namespace SecureAiChat.Core.PersonalData;

/// <summary>
/// Person names, by heuristic: a dictionary family name followed by an honorific (田中様, 鈴木 一郎さん),
/// a dictionary family name directly followed by a dictionary given name (山田太郎), a dictionary given name
/// with くん/ちゃん, or any short name after a label such as 氏名/担当者/名前:. The honorific itself is not part
/// of the finding, so a masked text still reads 〔氏名1〕様.
/// </summary>
internal sealed partial class PersonNameDetector : IPersonalDataDetector
{
    private static readonly string[] FamiliarHonorifics = ["くん", "ちゃん"];

    // Span lookups: the detector tries every position of the text, and substrings there would allocate per character.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> FamilyLookup = JapaneseNames.FamilyNames.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> GivenLookup = JapaneseNames.GivenNames.GetAlternateLookup<ReadOnlySpan<char>>();

    public void Detect(DetectionContext context)
    {
        var text = context.Text;
        var covered = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (i < covered || !IsNameChar(text[i]))
            {
                continue;
            }

            var found = MatchFamilyName(text, i) ?? MatchGivenWithFamiliarHonorific(text, i);
            if (found is { } name)
            {
                context.Add(PersonalDataCategory.PersonName, i, name.End, name.Confidence, Canonical(text[i..name.End]));
                covered = name.End;
            }
        }

        foreach (Match match in Labelled().Matches(text))
        {
            var group = match.Groups["name"];
            var value = group.Value.TrimEnd();
            if (value.Length < 2)
            {
                continue; // overlaps with a dictionary match are resolved by the scanner
            }

            var confidence = StartsWithFamilyName(value) ? DetectionConfidence.High : DetectionConfidence.Medium;
            context.Add(PersonalDataCategory.PersonName, group.Index, group.Index + value.Length, confidence, Canonical(value));
        }
    }

    private static (int End, DetectionConfidence Confidence)? MatchFamilyName(string text, int start)
    {
        for (var length = Math.Min(JapaneseNames.LongestFamilyName, text.Length - start); length >= 1; length--)
        {
            if (!FamilyLookup.Contains(text.AsSpan(start, length)))
            {
                continue;
            }

            var familyEnd = start + length;
            var afterSpace = familyEnd < text.Length && text[familyEnd] is ' ' or '\u3000' ? familyEnd + 1 : familyEnd;

            // Family name + given name from the dictionary, with or without an honorific after it.
            if (MatchGivenName(text, afterSpace) is { } givenEnd)
            {
                var confidence = HonorificAt(text, givenEnd) || !IsIdeograph(Before(text, start)) ? DetectionConfidence.High : DetectionConfidence.Medium;
                if (confidence == DetectionConfidence.High || !IsIdeograph(At(text, givenEnd)))
                {
                    return (givenEnd, confidence);
                }
            }

            // Family name + honorific (田中様) or title (田中部長), or + an unknown given name of up to three kanji + honorific.
            if (HonorificAt(text, afterSpace) || TitleAt(text, familyEnd))
            {
                return (familyEnd, DetectionConfidence.High);
            }

            for (var given = 1; given <= 3 && afterSpace + given <= text.Length; given++)
            {
                if (!IsIdeograph(text[afterSpace + given - 1]))
                {
                    break;
                }

                if (HonorificAt(text, afterSpace + given))
                {
                    // 田中部長様: the title is not part of the name.
                    return (IsRoleWord(text.AsSpan(afterSpace, given)) ? familyEnd : afterSpace + given, DetectionConfidence.High);
                }
            }

            return null;
        }

        return null;
    }

    private static (int End, DetectionConfidence Confidence)? MatchGivenWithFamiliarHonorific(string text, int start)
    {
        if (IsIdeograph(Before(text, start)) || MatchGivenName(text, start) is not { } end)
        {
            return null;
        }

        foreach (var honorific in FamiliarHonorifics)
        {
            if (text.AsSpan(end).StartsWith(honorific, StringComparison.Ordinal))
            {
                return (end, DetectionConfidence.Medium);
            }
        }

        return null;
    }

    private static int? MatchGivenName(string text, int start)
    {
        for (var length = Math.Min(JapaneseNames.LongestGivenName, text.Length - start); length >= 1; length--)
        {
            if (GivenLookup.Contains(text.AsSpan(start, length)))
            {
                return start + length;
            }
        }

        return null;
    }

    private static bool StartsWithFamilyName(string value)
    {
        for (var length = Math.Min(JapaneseNames.LongestFamilyName, value.Length); length >= 1; length--)
        {
            if (FamilyLookup.Contains(value.AsSpan(0, length)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HonorificAt(string text, int index)
    {
        foreach (var honorific in JapaneseNames.Honorifics)
        {
            if (text.AsSpan(index).StartsWith(honorific, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] Titles = ["部長", "課長", "係長", "社長", "専務", "常務", "会長", "主任", "教授", "弁護士", "税理士"];

    private static bool TitleAt(string text, int index)
    {
        foreach (var title in Titles)
        {
            if (text.AsSpan(index).StartsWith(title, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Titles between a name and 様/殿 (田中部長様) are not part of the name.</summary>
    private static bool IsRoleWord(ReadOnlySpan<char> word) =>
        word.IndexOfAny(RoleCharacters) >= 0;

    private static readonly System.Buffers.SearchValues<char> RoleCharacters = System.Buffers.SearchValues.Create("長員役補主任部課係師士");

    private static string Canonical(string value) => value.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\u3000", string.Empty, StringComparison.Ordinal);

    private static char Before(string text, int index) => index > 0 ? text[index - 1] : ' ';

    private static char At(string text, int index) => index < text.Length ? text[index] : ' ';

    private static bool IsNameChar(char c) => IsIdeograph(c) || c is >= '\u3040' and <= '\u30FF';

    private static bool IsIdeograph(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or '々';

    // 氏名: 山田 太郎 / 担当者：鈴木 / お名前 佐藤花子. The name is one or two runs of kanji/katakana (hiragana would swallow です) (a space between
    // family and given name), at most eight characters.
    [GeneratedRegex(@"(?:氏名|お名前|名前|担当者|担当|申請者|契約者|宛名|受取人|患者名|社員名|[Nn]ame)(?:[ ]?[:：][ ]?|[ ])(?<name>[\p{IsCJKUnifiedIdeographs}々ァ-ヶー]{1,5}(?:[ ][\p{IsCJKUnifiedIdeographs}々ァ-ヶー]{1,5})?)",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Labelled();
}
