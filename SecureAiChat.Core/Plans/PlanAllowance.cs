using SecureAiChat.Core.Tenancy;
using SecureAiChat.Core.Usage;

namespace SecureAiChat.Core.Plans;

/// <summary>The allowance's monthly tokens from the plan catalogue (<see cref="PlanLimits.MonthlyTokens(AppTenantInfo)"/>).</summary>
public sealed class PlanAllowance : IPlanAllowance
{
    public long MonthlyTokens(AppTenantInfo tenant) => PlanLimits.MonthlyTokens(tenant);
}
