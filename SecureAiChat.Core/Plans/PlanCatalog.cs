namespace SecureAiChat.Core.Plans;

/// <summary>
/// The plans the product sells. This is the single source of truth for prices, seats and token
/// allowances: pages, signup and quota checks read it instead of repeating the numbers.
/// </summary>
public static class PlanCatalog
{
    /// <summary>Onboarding flow for self-service customers: the admin does it all on day 1.</summary>
    public const string SelfServiceOnboardingFlow = "self-service";

    /// <summary>Onboarding flow for sales-led customers: inquiry, PoC, security review, phased rollout.</summary>
    public const string SalesLedOnboardingFlow = "sales-led";

    /// <summary>All plans, cheapest first.</summary>
    public static IReadOnlyList<Plan> All { get; } =
    [
        new(PlanCode.Starter, 29_800m, false, 10, 3_000_000, SupportLevel.Basic,
            RecommendedApiOption.SystemDefault, SignupMode.SelfService, SelfServiceOnboardingFlow) { MaxConcurrentAnswers = 20 },
        new(PlanCode.Standard, 49_800m, false, 50, 10_000_000, SupportLevel.Standard,
            RecommendedApiOption.OwnOpenAIKey, SignupMode.SelfService, SelfServiceOnboardingFlow) { MaxConcurrentAnswers = 50 },
        new(PlanCode.Professional, 98_000m, false, 200, 30_000_000, SupportLevel.Premium,
            RecommendedApiOption.OwnOpenAIKey, SignupMode.SalesLed, SalesLedOnboardingFlow) { MaxConcurrentAnswers = 150 },
        new(PlanCode.Enterprise, 198_000m, true, null, 100_000_000, SupportLevel.Enterprise,
            RecommendedApiOption.AzureOpenAI, SignupMode.SalesLed, SalesLedOnboardingFlow) { MaxConcurrentAnswers = 500 },
    ];

    /// <summary>Plans a visitor can sign up for without talking to sales.</summary>
    public static IReadOnlyList<Plan> SelfService { get; } =
        All.Where(p => p.SignupMode == SignupMode.SelfService).ToArray();

    /// <summary>Returns the plan for <paramref name="code"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The code is not a defined plan.</exception>
    public static Plan Find(PlanCode code) =>
        All.FirstOrDefault(p => p.Code == code)
        ?? throw new ArgumentOutOfRangeException(nameof(code), code, "Unknown plan code.");

    /// <summary>Looks up a plan by its code's name (case-insensitive), e.g. from a form or a query string.</summary>
    public static bool TryFind(string? code, out Plan plan)
    {
        plan = null!;
        if (!Enum.TryParse<PlanCode>(code, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
        {
            return false;
        }

        plan = Find(parsed);
        return true;
    }
}
