using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.DataGovernance;

/// <summary>The chat's question "may this member delete their own conversations now", answered by the legal holds and the retention switch.</summary>
public sealed class MemberDeletionRules : IConversationDeletionRules
{
    public Task<ConversationDeleteOutcome?> MemberRefusalAsync(AppDbContext db, string userId, CancellationToken cancellationToken = default) =>
        DataGovernanceService.MemberDeletionRefusalAsync(db, userId, cancellationToken);
}
