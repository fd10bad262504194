using System.Text.RegularExpressions;
using PhoneNumbers;

namespace SecureAiChat.Core.PersonalData;

/// <summary>
/// Japanese phone numbers, landline and mobile, national (0…) or international (+81…). A regular expression
/// finds candidates that start with 0 or +81 (so amounts and dates, which do not, are never candidates);
/// libphonenumber then decides whether the digits are a real Japanese number of a personal kind.
/// </summary>
internal sealed partial class PhoneDetector : IPersonalDataDetector
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public void Detect(DetectionContext context)
    {
        foreach (Match match in Candidate().Matches(context.Text))
        {
            var digits = DigitsOf(match.ValueSpan);
            if (digits.Length is < 10 or > 13)
            {
                continue;
            }

            PhoneNumber number;
            try
            {
                number = Util.Parse(match.Value, "JP");
            }
            catch (NumberParseException)
            {
                continue;
            }

            if (number.CountryCode != 81 || !Util.IsValidNumber(number) || !IsPersonalKind(Util.GetNumberType(number)))
            {
                continue;
            }

            var start = match.Index;
            var end = match.Index + match.Length;
            var confidence = context.HasContext(start, end, ContextWords.Phone) || match.Value.StartsWith('+')
                || match.Value.Contains('-', StringComparison.Ordinal) || match.Value.Contains('(', StringComparison.Ordinal)
                ? DetectionConfidence.High
                : DetectionConfidence.Medium;
            context.Add(PersonalDataCategory.Phone, start, end, confidence, Util.Format(number, PhoneNumberFormat.E164));
        }
    }

    private static bool IsPersonalKind(PhoneNumberType type) => type is PhoneNumberType.FIXED_LINE or PhoneNumberType.MOBILE
        or PhoneNumberType.FIXED_LINE_OR_MOBILE or PhoneNumberType.VOIP or PhoneNumberType.TOLL_FREE
        or PhoneNumberType.SHARED_COST or PhoneNumberType.PAGER or PhoneNumberType.PERSONAL_NUMBER or PhoneNumberType.UAN;

    private static string DigitsOf(ReadOnlySpan<char> value)
    {
        Span<char> buffer = stackalloc char[value.Length];
        var n = 0;
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                buffer[n++] = c;
            }
        }

        return new string(buffer[..n]);
    }

    // Not preceded (unless it opens with a parenthesis, as in TEL(03)…) by a letter, digit, '+', '-' or '/' (the tail of a date or an identifier); at most one
    // separator between groups; not followed by more digits. Matches 03-1234-5678, 090 1234 5678,
    // (03)1234-5678, 0120-123-456, +81-90-1234-5678, +81 (0)3 1234 5678, 09012345678.
    [GeneratedRegex(@"(?:\(0|(?<![0-9A-Za-z+\-/.])(?:\+81[ \-]?(?:\(0\)[ ]?)?|0))[0-9]{1,4}\)?[ \-]?[0-9]{1,4}[ \-]?[0-9]{3,4}(?![0-9A-Za-z]|-[0-9]|/[0-9])",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Candidate();
}
