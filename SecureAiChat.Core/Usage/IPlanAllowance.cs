using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Usage;

/// <summary>
/// The system-default provider's monthly tokens a workspace's plan (or Enterprise contract) grants. Plans owns the plan
/// catalogue and implements this; the allowance asks through it because Plans reads usage for its advice, so Usage may
/// not depend on Plans.
/// </summary>
public interface IPlanAllowance
{
    long MonthlyTokens(AppTenantInfo tenant);
}
