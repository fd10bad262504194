using System.Globalization;
using SecureAiChat.Core.Budgets;

namespace SecureAiChat.Web.Features.Budgets;

/// <summary>Marker for Features/Budgets/BudgetsStrings.resx: the budgets page and the remaining-budget indicator.</summary>
public sealed class BudgetsStrings
{
    /// <summary>An amount as people read it: <c>¥12,000</c> or <c>1,500,000 tokens</c> (the unit word from the resources).</summary>
    public static string Amount(BudgetUnit unit, long amount, string tokensWord) =>
        unit == BudgetUnit.Yen
            ? "¥" + amount.ToString("N0", CultureInfo.CurrentCulture)
            : amount.ToString("N0", CultureInfo.CurrentCulture) + " " + tokensWord;

    /// <summary>The level as the member reads it in a banner or the request dialog ("部署", "the workspace budget").</summary>
    public static string LevelOf(Microsoft.Extensions.Localization.IStringLocalizer<BudgetsStrings> l, BudgetLevel level) => l["Budget_" + level];
}
