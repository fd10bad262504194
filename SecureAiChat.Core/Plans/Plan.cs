namespace SecureAiChat.Core.Plans;

/// <summary>One subscription plan as sold on the pricing page.</summary>
/// <param name="Code">Stable identifier of the plan.</param>
/// <param name="MonthlyPriceYen">Monthly price in JPY, consumption tax excluded.</param>
/// <param name="PriceIsStartingFrom">True when the price is a floor ("from ¥198,000"), negotiated per customer.</param>
/// <param name="Seats">Seats included (active members plus pending invitations); null means unlimited.</param>
/// <param name="MonthlySystemTokens">Tokens per calendar month the platform's default key may use for the tenant.</param>
/// <param name="Support">Support level included.</param>
/// <param name="RecommendedApiOption">The provider option this plan's customers are steered to.</param>
/// <param name="SignupMode">Self-service signup or sales-led start.</param>
/// <param name="OnboardingFlowKey">Key of the onboarding flow (steps) customers on this plan follow.</param>
public sealed record Plan(
    PlanCode Code,
    decimal MonthlyPriceYen,
    bool PriceIsStartingFrom,
    int? Seats,
    long MonthlySystemTokens,
    SupportLevel Support,
    RecommendedApiOption RecommendedApiOption,
    SignupMode SignupMode,
    string OnboardingFlowKey)
{
    /// <summary>
    /// Answers the whole workspace may have streaming at once (across all app instances): one workspace must not be
    /// able to hold all of the shared server's connections to the model.
    /// </summary>
    public int MaxConcurrentAnswers { get; init; } = 20;

    /// <summary>True when the plan has no seat limit.</summary>
    public bool HasUnlimitedSeats => Seats is null;

    /// <summary>Monthly price including consumption tax, rounded to whole yen.</summary>
    public decimal MonthlyPriceYenIncludingTax => ConsumptionTax.IncludingTax(MonthlyPriceYen);

    /// <summary>Whether the plan has room for <paramref name="seatsInUse"/> seats in total.</summary>
    public bool AllowsSeats(int seatsInUse) => Seats is null || seatsInUse <= Seats.Value;
}
