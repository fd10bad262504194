using SecureAiChat.Core.Plans;

namespace SecureAiChat.Tests.Unit.Plans;

public sealed class PlanCatalogTests
{
    [Theory]
    [InlineData(PlanCode.Starter, 29_800, false, 10, 3_000_000, SignupMode.SelfService)]
    [InlineData(PlanCode.Standard, 49_800, false, 50, 10_000_000, SignupMode.SelfService)]
    [InlineData(PlanCode.Professional, 98_000, false, 200, 30_000_000, SignupMode.SalesLed)]
    [InlineData(PlanCode.Enterprise, 198_000, true, null, 100_000_000, SignupMode.SalesLed)]
    public void Catalog_matches_the_published_price_table(
        PlanCode code, int price, bool startingFrom, int? seats, long tokens, SignupMode mode)
    {
        var plan = PlanCatalog.Find(code);

        Assert.Equal(price, plan.MonthlyPriceYen);
        Assert.Equal(startingFrom, plan.PriceIsStartingFrom);
        Assert.Equal(seats, plan.Seats);
        Assert.Equal(tokens, plan.MonthlySystemTokens);
        Assert.Equal(mode, plan.SignupMode);
    }

    [Fact]
    public void Catalog_has_every_plan_code_once_cheapest_first()
    {
        Assert.Equal(Enum.GetValues<PlanCode>(), PlanCatalog.All.Select(p => p.Code));
        Assert.Equal(PlanCatalog.All.OrderBy(p => p.MonthlyPriceYen), PlanCatalog.All);
    }

    [Fact]
    public void Self_service_plans_are_starter_and_standard()
    {
        Assert.Equal([PlanCode.Starter, PlanCode.Standard], PlanCatalog.SelfService.Select(p => p.Code));
    }

    [Fact]
    public void Recommended_api_options_follow_the_seed()
    {
        Assert.Equal(RecommendedApiOption.SystemDefault, PlanCatalog.Find(PlanCode.Starter).RecommendedApiOption);
        Assert.Equal(RecommendedApiOption.OwnOpenAIKey, PlanCatalog.Find(PlanCode.Standard).RecommendedApiOption);
        Assert.Equal(RecommendedApiOption.AzureOpenAI, PlanCatalog.Find(PlanCode.Enterprise).RecommendedApiOption);
    }

    [Fact]
    public void Find_rejects_an_undefined_code()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PlanCatalog.Find((PlanCode)42));
    }

    [Theory]
    [InlineData("starter", true)]
    [InlineData("ENTERPRISE", true)]
    [InlineData("gold", false)]
    [InlineData("42", false)]
    [InlineData(null, false)]
    public void TryFind_parses_names_case_insensitively_and_nothing_else(string? input, bool found)
    {
        Assert.Equal(found, PlanCatalog.TryFind(input, out _));
    }

    [Fact]
    public void Seat_limit_counts_up_to_the_plan_seats_and_enterprise_is_unlimited()
    {
        var starter = PlanCatalog.Find(PlanCode.Starter);
        Assert.True(starter.AllowsSeats(10));
        Assert.False(starter.AllowsSeats(11));
        Assert.True(PlanCatalog.Find(PlanCode.Enterprise).AllowsSeats(100_000));
        Assert.True(PlanCatalog.Find(PlanCode.Enterprise).HasUnlimitedSeats);
    }
}
