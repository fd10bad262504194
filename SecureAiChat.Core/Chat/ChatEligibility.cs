using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Guidelines;
using SecureAiChat.Core.Team;

namespace SecureAiChat.Core.Chat;

/// <summary>Thrown when a member may not chat now (<see cref="ChatEligibility"/>); nothing was saved.</summary>
public sealed class ChatRefusedException(AnswerFailure failure) : InvalidOperationException("Chat refused: " + failure)
{
    /// <summary><see cref="AnswerFailure.GuidelinePending"/> or <see cref="AnswerFailure.NotInRollout"/>.</summary>
    public AnswerFailure Failure { get; } = failure;
}

/// <summary>
/// May this member chat now, and if not, why: the one answer the chat page shows and <see cref="ChatTurns.SendAsync"/>
/// enforces, so a page opened before the rule changed (a new guideline version, a department taken out of the
/// rollout) or a direct call is refused too. The guideline comes first, as on the page: a member outside the rollout
/// who has not accepted it is sent to read it. The month's allowance, budgets and streaming slots are not checked here:
/// the answer's reservation takes them atomically (a check here could only race it) and refuses with their own
/// <see cref="AnswerFailure"/>.
/// </summary>
public sealed class ChatEligibility(GuidelineService guidelines, ChatAccess access)
{
    /// <summary>Null when the member may chat; otherwise why not.</summary>
    public async Task<AnswerFailure?> RefusalAsync(string userId, CancellationToken cancellationToken = default)
    {
        if (await guidelines.PendingVersionAsync(userId, cancellationToken) is not null)
        {
            return AnswerFailure.GuidelinePending;
        }

        return await access.IsOpenForAsync(userId, cancellationToken) ? null : AnswerFailure.NotInRollout;
    }

    /// <exception cref="ChatRefusedException">The member may not chat now.</exception>
    public async Task EnsureAsync(string userId, CancellationToken cancellationToken = default)
    {
        if (await RefusalAsync(userId, cancellationToken) is { } refusal)
        {
            throw new ChatRefusedException(refusal);
        }
    }
}
