using Microsoft.Extensions.Options;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Core.Usage;

namespace SecureAiChat.Core.Chat;

/// <summary>
/// Limits the answers streaming at once: <see cref="ChatServiceOptions.MaxConcurrentAnswersPerUser"/> per member
/// and the plan's <see cref="Plan.MaxConcurrentAnswers"/> per workspace, counted in the database
/// (<see cref="ActiveAnswer"/> rows) so the limits hold across app instances. The slot is taken in the token
/// reservation's transaction, under the workspace's admission lock (<see cref="TokenReservations"/>), and freed
/// with the reservation when the answer's usage is saved; a slot left by a crashed instance expires.
/// </summary>
public sealed class AnswerSlots(IMultiTenantContextAccessor<AppTenantInfo> tenant, IOptions<ChatServiceOptions> options)
{
    /// <summary>The slot an answer of <paramref name="userId"/> needs.</summary>
    public AnswerSlot SlotFor(string userId)
    {
        var info = tenant.MultiTenantContext.TenantInfo ?? throw new InvalidOperationException("No tenant is set.");
        var workspaceLimit = PlanCatalog.TryFind(info.Plan, out var plan) ? plan.MaxConcurrentAnswers : PlanCatalog.All[0].MaxConcurrentAnswers;
        return new AnswerSlot(userId, options.Value.MaxConcurrentAnswersPerUser, workspaceLimit);
    }
}
