using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Plans;

/// <summary>
/// The limits a workspace's contract gives it: its plan's, except that an Enterprise contract may carry custom seats and
/// a custom monthly allowance (set by an operator). A plan code the catalog does not know counts as the first plan, as
/// the allowance does.
/// </summary>
public static class PlanLimits
{
    public static Plan PlanOf(string? code) => PlanCatalog.TryFind(code, out var plan) ? plan : PlanCatalog.All[0];

    /// <summary>Whether a plan takes custom seats and allowance (the negotiated one).</summary>
    public static bool TakesCustomLimits(PlanCode code) => code == PlanCode.Enterprise;

    /// <summary>Seats (active members plus pending invitations); null: unlimited.</summary>
    public static int? Seats(string? planCode, int? customSeats)
    {
        var plan = PlanOf(planCode);
        return TakesCustomLimits(plan.Code) && customSeats is { } seats ? seats : plan.Seats;
    }

    /// <summary>Monthly tokens of the system-default provider.</summary>
    public static long MonthlyTokens(string? planCode, long? customTokens)
    {
        var plan = PlanOf(planCode);
        return TakesCustomLimits(plan.Code) && customTokens is { } tokens ? tokens : plan.MonthlySystemTokens;
    }

    public static int? Seats(AppTenantInfo tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return Seats(tenant.Plan, tenant.CustomSeats);
    }

    public static long MonthlyTokens(AppTenantInfo tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return MonthlyTokens(tenant.Plan, tenant.CustomMonthlyTokens);
    }
}
