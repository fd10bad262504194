using SecureAiChat.Core.Plans;

namespace SecureAiChat.Tests.Unit.Plans;

public sealed class PriceFormattingTests
{
    [Theory]
    [InlineData(29_800, 32_780)]
    [InlineData(49_800, 54_780)]
    [InlineData(98_000, 107_800)]
    [InlineData(198_000, 217_800)]
    public void Tax_included_price_adds_ten_percent(int excluded, int included)
    {
        Assert.Equal(included, ConsumptionTax.IncludingTax(excluded));
    }

    [Theory]
    [InlineData(5, 1)]     // 0.5 rounds away from zero
    [InlineData(4, 0)]     // 0.4 rounds down
    [InlineData(15, 2)]    // 1.5 rounds away from zero, not to even
    [InlineData(-5, -1)]   // credits mirror charges
    public void Tax_rounds_half_away_from_zero_to_whole_yen(decimal excluded, decimal tax)
    {
        Assert.Equal(tax, ConsumptionTax.TaxOn(excluded));
        Assert.Equal(excluded + tax, ConsumptionTax.IncludingTax(excluded));
    }

    [Fact]
    public void Plan_exposes_its_tax_included_price()
    {
        Assert.Equal(32_780m, PlanCatalog.Find(PlanCode.Starter).MonthlyPriceYenIncludingTax);
    }

    [Theory]
    [InlineData(29_800, "¥29,800")]
    [InlineData(198_000, "¥198,000")]
    [InlineData(0, "¥0")]
    [InlineData(999.5, "¥1,000")]
    [InlineData(-1_000, "-¥1,000")]
    public void Yen_formats_with_half_width_symbol_and_thousands_separators(decimal amount, string expected)
    {
        Assert.Equal(expected, Yen.Format(amount));
    }

    [Fact]
    public void Yen_format_does_not_depend_on_the_current_culture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            Assert.Equal("¥1,234,567", Yen.Format(1_234_567m));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }
}
