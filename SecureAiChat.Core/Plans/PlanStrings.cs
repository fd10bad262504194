using System.Globalization;
using System.Resources;

namespace SecureAiChat.Core.Plans;

/// <summary>
/// Localized display text for plans (PlanStrings.resx, Japanese default, English beside it), so the
/// pricing page, signup and emails describe the catalog the same way.
/// </summary>
public static class PlanStrings
{
    private static readonly ResourceManager Resources = new("SecureAiChat.Core.Plans.PlanStrings", typeof(PlanStrings).Assembly);

    /// <summary>The support level as a sentence, e.g. "ベーシック: ドキュメント + チャットサポート".</summary>
    public static string Support(SupportLevel level, CultureInfo? culture = null) => Get("Support_" + level, culture);

    /// <summary>The recommended AI provider option, e.g. "システムデフォルト（…）".</summary>
    public static string ApiOption(RecommendedApiOption option, CultureInfo? culture = null) => Get("Api_" + option, culture);

    /// <summary>The call to action for how customers start: "今すぐ開始" or "営業担当にお問い合わせ".</summary>
    public static string Signup(SignupMode mode, CultureInfo? culture = null) => Get("Signup_" + mode, culture);

    /// <summary>Seats, e.g. "10 名まで" or "無制限".</summary>
    public static string Seats(Plan plan, CultureInfo? culture = null) =>
        plan.Seats is { } seats
            ? string.Format(Resolve(culture), Get("Seats_Limited", culture), seats.ToString("N0", Resolve(culture)))
            : Get("Seats_Unlimited", culture);

    /// <summary>Monthly system-default tokens, e.g. "月間 3,000,000 トークン".</summary>
    public static string Tokens(Plan plan, CultureInfo? culture = null) =>
        string.Format(Resolve(culture), Get("Tokens_PerMonth", culture), plan.MonthlySystemTokens.ToString("N0", Resolve(culture)));

    /// <summary>Tax-excluded monthly price, e.g. "¥29,800 / 月（税抜）" or "¥198,000〜 / 月（税抜）".</summary>
    public static string Price(Plan plan, CultureInfo? culture = null) =>
        string.Format(Resolve(culture), Get(plan.PriceIsStartingFrom ? "Price_StartingFrom" : "Price_PerMonth", culture), Yen.Format(plan.MonthlyPriceYen));

    /// <summary>Tax-included monthly price to show beside <see cref="Price"/>, e.g. "税込 ¥32,780".</summary>
    public static string PriceIncludingTax(Plan plan, CultureInfo? culture = null) =>
        string.Format(Resolve(culture), Get("Price_IncludingTax", culture), Yen.Format(plan.MonthlyPriceYenIncludingTax));

    private static CultureInfo Resolve(CultureInfo? culture) => culture ?? CultureInfo.CurrentUICulture;

    private static string Get(string name, CultureInfo? culture) =>
        Resources.GetString(name, Resolve(culture)) ?? throw new InvalidOperationException($"Missing plan resource '{name}'.");
}
