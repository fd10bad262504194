using SecureAiChat.Core.Usage;

namespace SecureAiChat.Core.Plans;

/// <summary>Which of the plan's limits the workspace is close to.</summary>
[Flags]
public enum PlanPressure
{
    None = 0,
    Seats = 1,
    Tokens = 2,
}

/// <summary>Where a workspace goes to change its plan on the platform site.</summary>
public enum PlanChangeRoute
{
    /// <summary>The pricing page: self-service plans are changed there.</summary>
    PricingPage,

    /// <summary>The contact-sales form, with <see cref="PlanAdvice.ChangeTo"/> preselected.</summary>
    ContactSales,
}

/// <summary>
/// The plan page's recommendation (onboarding "review-plan"): a workspace at or above
/// <see cref="NearLimitPercent"/> of its seats, or of the system-default token allowance while it uses the system
/// default, is pointed at the next plan in the catalog where both would sit below that line again (or the largest
/// plan when none does). An own provider has no allowance, so its tokens never count here.
/// </summary>
/// <param name="Pressure">The limits at or above <see cref="NearLimitPercent"/>.</param>
/// <param name="Suggested">The larger plan that fits; null when the plan fits or there is no larger plan.</param>
/// <param name="AllowanceApplies">False when an own provider answers, so the monthly allowance does not apply.</param>
/// <param name="ChangeRoute">Self-service plans (from and to) change on the pricing page, the others through sales.</param>
/// <param name="ChangeTo">The plan to name when asking to change: the suggestion, else the current plan.</param>
public sealed record PlanAdvice(PlanPressure Pressure, Plan? Suggested, bool AllowanceApplies, PlanChangeRoute ChangeRoute, Plan ChangeTo)
{
    /// <summary>The share of a limit from which a larger plan is recommended (the allowance alert's first threshold).</summary>
    public const int NearLimitPercent = 80;

    /// <summary>True when nothing is near its limit.</summary>
    public bool Fits => Pressure == PlanPressure.None;

    public static PlanAdvice For(Plan current, SeatUsage seats, AllowanceStatus tokens, bool systemDefault)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(tokens);
        var pressure = PlanPressure.None;
        if (seats.Percent >= NearLimitPercent) pressure |= PlanPressure.Seats;
        if (systemDefault && tokens.Percent >= NearLimitPercent) pressure |= PlanPressure.Tokens;

        Plan? suggested = null;
        if (pressure != PlanPressure.None)
        {
            // The same usage measured against each larger plan's limits; the catalog is cheapest first.
            var larger = PlanCatalog.All.SkipWhile(p => p.Code != current.Code).Skip(1).ToList();
            suggested = larger.FirstOrDefault(p =>
                    (seats with { PlanSeats = p.Seats }).Percent < NearLimitPercent
                    && (!systemDefault || (tokens with { LimitTokens = p.MonthlySystemTokens }).Percent < NearLimitPercent))
                ?? larger.LastOrDefault();
        }

        var changeTo = suggested ?? current;
        var route = current.SignupMode == SignupMode.SelfService && changeTo.SignupMode == SignupMode.SelfService
            ? PlanChangeRoute.PricingPage
            : PlanChangeRoute.ContactSales;
        return new PlanAdvice(pressure, suggested, systemDefault, route, changeTo);
    }
}
