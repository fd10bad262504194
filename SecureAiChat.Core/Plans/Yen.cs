using System.Globalization;

namespace SecureAiChat.Core.Plans;

/// <summary>Formats amounts of Japanese yen the way the pricing page and emails show them.</summary>
public static class Yen
{
    private static readonly CultureInfo Japanese = CultureInfo.GetCultureInfo("ja-JP");

    /// <summary>Formats a whole-yen amount as "¥29,800" (negative: "-¥1,000").</summary>
    /// <remarks>
    /// The symbol is written by hand instead of using the "C" format: depending on the ICU version the
    /// ja-JP currency symbol is the full-width "￥", and we want the same half-width text everywhere
    /// regardless of the UI culture (the amount is always yen).
    /// </remarks>
    public static string Format(decimal amount)
    {
        var whole = Math.Round(amount, 0, MidpointRounding.AwayFromZero);
        var digits = Math.Abs(whole).ToString("#,0", Japanese);
        return whole < 0 ? "-¥" + digits : "¥" + digits;
    }
}
