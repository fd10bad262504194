using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Team;
using SecureAiChat.Core.Usage;

namespace SecureAiChat.Tests.Unit.Plans;

public sealed class PlanAdviceTests
{
    private static readonly UsageMonth Month = UsageMonth.For(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero), "Asia/Tokyo");

    private static PlanAdvice Advise(PlanCode code, int members, long tokens, bool systemDefault = true, int pending = 0)
    {
        var plan = PlanCatalog.Find(code);
        return PlanAdvice.For(plan, new SeatUsage(members, pending, plan.Seats), new AllowanceStatus(Month, tokens, plan.MonthlySystemTokens), systemDefault);
    }

    [Fact]
    public void Below_80_percent_of_seats_and_tokens_the_plan_fits()
    {
        var advice = Advise(PlanCode.Starter, members: 7, tokens: 2_399_999); // 70%, 79.99%

        Assert.True(advice.Fits);
        Assert.Null(advice.Suggested);
        Assert.True(advice.AllowanceApplies);
        Assert.Equal((PlanChangeRoute.PricingPage, PlanCode.Starter), (advice.ChangeRoute, advice.ChangeTo.Code));
    }

    [Fact]
    public void Seats_at_80_percent_counting_pending_invitations_point_to_the_next_plan()
    {
        var advice = Advise(PlanCode.Starter, members: 6, tokens: 0, pending: 2); // 8 of 10

        Assert.Equal(PlanPressure.Seats, advice.Pressure);
        Assert.Equal(PlanCode.Standard, advice.Suggested?.Code);
        Assert.Equal(PlanChangeRoute.PricingPage, advice.ChangeRoute);
    }

    [Fact]
    public void Tokens_at_80_percent_of_the_allowance_point_to_the_next_plan()
    {
        var advice = Advise(PlanCode.Starter, members: 2, tokens: 2_400_000);

        Assert.Equal(PlanPressure.Tokens, advice.Pressure);
        Assert.Equal(PlanCode.Standard, advice.Suggested?.Code);
    }

    [Fact]
    public void The_suggestion_skips_plans_that_would_be_near_their_limit_too_and_sales_led_plans_go_to_sales()
    {
        // 9M tokens: Standard's 10M would be at 90%, Professional's 30M at 30%.
        var advice = Advise(PlanCode.Starter, members: 9, tokens: 9_000_000);

        Assert.Equal(PlanPressure.Seats | PlanPressure.Tokens, advice.Pressure);
        Assert.Equal(PlanCode.Professional, advice.Suggested?.Code);
        Assert.Equal((PlanChangeRoute.ContactSales, PlanCode.Professional), (advice.ChangeRoute, advice.ChangeTo.Code));
    }

    [Fact]
    public void With_an_own_provider_the_allowance_does_not_apply_and_tokens_never_press()
    {
        var advice = Advise(PlanCode.Starter, members: 3, tokens: 50_000_000, systemDefault: false);

        Assert.True(advice.Fits);
        Assert.False(advice.AllowanceApplies);
    }

    [Fact]
    public void With_an_own_provider_seats_still_count_and_the_tokens_do_not_pick_the_plan()
    {
        var advice = Advise(PlanCode.Standard, members: 45, tokens: 99_000_000, systemDefault: false);

        Assert.Equal(PlanPressure.Seats, advice.Pressure);
        Assert.Equal(PlanCode.Professional, advice.Suggested?.Code);
    }

    [Fact]
    public void Over_the_limit_after_a_downgrade_still_points_up()
    {
        var advice = Advise(PlanCode.Standard, members: 60, tokens: 0);

        Assert.Equal(PlanCode.Professional, advice.Suggested?.Code);
    }

    [Fact]
    public void On_the_largest_plan_there_is_nothing_larger_to_suggest_and_changes_go_through_sales()
    {
        var advice = Advise(PlanCode.Enterprise, members: 5_000, tokens: 95_000_000);

        Assert.Equal(PlanPressure.Tokens, advice.Pressure); // unlimited seats never press
        Assert.Null(advice.Suggested);
        Assert.Equal((PlanChangeRoute.ContactSales, PlanCode.Enterprise), (advice.ChangeRoute, advice.ChangeTo.Code));
    }

    [Fact]
    public void When_no_larger_plan_is_comfortable_the_largest_is_suggested()
    {
        var advice = Advise(PlanCode.Professional, members: 10, tokens: 90_000_000); // Enterprise's 100M would be at 90% too

        Assert.Equal(PlanCode.Enterprise, advice.Suggested?.Code);
    }

    [Fact]
    public void A_sales_led_plan_that_fits_is_changed_through_sales_with_itself_preselected()
    {
        var advice = Advise(PlanCode.Professional, members: 20, tokens: 1_000_000);

        Assert.True(advice.Fits);
        Assert.Equal((PlanChangeRoute.ContactSales, PlanCode.Professional), (advice.ChangeRoute, advice.ChangeTo.Code));
    }
}
