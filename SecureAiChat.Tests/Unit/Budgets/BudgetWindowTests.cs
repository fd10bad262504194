using SecureAiChat.Core.Budgets;

namespace SecureAiChat.Tests.Unit.Budgets;

/// <summary>Budget periods in the workspace's time zone: Tokyo months, fiscal years from the workspace's start month.</summary>
public sealed class BudgetWindowTests
{
    [Fact]
    public void A_month_starts_at_Tokyo_midnight_on_the_first()
    {
        // 2026-10-31 15:00 UTC is November 1st 00:00 in Tokyo; a second earlier is still October.
        var november = BudgetWindow.For(BudgetPeriod.Month, 4, new DateTimeOffset(2026, 10, 31, 15, 0, 0, TimeSpan.Zero), "Asia/Tokyo");
        var october = BudgetWindow.For(BudgetPeriod.Month, 4, new DateTimeOffset(2026, 10, 31, 14, 59, 59, TimeSpan.Zero), "Asia/Tokyo");

        Assert.Equal(("2026-11", new DateTime(2026, 10, 31, 15, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 30, 15, 0, 0, DateTimeKind.Utc)),
            (november.Key, november.StartUtc, november.EndUtc));
        Assert.Equal("2026-10", october.Key);
    }

    [Fact]
    public void A_fiscal_year_from_April_runs_from_Tokyo_April_1st_to_the_next_April_1st()
    {
        // 2027-03-31 15:00 UTC is April 1st 2027 in Tokyo: fiscal 2027 begins; a second earlier is fiscal 2026.
        var fy2027 = BudgetWindow.For(BudgetPeriod.FiscalYear, 4, new DateTimeOffset(2027, 3, 31, 15, 0, 0, TimeSpan.Zero), "Asia/Tokyo");
        var fy2026 = BudgetWindow.For(BudgetPeriod.FiscalYear, 4, new DateTimeOffset(2027, 3, 31, 14, 59, 59, TimeSpan.Zero), "Asia/Tokyo");

        Assert.Equal(("FY2027-04", new DateTime(2027, 3, 31, 15, 0, 0, DateTimeKind.Utc), new DateTime(2028, 3, 31, 15, 0, 0, DateTimeKind.Utc)),
            (fy2027.Key, fy2027.StartUtc, fy2027.EndUtc));
        Assert.Equal(("FY2026-04", new DateTime(2026, 3, 31, 15, 0, 0, DateTimeKind.Utc)), (fy2026.Key, fy2026.StartUtc));
    }

    [Fact]
    public void A_fiscal_year_follows_the_workspaces_start_month()
    {
        var january = BudgetWindow.For(BudgetPeriod.FiscalYear, 1, new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero), "Asia/Tokyo");
        var october = BudgetWindow.For(BudgetPeriod.FiscalYear, 10, new DateTimeOffset(2026, 9, 30, 14, 59, 0, TimeSpan.Zero), "Asia/Tokyo");

        Assert.Equal("FY2026-01", january.Key);
        Assert.Equal(("FY2025-10", new DateTime(2025, 9, 30, 15, 0, 0, DateTimeKind.Utc)), (october.Key, october.StartUtc));
    }

    [Fact]
    public void Yen_costs_are_micro_yen_rounded_up_and_unpriced_models_pay_the_tables_highest_prices()
    {
        var pricing = new SecureAiChat.Core.Usage.UsagePricingOptions();

        Assert.Equal(45_248, BudgetCosts.Units(BudgetUnit.Yen, pricing, "gpt-4o-mini", 11, 500));
        Assert.Equal(511, BudgetCosts.Units(BudgetUnit.Tokens, pricing, "anything", 11, 500));
        // gpt-4o's $2.50 / $10.00 are the highest in the default table.
        Assert.Equal(BudgetCosts.Units(BudgetUnit.Yen, pricing, "gpt-4o", 11, 500), BudgetCosts.Units(BudgetUnit.Yen, pricing, "my-deployment", 11, 500));
    }
}
