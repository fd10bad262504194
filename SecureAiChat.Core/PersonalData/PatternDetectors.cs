using System.Text.RegularExpressions;

namespace SecureAiChat.Core.PersonalData;

/// <summary>E-mail addresses (full-width ＠ and letters are already half-width after NFKC).</summary>
internal sealed partial class EmailDetector : IPersonalDataDetector
{
    public void Detect(DetectionContext context)
    {
        foreach (Match match in Email().Matches(context.Text))
        {
            context.Add(PersonalDataCategory.Email, match.Index, match.Index + match.Length, DetectionConfidence.High,
                match.Value.ToLowerInvariant());
        }
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9](?:[A-Za-z0-9._%+\-]{0,63})@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![A-Za-z0-9])",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Email();
}

/// <summary>
/// Postal codes written with 〒 or 郵便番号, and addresses that start with a prefecture followed within a
/// few characters by a city, ward, town, village or district (市/区/町/村/郡). An address without its
/// prefecture (横浜市中区…) is not found: a city list would cost many false positives in ordinary prose.
/// </summary>
internal sealed partial class AddressDetector : IPersonalDataDetector
{
    public void Detect(DetectionContext context)
    {
        foreach (Match match in PostalCode().Matches(context.Text))
        {
            var code = match.Groups["code"];
            context.Add(PersonalDataCategory.Address, match.Index, match.Index + match.Length, DetectionConfidence.High,
                code.Value.Replace("-", string.Empty, StringComparison.Ordinal));
        }

        foreach (Match match in Address().Matches(context.Text))
        {
            var value = match.Value.TrimEnd('-', 'の');
            var confidence = BlockNumber().IsMatch(value) ? DetectionConfidence.High : DetectionConfidence.Medium;
            context.Add(PersonalDataCategory.Address, match.Index, match.Index + value.Length, confidence, value);
        }
    }

    [GeneratedRegex(@"(?:〒|郵便番号[:：]?)[ ]?(?<code>[0-9]{3}-?[0-9]{4})(?![0-9])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PostalCode();

    [GeneratedRegex(
        @"(?:北海道|東京都|京都府|大阪府|(?:青森|岩手|宮城|秋田|山形|福島|茨城|栃木|群馬|埼玉|千葉|神奈川|新潟|富山|石川|福井|山梨|長野|岐阜|静岡|愛知|三重|滋賀|兵庫|奈良|和歌山|鳥取|島根|岡山|広島|山口|徳島|香川|愛媛|高知|福岡|佐賀|長崎|熊本|大分|宮崎|鹿児島|沖縄)県)[ ]?(?=[\p{IsCJKUnifiedIdeographs}\p{IsKatakana}\p{IsHiragana}ヶ]{1,8}?[市区町村郡])[\p{IsCJKUnifiedIdeographs}\p{IsKatakana}\p{IsHiragana}ヶ0-9\-]{2,40}",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Address();

    [GeneratedRegex(@"[0-9]+(?:丁目|番地?|号|-[0-9]+)", RegexOptions.CultureInvariant)]
    private static partial Regex BlockNumber();
}

/// <summary>Passport numbers: two letters and seven digits (TK1234567) near 旅券/パスポート/passport.</summary>
internal sealed partial class PassportDetector : IPersonalDataDetector
{
    public void Detect(DetectionContext context)
    {
        foreach (Match match in Passport().Matches(context.Text))
        {
            var end = match.Index + match.Length;
            if (context.HasContext(match.Index, end, ContextWords.Passport, before: 30))
            {
                context.Add(PersonalDataCategory.Passport, match.Index, end, DetectionConfidence.High, match.Value.ToUpperInvariant());
            }
        }
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9])[A-Za-z]{2}[0-9]{7}(?![A-Za-z0-9])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Passport();
}
