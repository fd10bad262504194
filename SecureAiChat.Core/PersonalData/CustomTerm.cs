using System.Text;
using System.Text.RegularExpressions;

namespace SecureAiChat.Core.PersonalData;

/// <summary>A workspace's own sensitive word (社外秘, a project code name) or regular expression.</summary>
/// <param name="Value">The word, or the pattern when <paramref name="IsPattern"/>.</param>
/// <param name="IsPattern">True for a .NET regular expression (matched against the normalised text).</param>
public sealed record CustomTerm(string Value, bool IsPattern = false)
{
    public const int MaxLength = 200;
    public const int MaxTermsPerWorkspace = 100;

    /// <summary>A pattern that needs longer than this on one message is stopped (and the message treated as matching).</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(50);

    /// <summary>Why the term cannot be used, or null when it is fine.</summary>
    public PersonalDataPolicyProblem? Validate()
    {
        if (string.IsNullOrWhiteSpace(Value))
        {
            return PersonalDataPolicyProblem.Empty;
        }

        if (Value.Length > MaxLength)
        {
            return PersonalDataPolicyProblem.TooLong;
        }

        if (!IsPattern)
        {
            return null;
        }

        Regex regex;
        try
        {
            regex = new Regex(Value, Options, MatchTimeout);
        }
        catch (ArgumentException)
        {
            return PersonalDataPolicyProblem.InvalidPattern;
        }

        try
        {
            // A pattern that matches nothing at all (a*, \b) would flag every message.
            return regex.IsMatch(string.Empty) ? PersonalDataPolicyProblem.MatchesEmpty : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return PersonalDataPolicyProblem.InvalidPattern;
        }
    }

    internal const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.IgnoreCase;

    /// <summary>The word as the detector compares it: NFKC and lower case, like the text it is looked for in.</summary>
    internal string NormalizedWord => Value.Trim().Normalize(NormalizationForm.FormKC).ToLowerInvariant();
}

/// <summary>
/// Why a data-protection policy was refused (nothing was saved); the page words it (<c>PersonalDataPolicyProblem_X</c>). A
/// term's problem carries the term (shortened) as its value and its line on the page.
/// </summary>
public enum PersonalDataPolicyProblem
{
    Empty,
    TooLong,
    InvalidPattern,
    MatchesEmpty,

    /// <summary>More than <see cref="CustomTerm.MaxTermsPerWorkspace"/> terms (the value).</summary>
    TooMany,

    /// <summary>An action the category does not offer: the value is <c>Category/Action</c> (their enum names).</summary>
    ActionNotAllowed,
}

/// <summary>Finds the workspace's custom words (case-insensitive, width-insensitive) and patterns.</summary>
internal sealed class CustomTermDetector(IReadOnlyList<CustomTerm> terms) : IPersonalDataDetector
{
    private readonly (CustomTerm Term, Regex? Regex)[] _terms = [.. terms
        .Where(t => t.Validate() is null)
        .Select(t => (t, t.IsPattern ? new Regex(t.Value, CustomTerm.Options, CustomTerm.MatchTimeout) : null))];

    public void Detect(DetectionContext context)
    {
        foreach (var (term, regex) in _terms)
        {
            if (regex is null)
            {
                FindWord(context, term.NormalizedWord);
                continue;
            }

            try
            {
                foreach (Match match in regex.Matches(context.Text))
                {
                    if (match.Length > 0)
                    {
                        context.Add(PersonalDataCategory.CustomTerm, match.Index, match.Index + match.Length, DetectionConfidence.High, match.Value.ToLowerInvariant());
                    }
                }
            }
            catch (RegexMatchTimeoutException)
            {
                context.TimedOutTerms.Add(term);
            }
        }
    }

    private static void FindWord(DetectionContext context, string word)
    {
        var index = 0;
        while ((index = context.Lower.IndexOf(word, index, StringComparison.Ordinal)) >= 0)
        {
            context.Add(PersonalDataCategory.CustomTerm, index, index + word.Length, DetectionConfidence.High, word);
            index += word.Length;
        }
    }
}
