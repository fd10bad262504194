using SecureAiChat.Core.Operations;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Tests.Unit.Operations;

/// <summary>MRR and its movements per month against figures computed by hand from the catalog's prices (JPY, tax excluded).</summary>
public sealed class MrrCalculatorTests
{
    private static DateTimeOffset Tokyo(int year, int month, int day, int hour = 0) => new(year, month, day, hour, 0, 0, TimeSpan.FromHours(9));

    private static MrrTenantFacts Tenant(string id, string plan, DateTimeOffset created, TenantStatus status = TenantStatus.Active,
        DateTimeOffset? trialStarted = null, DateTimeOffset? converted = null, DateTimeOffset? churned = null,
        params (DateTimeOffset, string, string)[] changes) =>
        new(id, status, created, plan, trialStarted, converted, churned, changes);

    /// <summary>
    /// A: Starter since before the window. B: Starter from 15 Jan, Standard from 10 Feb (expansion). C: Professional trial from
    /// 5 Jan, converted 1 Feb (new). D: Standard, downgraded to Starter on 1 Mar (contraction). E: Standard, closed 20 Feb
    /// (churn). F: a trial that ended unconverted. G: a running trial. H: still provisioning.
    /// </summary>
    private static readonly MrrTenantFacts[] Workspaces =
    [
        Tenant("A", "Starter", Tokyo(2026, 12, 10)),
        Tenant("B", "Standard", Tokyo(2027, 1, 15), changes: (Tokyo(2027, 2, 10, 12), "Starter", "Standard")),
        Tenant("C", "Professional", Tokyo(2027, 1, 5), trialStarted: Tokyo(2027, 1, 5), converted: Tokyo(2027, 2, 1)),
        Tenant("D", "Starter", Tokyo(2026, 11, 1), changes: (Tokyo(2027, 3, 1), "Standard", "Starter")),
        Tenant("E", "Standard", Tokyo(2026, 10, 1), TenantStatus.Closed, churned: Tokyo(2027, 2, 20)),
        Tenant("F", "Professional", Tokyo(2027, 2, 1), TenantStatus.Closing, trialStarted: Tokyo(2027, 2, 1), churned: Tokyo(2027, 2, 15)),
        Tenant("G", "Professional", Tokyo(2027, 3, 10), trialStarted: Tokyo(2027, 3, 10)),
        Tenant("H", "Standard", Tokyo(2027, 3, 19), TenantStatus.Provisioning),
    ];

    private static readonly MrrSummary Summary = MrrCalculator.Compute(Workspaces, Tokyo(2027, 3, 20, 12), 3);

    [Fact]
    public void Each_month_has_its_mrr_and_paying_workspaces_at_its_end_trials_and_provisioning_excluded()
    {
        Assert.Equal(
            [(2027, 1, 159_200m, 4), (2027, 2, 227_400m, 4), (2027, 3, 207_400m, 4)],
            Summary.Months.Select(m => (m.Year, m.Month, m.Mrr, m.PayingWorkspaces)));
        Assert.Equal(207_400m, Summary.Current.Mrr);
    }

    [Fact]
    public void New_expansion_contraction_and_churn_are_each_workspace_s_change_from_the_month_before()
    {
        Assert.Equal(
            [(29_800m, 0m, 0m, 0m, 29_800m), (98_000m, 20_000m, 0m, 49_800m, 68_200m), (0m, 0m, 20_000m, 0m, -20_000m)],
            Summary.Months.Select(m => (m.New, m.Expansion, m.Contraction, m.Churned, m.NetChange)));
    }

    [Fact]
    public void Mrr_by_plan_follows_the_plan_in_force_at_the_month_s_end()
    {
        Assert.Equal(
            [
                [59_600m, 99_600m, 0m, 0m],
                [29_800m, 99_600m, 98_000m, 0m],
                [59_600m, 49_800m, 98_000m, 0m],
            ],
            Summary.Months.Select(m => PlanCatalog.All.Select(p => m.ByPlan[p.Code]).ToArray()));
    }

    [Fact]
    public void Trials_count_as_active_converted_or_ended_and_the_conversion_rate_is_converted_over_finished()
    {
        Assert.Equal((1, 1, 1, (decimal?)0.5m), (Summary.ActiveTrials, Summary.ConvertedTrials, Summary.EndedTrials, Summary.ConversionRate));
        Assert.Null(MrrCalculator.Compute([Workspaces[0]], Tokyo(2027, 3, 20), 1).ConversionRate);
    }

    [Fact]
    public void A_suspended_workspace_still_pays_and_a_plan_change_applies_from_its_instant()
    {
        var suspended = Tenant("S", "Standard", Tokyo(2027, 1, 1), TenantStatus.Suspended, changes: (Tokyo(2027, 2, 1, 9), "Starter", "Standard"));
        Assert.Equal(29_800m, MrrCalculator.MrrAt(suspended, Tokyo(2027, 2, 1, 8)));
        Assert.Equal(49_800m, MrrCalculator.MrrAt(suspended, Tokyo(2027, 2, 1, 9)));
        Assert.Equal("Starter", MrrCalculator.PlanAt(suspended, Tokyo(2027, 1, 31)));
    }
}
