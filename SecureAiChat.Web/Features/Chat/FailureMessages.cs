using Microsoft.Extensions.Localization;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.PersonalData;

namespace SecureAiChat.Web.Features.Chat;

/// <summary>
/// The member's message for a failed answer: <c>Failure_{AnswerFailure}</c> in ChatStrings (every value has one, a
/// unit test checks both languages), made precise by what travels beside the kind: the provider's wait, the
/// budget's level, the blocked personal-data categories.
/// </summary>
public static class FailureMessages
{
    public static string Key(AnswerFailure failure) => "Failure_" + failure;

    public static string Text(IStringLocalizer<ChatStrings> localizer, MessageFailure failure, int? retryAfterSeconds)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        return failure switch
        {
            { Kind: AnswerFailure.RateLimited } when retryAfterSeconds is { } wait => localizer["Failure_RateLimitedWait", wait],
            { Kind: AnswerFailure.BudgetExceeded, BudgetLevel: { } level } => localizer[Key(AnswerFailure.BudgetExceeded) + level],
            { Kind: AnswerFailure.PersonalDataBlocked, BlockedCategories: { Count: > 0 } blocked } => PersonalDataStrings.BlockedMessage(blocked),
            _ when !localizer[Key(failure.Kind)].ResourceNotFound => localizer[Key(failure.Kind)],
            _ => localizer[Key(AnswerFailure.Unknown)],
        };
    }
}
