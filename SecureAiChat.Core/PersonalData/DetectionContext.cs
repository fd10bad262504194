namespace SecureAiChat.Core.PersonalData;

/// <summary>One detector: reads the normalised text and reports findings into the context.</summary>
internal interface IPersonalDataDetector
{
    void Detect(DetectionContext context);
}

/// <summary>
/// What the detectors share for one scan: the normalised text, its digit runs (computed once), context-word
/// lookups, and the list findings are reported to (translated to spans of the original text).
/// </summary>
internal sealed class DetectionContext(NormalizedText text)
{
    /// <summary>How far before a value context words count (characters of normalised text).</summary>
    public const int ContextBefore = 24;

    /// <summary>How far after a value context words count, e.g. "1234 5678 9018（マイナンバー）".</summary>
    public const int ContextAfter = 10;

    private IReadOnlyList<NumberCandidate>? _numbers;
    private string? _lower;

    public NormalizedText Normalized { get; } = text;

    public string Text => Normalized.Text;

    /// <summary>The normalised text in lower case (same length), for case-insensitive context words.</summary>
    public string Lower => _lower ??= Text.ToLowerInvariant();

    public List<PersonalDataFinding> Findings { get; } = [];

    /// <summary>Custom patterns that ran out of time on this text; the policy treats them as matching (fail closed).</summary>
    public List<CustomTerm> TimedOutTerms { get; } = [];

    public IReadOnlyList<NumberCandidate> Numbers => _numbers ??= NumberCandidate.Find(Text);

    /// <summary>True when one of <paramref name="words"/> (lower case) occurs near the span.</summary>
    public bool HasContext(int start, int end, IReadOnlyList<string> words, int before = ContextBefore, int after = ContextAfter)
    {
        var from = Math.Max(0, start - before);
        var to = Math.Min(Text.Length, end + after);
        var lower = Lower.AsSpan();
        foreach (var word in words)
        {
            if (lower[from..start].Contains(word, StringComparison.Ordinal) || lower[end..to].Contains(word, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reports a finding given in normalised coordinates.</summary>
    public void Add(PersonalDataCategory category, int start, int end, DetectionConfidence confidence, string canonical)
    {
        var (originalStart, originalLength) = Normalized.ToOriginal(start, end - start);
        Findings.Add(new PersonalDataFinding(
            category,
            originalStart,
            originalLength,
            confidence,
            Normalized.Original.Substring(originalStart, originalLength),
            canonical));
    }
}

/// <summary>
/// A candidate number in the normalised text: digit groups joined by single <c>-</c> or spaces (the
/// normaliser has already unified every separator). A run like <c>123456789018 090-1234-5678</c> yields the
/// whole run and each space-delimited segment, so a table row of several numbers still finds each one, while
/// a 16-digit card written in groups of four never yields a 12-digit "My Number" from its first three groups.
/// </summary>
internal sealed record NumberCandidate(int Start, int End, string Digits, IReadOnlyList<int> GroupLengths, bool IsWholeRun)
{
    public bool IsContiguous => GroupLengths.Count == 1;

    public static IReadOnlyList<NumberCandidate> Find(string text)
    {
        var result = new List<NumberCandidate>();
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                i++;
                continue;
            }

            var runStart = i;
            var groups = new List<(int Start, int End)>();
            var separators = new List<char>();
            while (true)
            {
                var groupStart = i;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }

                groups.Add((groupStart, i));
                if (i + 1 < text.Length && text[i] is '-' or ' ' && char.IsAsciiDigit(text[i + 1]))
                {
                    separators.Add(text[i]);
                    i++;
                    continue;
                }

                break;
            }

            if (IsFreeStanding(text, runStart, i) || IsInvoiceRegistrationNumber(text, runStart, i))
            {
                AddCandidates(text, groups, separators, result);
            }
        }

        return result;
    }

    /// <summary>
    /// A run glued to letters (ORD-1234..., A12345), or part of a decimal or thousands-separated amount
    /// (1,234,567 / 3.14159 / ¥123456789018 / 123456789018円), is an identifier or amount, not a personal number.
    /// </summary>
    private static bool IsFreeStanding(string text, int start, int end)
    {
        if (start > 0)
        {
            var before = text[start - 1];
            if (char.IsAsciiLetter(before))
            {
                return false;
            }

            if (before is '¥' or '$' or '€' || before is '.' or ',' or '-' or '_' or '/' && start > 1 && char.IsAsciiLetterOrDigit(text[start - 2]))
            {
                return false;
            }
        }

        if (end < text.Length)
        {
            var after = text[end];
            if (char.IsAsciiLetter(after) || after is '@' or '円')
            {
                return false;
            }

            if (after is '.' or ',' or '/' or '_' && end + 1 < text.Length && char.IsAsciiDigit(text[end + 1]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>適格請求書発行事業者登録番号: T + the 13-digit 法人番号 (T1180301018771).</summary>
    private static bool IsInvoiceRegistrationNumber(string text, int start, int end) =>
        end - start == 13 && start > 0 && text[start - 1] is 'T' or 't'
        && (start == 1 || !char.IsAsciiLetterOrDigit(text[start - 2]))
        && (end == text.Length || !char.IsAsciiLetterOrDigit(text[end]));

    private static void AddCandidates(string text, List<(int Start, int End)> groups, List<char> separators, List<NumberCandidate> result)
    {
        result.Add(Make(text, groups, 0, groups.Count - 1, isWholeRun: true));
        if (!separators.Contains(' '))
        {
            return;
        }

        var segmentStart = 0;
        for (var g = 0; g < groups.Count; g++)
        {
            if (g == groups.Count - 1 || separators[g] == ' ')
            {
                result.Add(Make(text, groups, segmentStart, g, isWholeRun: false));
                segmentStart = g + 1;
            }
        }
    }

    private static NumberCandidate Make(string text, List<(int Start, int End)> groups, int first, int last, bool isWholeRun)
    {
        var digits = new System.Text.StringBuilder();
        var lengths = new List<int>(last - first + 1);
        for (var g = first; g <= last; g++)
        {
            digits.Append(text, groups[g].Start, groups[g].End - groups[g].Start);
            lengths.Add(groups[g].End - groups[g].Start);
        }

        return new NumberCandidate(groups[first].Start, groups[last].End, digits.ToString(), lengths, isWholeRun);
    }
}
