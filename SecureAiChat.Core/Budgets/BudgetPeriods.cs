using SecureAiChat.Core.Tenancy;
using SecureAiChat.Core.Usage;

namespace SecureAiChat.Core.Budgets;

/// <summary>One period of a budget with its bounds in UTC.</summary>
/// <param name="Key"><c>2026-12</c> for a month; <c>FY2026-04</c> for the fiscal year starting April 2026 (the start
/// month is part of the key, so a changed start month begins a new ledger rather than mixing two years).</param>
public sealed record BudgetWindow(string Key, DateTime StartUtc, DateTime EndUtc)
{
    /// <summary>The period of <paramref name="budget"/> containing <paramref name="now"/> in <paramref name="timeZoneId"/>.</summary>
    public static BudgetWindow For(Budget budget, DateTimeOffset now, string? timeZoneId) =>
        For(budget.Period, budget.FiscalYearStartMonth, now, timeZoneId);

    public static BudgetWindow For(BudgetPeriod period, int fiscalYearStartMonth, DateTimeOffset now, string? timeZoneId)
    {
        if (period == BudgetPeriod.Month)
        {
            var month = UsageMonth.For(now, timeZoneId);
            return new BudgetWindow(month.Key, month.StartUtc, month.EndUtc);
        }

        var zone = WorkspaceTime.Zone(timeZoneId);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var startMonth = Math.Clamp(fiscalYearStartMonth, 1, 12);
        var startYear = local.Month >= startMonth ? local.Year : local.Year - 1;
        var first = new DateTime(startYear, startMonth, 1, 0, 0, 0, DateTimeKind.Unspecified);
        return new BudgetWindow($"FY{startYear:D4}-{startMonth:D2}",
            TimeZoneInfo.ConvertTimeToUtc(first, zone), TimeZoneInfo.ConvertTimeToUtc(first.AddYears(1), zone));
    }
}
