using SecureAiChat.Core.Plans;

namespace SecureAiChat.Core.Billing;

/// <summary>A plan change as the invoice sees it: the Tokyo date from which <see cref="To"/> is in force.</summary>
public sealed record BilledPlanChange(DateTimeOffset EffectiveAt, string From, string To);

/// <summary>An invoice's items and totals before they are numbered and saved.</summary>
public sealed record InvoiceDraft(IReadOnlyList<InvoiceLine> Lines, long SubtotalYen, long TaxYen)
{
    public long TotalYen => SubtotalYen + TaxYen;
}

/// <summary>
/// The amounts of one month's invoice, exact to the yen.
/// <list type="bullet">
/// <item>Each day of the month (Asia/Tokyo) is billed at the plan in force at the end of that day: an upgrade on the 10th
/// bills the 10th at the new plan; a downgrade effective on the 1st at 00:00 bills the whole month at the smaller plan.</item>
/// <item>Consecutive days on the same plan make one line: floor(monthly price × days ÷ days in the month), or the monthly
/// price itself when the line covers the whole month. Days before the workspace was created are not billed.</item>
/// <item>Consumption tax once per rate over the lines of that rate (all 10% today), rounded down (切り捨て), as the
/// invoice system requires: one rounding per rate and invoice, never per line.</item>
/// </list>
/// </summary>
public static class InvoiceCalculator
{
    public const int StandardRatePercent = 10;

    /// <summary>The consumption tax on a rate's tax-excluded total, rounded down to the yen.</summary>
    public static long TaxRoundedDown(long subtotalYen, int ratePercent) => subtotalYen * ratePercent / 100;

    /// <param name="month">The first day of the billed month.</param>
    /// <param name="serviceStart">The first day of service (the workspace's creation, Tokyo date).</param>
    /// <param name="currentPlan">The plan now (the plan of every day when no change touches the month).</param>
    /// <param name="changes">Applied plan changes of the workspace (any order, any dates).</param>
    public static InvoiceDraft Compute(DateOnly month, DateOnly serviceStart, string currentPlan, IEnumerable<BilledPlanChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var ordered = changes.Select(c => (On: WorkspaceDate(c.EffectiveAt), c.EffectiveAt, c.From, c.To))
            .OrderBy(c => c.EffectiveAt).ToList();
        var daysInMonth = DateTime.DaysInMonth(month.Year, month.Month);
        var last = month.AddDays(daysInMonth - 1);
        var lines = new List<InvoiceLine>();
        for (var day = serviceStart > month ? serviceStart : month; day <= last; day = day.AddDays(1))
        {
            var plan = PlanOn(day, currentPlan, ordered.Select(c => (c.On, c.From, c.To)).ToList());
            if (lines.Count > 0 && lines[^1].Plan == plan && lines[^1].To == day.AddDays(-1))
            {
                lines[^1].To = day;
                lines[^1].Days++;
                continue;
            }
            lines.Add(new InvoiceLine
            {
                Position = lines.Count + 1, Plan = plan, From = day, To = day, Days = 1, DaysInMonth = daysInMonth,
                MonthlyPriceYen = (long)PlanLimits.PlanOf(plan).MonthlyPriceYen, TaxRatePercent = StandardRatePercent,
            });
        }

        foreach (var line in lines)
            line.AmountYen = line.Days == daysInMonth ? line.MonthlyPriceYen : line.MonthlyPriceYen * line.Days / daysInMonth;
        var subtotal = lines.Sum(l => l.AmountYen);
        var tax = lines.GroupBy(l => l.TaxRatePercent).Sum(g => TaxRoundedDown(g.Sum(l => l.AmountYen), g.Key));
        return new InvoiceDraft(lines, subtotal, tax);
    }

    public static DateOnly WorkspaceDate(DateTimeOffset instant) => Tenancy.WorkspaceTime.Day(instant);

    // The last change in force by the end of the day; before the first change, the plan it changed from.
    private static string PlanOn(DateOnly day, string currentPlan, IReadOnlyList<(DateOnly On, string From, string To)> changes)
    {
        for (var i = changes.Count - 1; i >= 0; i--)
            if (changes[i].On <= day) return changes[i].To;
        return changes.Count > 0 ? changes[0].From : currentPlan;
    }
}
