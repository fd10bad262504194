using System.Globalization;
using System.Text;

namespace SecureAiChat.Core.PersonalData;

/// <summary>
/// Text prepared for detection, with a map from every character back to the span of the original text it
/// came from, so a finding made in the normalised text can be highlighted and masked in what the member typed.
/// </summary>
/// <remarks>
/// Normalisation: NFKC per grapheme-like cluster (full-width digits and letters, ideographic spaces,
/// half-width katakana with their voicing marks); inside numbers, any run of dashes (every hyphen, dash,
/// minus and long-vowel form), spaces and at most one line break between two digits becomes a single
/// <c>-</c> (when the run held a dash) or a single space, so <c>０９０ー１２３４－５６７８</c> and
/// <c>090-1234-5678</c> look the same to the detectors.
/// </remarks>
public sealed class NormalizedText
{
    private readonly int[] _starts;
    private readonly int[] _ends;

    private NormalizedText(string original, string text, int[] starts, int[] ends)
    {
        Original = original;
        Text = text;
        _starts = starts;
        _ends = ends;
    }

    /// <summary>The text as the member wrote it.</summary>
    public string Original { get; }

    /// <summary>The normalised text the detectors read.</summary>
    public string Text { get; }

    /// <summary>Maps the normalised span [start, start+length) to the original text's (start, length).</summary>
    public (int Start, int Length) ToOriginal(int start, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + length, Text.Length);
        var originalStart = _starts[start];
        return (originalStart, _ends[start + length - 1] - originalStart);
    }

    /// <summary>Characters that separate digit groups when they are written between two digits.</summary>
    public static bool IsDash(char c) => c switch
    {
        '-' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2043' or '\u2212'
            or '\u30FC' or '\uFF70' or '\uFF0D' or '\uFE58' or '\uFE63' or '\u02D7' or '\u2796' or '\u23AF'
            or '\u2500' or '\u2501' => true,
        _ => false,
    };

    public static NormalizedText Create(string original)
    {
        ArgumentNullException.ThrowIfNull(original);
        var (nfkc, starts, ends) = ApplyNfkc(original);
        return JoinNumberSeparators(original, nfkc, starts, ends);
    }

    private static (string Text, List<int> Starts, List<int> Ends) ApplyNfkc(string original)
    {
        var text = new StringBuilder(original.Length);
        var starts = new List<int>(original.Length);
        var ends = new List<int>(original.Length);
        var i = 0;
        while (i < original.Length)
        {
            // A cluster is one character (or surrogate pair) plus the combining marks after it, because NFKC
            // composes across them (ｶﾞ → ガ) and a mask must never cut a character in half.
            var end = i + (char.IsHighSurrogate(original[i]) && i + 1 < original.Length && char.IsLowSurrogate(original[i + 1]) ? 2 : 1);
            while (end < original.Length && IsCombining(original[end]))
            {
                end++;
            }

            var cluster = original.AsSpan(i, end - i);
            if (cluster.Length == 1 && IsNfkcStable(cluster[0]))
            {
                text.Append(cluster[0]);
                starts.Add(i);
                ends.Add(end);
                i = end;
                continue;
            }

            foreach (var c in NormalizeCluster(cluster))
            {
                text.Append(c);
                starts.Add(i);
                ends.Add(end);
            }

            i = end;
        }

        return (text.ToString(), starts, ends);
    }

    private static string NormalizeCluster(ReadOnlySpan<char> cluster)
    {
        var s = cluster.ToString();
        try
        {
            return s.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            // Lone surrogates cannot be normalised; keep them as they are.
            return s;
        }
    }

    /// <summary>
    /// Characters NFKC leaves alone on their own: ASCII, kanji of the unified block, hiragana, katakana (full-width)
    /// and Japanese punctuation. Skipping the normaliser for them keeps a 32,000-character message fast, since
    /// calling it per character costs about a microsecond each.
    /// </summary>
    private static bool IsNfkcStable(char c) =>
        c < 0x80
        || c is >= '\u4E00' and <= '\u9FFF'
        || c is >= '\u3001' and <= '\u3035' // 、。「」…; not U+3000 (ideographic space) or 〶 (U+3036, → 〒)
        || c is >= '\u303B' and <= '\u3098' // hiragana
        || c is >= '\u30A0' and <= '\u30FE'; // katakana and ー; not ゛゜ゟ (U+309B–309F) or ヿ (U+30FF)

    private static bool IsCombining(char c)
    {
        if (c is '\uFF9E' or '\uFF9F')
        {
            return true; // half-width voiced and semi-voiced sound marks
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        return category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
    }

    private static NormalizedText JoinNumberSeparators(string original, string nfkc, List<int> starts, List<int> ends)
    {
        var text = new StringBuilder(nfkc.Length);
        var outStarts = new List<int>(nfkc.Length);
        var outEnds = new List<int>(nfkc.Length);
        var i = 0;
        while (i < nfkc.Length)
        {
            var c = nfkc[i];
            if (i > 0 && char.IsAsciiDigit(nfkc[i - 1]) && (IsDash(c) || IsSpace(c) || c is '\r' or '\n')
                && TryReadSeparatorRun(nfkc, i, out var runEnd, out var hasDash))
            {
                text.Append(hasDash ? '-' : ' ');
                outStarts.Add(starts[i]);
                outEnds.Add(ends[runEnd - 1]);
                i = runEnd;
                continue;
            }

            text.Append(c);
            outStarts.Add(starts[i]);
            outEnds.Add(ends[i]);
            i++;
        }

        return new NormalizedText(original, text.ToString(), [.. outStarts], [.. outEnds]);
    }

    /// <summary>
    /// Reads a separator run starting at <paramref name="start"/> that ends right before a digit: at most one
    /// dash, at most one line break, at most four characters. Longer runs separate numbers rather than groups.
    /// </summary>
    private static bool TryReadSeparatorRun(string text, int start, out int end, out bool hasDash)
    {
        hasDash = false;
        var lineBreaks = 0;
        end = start;
        while (end < text.Length && end - start < 4)
        {
            var c = text[end];
            if (IsDash(c))
            {
                if (hasDash)
                {
                    return false;
                }

                hasDash = true;
            }
            else if (c == '\n')
            {
                if (++lineBreaks > 1)
                {
                    return false;
                }
            }
            else if (!IsSpace(c) && c != '\r')
            {
                break;
            }

            end++;
        }

        return end > start && end < text.Length && char.IsAsciiDigit(text[end]);
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\u00A0' or '\u3000';
}
