using SecureAiChat.Core.Usage;

namespace SecureAiChat.Core.Budgets;

/// <summary>An answer's cost in a budget's ledger units.</summary>
public static class BudgetCosts
{
    public const long MicroYenPerYen = 1_000_000;

    /// <summary>
    /// Tokens, or micro-yen rounded up: prices are USD per million tokens, so tokens × price × rate is micro-yen
    /// exactly. A model missing from the price table is charged at the table's most expensive prices: a yen budget
    /// must not let an unpriced model (an own key's custom deployment) run free.
    /// </summary>
    public static long Units(BudgetUnit unit, UsagePricingOptions pricing, string model, long inputTokens, long outputTokens)
    {
        if (unit == BudgetUnit.Tokens)
        {
            return inputTokens + outputTokens;
        }

        var price = pricing.Models.FirstOrDefault(p => string.Equals(p.Key, model, StringComparison.OrdinalIgnoreCase)).Value
            ?? new ModelPrice
            {
                InputPerMillionUsd = pricing.Models.Values.Select(p => p.InputPerMillionUsd).DefaultIfEmpty(0).Max(),
                OutputPerMillionUsd = pricing.Models.Values.Select(p => p.OutputPerMillionUsd).DefaultIfEmpty(0).Max(),
            };
        return (long)Math.Ceiling((inputTokens * price.InputPerMillionUsd + outputTokens * price.OutputPerMillionUsd) * pricing.UsdToJpy);
    }
}
