namespace SecureAiChat.Core.Answers;

/// <summary>
/// Why an answer did not complete: the one vocabulary for the upstream's failures (classified from the SDK's
/// exceptions) and for our own refusals before the model is called. The saved message stores the member's name
/// (<c>ChatMessages.FailureCode</c>), the chat page looks up <c>Failure_{name}</c> for its message, and metrics tag
/// answers with it, so a value is never renamed; new values are added at the end. What a refusal needs besides its
/// kind (the budget's level, the blocked personal-data categories, the provider's retry-after) travels beside it.
/// Lives below Chat, Providers and Usage, which all name it.
/// </summary>
public enum AnswerFailure
{
    /// <summary>Not recognised; shown as a generic error.</summary>
    Unknown = 0,

    /// <summary>401/403: the key is wrong, revoked or lacks access. The tenant admin must fix it.</summary>
    KeyRejected,

    /// <summary>429: rate limit or quota; the provider's retry-after travels beside it, when known.</summary>
    RateLimited,

    /// <summary>5xx from the provider.</summary>
    ServerError,

    /// <summary>The SDK's network timeout elapsed (no response or no data).</summary>
    Timeout,

    /// <summary>The provider's content filter refused the prompt or cut the answer (Azure <c>content_filter</c>).</summary>
    ContentFiltered,

    /// <summary>The connection broke after it was established (e.g. mid-stream).</summary>
    ConnectionLost,

    /// <summary>No connection could be made (refused, DNS, TLS). Usually a wrong endpoint or an outage.</summary>
    Unreachable,

    /// <summary>Our own idle timeout: the stream stopped sending.</summary>
    Stalled,

    /// <summary>404: model or Azure deployment not found. A settings problem, not transient.</summary>
    ModelNotFound,

    /// <summary>Other 4xx: the request was refused as invalid (e.g. context too long).</summary>
    BadRequest,

    /// <summary>The operation was cancelled without a timeout being involved (normally the member's Stop: saved as stopped, not failed).</summary>
    Cancelled,

    /// <summary>
    /// The tenant's endpoint was refused by the platform's endpoint policy (a private, loopback or metadata address,
    /// or plain http): only an admin can fix it, so it is never retried.
    /// </summary>
    EndpointBlocked,

    /// <summary>
    /// Our own bound: the answer exceeded <c>Chat:MaxAnswerCharacters</c> or <c>Chat:MaxAnswerDuration</c> and was
    /// stopped; the text up to the bound is kept.
    /// </summary>
    AnswerTooLong,

    /// <summary>Refused: no model is configured for the tenant (e.g. the demo model refused in Production).</summary>
    NotConfigured,

    /// <summary>Refused: the system prompt plus the newest message alone exceed the model's context window.</summary>
    InputTooLarge,

    /// <summary>Refused: the plan's monthly system-default allowance has no room for this request.</summary>
    AllowanceExhausted,

    /// <summary>Refused: the admin's own monthly token cap has no room for this request.</summary>
    TokenCapReached,

    /// <summary>Refused: a hard-stop budget has no room for this request; the budget's level travels beside it.</summary>
    BudgetExceeded,

    /// <summary>Refused: the member already has <c>Chat:MaxConcurrentAnswersPerUser</c> answers streaming.</summary>
    TooManyAnswers,

    /// <summary>Refused: the workspace already has its plan's number of answers streaming at once.</summary>
    WorkspaceBusy,

    /// <summary>
    /// The instance streaming the answer shut down (a deployment or scale-in) before the answer ended: the partial text
    /// and its usage are kept, and the member can try again on another instance.
    /// </summary>
    Interrupted,

    /// <summary>Refused: the member's message holds personal data of a category the workspace blocks; the categories travel beside it.</summary>
    PersonalDataBlocked,

    /// <summary>Refused before anything was saved: the member has not accepted the current usage guideline version.</summary>
    GuidelinePending,

    /// <summary>Refused before anything was saved: the phased rollout has not opened chat to the member's department.</summary>
    NotInRollout,
}
