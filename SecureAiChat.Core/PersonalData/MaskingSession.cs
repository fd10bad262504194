using System.Globalization;
using System.Text;

namespace SecureAiChat.Core.PersonalData;

/// <summary>
/// The placeholders of one conversation: the same value (same category, same canonical form) always gets the
/// same placeholder, numbered per category in order of first appearance. Because numbering only depends on
/// the texts and their order, the session can be rebuilt from the stored conversation at any time and masks
/// re-sent history exactly as before, with no state kept between requests.
/// </summary>
/// <remarks>
/// Placeholders follow the WORKSPACE language (〔マイナンバー1〕 in a Japanese workspace, [MyNumber1] in an
/// English one), not the language of the member's browser: the model should see labels in the language of
/// the conversation so its answer reads naturally and it repeats the placeholder verbatim, and a session
/// rebuilt for another member's request must produce the very same placeholders.
/// </remarks>
public sealed class MaskingSession
{
    private readonly CultureInfo _culture;
    private readonly Dictionary<(PersonalDataCategory, string), string> _placeholders = [];
    private readonly Dictionary<string, string> _originals = new(StringComparer.Ordinal);
    private readonly Dictionary<PersonalDataCategory, int> _counters = [];

    public MaskingSession(CultureInfo workspaceCulture)
    {
        ArgumentNullException.ThrowIfNull(workspaceCulture);
        _culture = workspaceCulture;
    }

    /// <summary>Placeholder → the value as the member first wrote it.</summary>
    public IReadOnlyDictionary<string, string> Originals => _originals;

    /// <summary>
    /// Rebuilds the session from a conversation's texts (oldest first), masking each with the findings the
    /// policy says to mask, and returns the masked texts in the same order.
    /// </summary>
    public static (MaskingSession Session, IReadOnlyList<string> MaskedTexts) Rebuild(
        IEnumerable<string> texts,
        PersonalDataScanner scanner,
        PersonalDataPolicySettings policy,
        CultureInfo workspaceCulture,
        bool maskWarnings = true)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(scanner);
        var session = new MaskingSession(workspaceCulture);
        var masked = texts.Select(t => session.Mask(t, scanner.Decide(t, policy).ToMask(maskWarnings))).ToList();
        return (session, masked);
    }

    /// <summary>Replaces each finding in <paramref name="text"/> by its placeholder.</summary>
    /// <param name="findings">Non-overlapping findings of this text (as the scanner returns them).</param>
    public string Mask(string text, IReadOnlyList<PersonalDataFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(findings);
        if (findings.Count == 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        var position = 0;
        foreach (var finding in findings.OrderBy(f => f.Start))
        {
            if (finding.Start < position || finding.End > text.Length)
            {
                throw new ArgumentException("Findings must not overlap and must lie within the text.", nameof(findings));
            }

            result.Append(text, position, finding.Start - position).Append(PlaceholderFor(finding));
            position = finding.End;
        }

        return result.Append(text, position, text.Length - position).ToString();
    }

    /// <summary>A restorer for the model's streamed answer, knowing every placeholder issued so far.</summary>
    public PlaceholderRestorer CreateRestorer() => new(_originals);

    private string PlaceholderFor(PersonalDataFinding finding)
    {
        var key = (finding.Category, finding.CanonicalValue);
        if (_placeholders.TryGetValue(key, out var existing))
        {
            return existing;
        }

        var number = _counters[finding.Category] = _counters.GetValueOrDefault(finding.Category) + 1;
        var label = PersonalDataStrings.PlaceholderLabel(finding.Category, _culture);
        var placeholder = IsJapanese(_culture)
            ? $"〔{label}{number.ToString(CultureInfo.InvariantCulture)}〕"
            : $"[{label}{number.ToString(CultureInfo.InvariantCulture)}]";
        _placeholders[key] = placeholder;
        _originals[placeholder] = finding.Value;
        return placeholder;
    }

    private static bool IsJapanese(CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "ja" || culture.Equals(CultureInfo.InvariantCulture);
}
