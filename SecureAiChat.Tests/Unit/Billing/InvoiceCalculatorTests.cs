using System.ComponentModel.DataAnnotations;
using SecureAiChat.Core.Billing;

namespace SecureAiChat.Tests.Unit.Billing;

/// <summary>Invoice amounts exact to the yen, computed by hand: day proration per plan, tax rounded down once per rate.</summary>
public sealed class InvoiceCalculatorTests
{
    private static readonly TimeSpan Tokyo = TimeSpan.FromHours(9);

    private static BilledPlanChange Change(int year, int month, int day, int hour, string from, string to) =>
        new(new DateTimeOffset(year, month, day, hour, 0, 0, Tokyo), from, to);

    [Fact]
    public void A_whole_month_on_one_plan_is_the_monthly_price_with_ten_percent_tax()
    {
        var draft = InvoiceCalculator.Compute(new DateOnly(2031, 2, 1), new DateOnly(2030, 5, 1), "Standard", []);

        var line = Assert.Single(draft.Lines);
        Assert.Equal(("Standard", 28, 28, 49_800L), (line.Plan, line.Days, line.DaysInMonth, line.AmountYen));
        Assert.Equal((49_800L, 4_980L, 54_780L), (draft.SubtotalYen, draft.TaxYen, draft.TotalYen));
    }

    [Fact]
    public void A_mid_month_upgrade_bills_the_day_of_the_change_at_the_new_plan_and_rounds_each_line_and_the_tax_down()
    {
        // December has 31 days. Upgrade on the 11th at 15:00 Tokyo: Starter 1–10 (10 days), Standard 11–31 (21 days).
        //   Starter  29,800 × 10 / 31 =  9,612.90… →  9,612
        //   Standard 49,800 × 21 / 31 = 33,735.48… → 33,735
        //   subtotal 43,347; tax 4,334.7 → 4,334 (rounding half up would give 4,335); total 47,681
        var draft = InvoiceCalculator.Compute(new DateOnly(2031, 12, 1), new DateOnly(2031, 1, 1), "Standard",
            [Change(2031, 12, 11, 15, "Starter", "Standard")]);

        Assert.Collection(draft.Lines,
            l => Assert.Equal(("Starter", new DateOnly(2031, 12, 1), new DateOnly(2031, 12, 10), 10, 9_612L), (l.Plan, l.From, l.To, l.Days, l.AmountYen)),
            l => Assert.Equal(("Standard", new DateOnly(2031, 12, 11), new DateOnly(2031, 12, 31), 21, 33_735L), (l.Plan, l.From, l.To, l.Days, l.AmountYen)));
        Assert.Equal((43_347L, 4_334L, 47_681L), (draft.SubtotalYen, draft.TaxYen, draft.TotalYen));
    }

    [Fact]
    public void A_downgrade_effective_at_the_period_start_bills_the_whole_month_at_the_smaller_plan()
    {
        // Scheduled for 1 November 00:00 Tokyo (= 31 October 15:00 UTC): all of November is Starter, nothing of Standard.
        var draft = InvoiceCalculator.Compute(new DateOnly(2031, 11, 1), new DateOnly(2031, 1, 1), "Starter",
            [new BilledPlanChange(new DateTimeOffset(2031, 10, 31, 15, 0, 0, TimeSpan.Zero), "Standard", "Starter")]);

        var line = Assert.Single(draft.Lines);
        Assert.Equal(("Starter", 30, 29_800L), (line.Plan, line.Days, line.AmountYen));
        Assert.Equal((29_800L, 2_980L, 32_780L), (draft.SubtotalYen, draft.TaxYen, draft.TotalYen));
    }

    [Fact]
    public void A_later_change_does_not_touch_the_month_but_names_the_plan_it_had()
    {
        // In April the workspace was on Standard; it upgraded to Professional in May.
        var draft = InvoiceCalculator.Compute(new DateOnly(2031, 4, 1), new DateOnly(2031, 1, 1), "Professional",
            [Change(2031, 5, 3, 10, "Standard", "Professional")]);

        Assert.Equal(("Standard", 49_800L), (Assert.Single(draft.Lines).Plan, draft.SubtotalYen));
    }

    [Fact]
    public void A_workspace_created_mid_month_is_billed_from_its_first_day()
    {
        // November has 30 days; created on the 21st: 10 days of Standard = 49,800 × 10 / 30 = 16,600 exactly; tax 1,660.
        var draft = InvoiceCalculator.Compute(new DateOnly(2031, 11, 1), new DateOnly(2031, 11, 21), "Standard", []);

        Assert.Equal((10, 16_600L, 1_660L), (Assert.Single(draft.Lines).Days, draft.SubtotalYen, draft.TaxYen));
        Assert.Empty(InvoiceCalculator.Compute(new DateOnly(2031, 10, 1), new DateOnly(2031, 11, 21), "Standard", []).Lines);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(9, 0)]
    [InlineData(19, 1)]
    [InlineData(43_347, 4_334)]
    [InlineData(49_800, 4_980)]
    public void Tax_is_rounded_down_to_the_yen(long subtotal, long tax) => Assert.Equal(tax, InvoiceCalculator.TaxRoundedDown(subtotal, 10));

    [Theory]
    [InlineData("T123456789012")]
    [InlineData("1234567890123")]
    [InlineData("T12345678901234")]
    [InlineData("t1234567890123")]
    [InlineData("T12345678901２3")]
    public void A_registration_number_other_than_T_and_13_digits_is_refused_with_a_message_naming_the_key(string number)
    {
        var options = new BillingOptions { IssuerName = "株式会社テスト", RegistrationNumber = number, Address = "東京都", BankAccount = "銀行", FontPath = typeof(object).Assembly.Location };

        var errors = options.Validate(new ValidationContext(options)).ToList();

        Assert.Contains(errors, e => e.ErrorMessage!.Contains("Billing:RegistrationNumber", StringComparison.Ordinal)
            && e.ErrorMessage.Contains("13 digits", StringComparison.Ordinal));
    }

    [Fact]
    public void Billing_left_unconfigured_is_valid_and_off_but_half_configured_is_refused()
    {
        var off = new BillingOptions();
        Assert.False(off.IsConfigured);
        Assert.Empty(off.Validate(new ValidationContext(off)));

        var half = new BillingOptions { RegistrationNumber = "T1234567890123", FontPath = typeof(object).Assembly.Location };
        var errors = half.Validate(new ValidationContext(half)).Select(e => e.MemberNames.Single()).ToList();
        Assert.Equal(["IssuerName", "Address", "BankAccount"], errors);
    }
}
