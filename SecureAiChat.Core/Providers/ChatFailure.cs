namespace SecureAiChat.Core.Providers;

/// <summary>What went wrong with an upstream call, in terms the chat UI and the retry logic act on.</summary>
public enum ChatFailureKind
{
    /// <summary>Not recognised; shown as a generic error.</summary>
    Unknown = 0,

    /// <summary>401/403: the key is wrong, revoked or lacks access. The tenant admin must fix it.</summary>
    KeyRejected,

    /// <summary>429: rate limit or quota. <see cref="ChatFailure.RetryAfter"/> says how long to wait, when known.</summary>
    RateLimited,

    /// <summary>5xx from the provider.</summary>
    ServerError,

    /// <summary>The SDK's network timeout elapsed (no response or no data).</summary>
    Timeout,

    /// <summary>The provider's content filter refused the prompt (Azure 400 <c>content_filter</c>).</summary>
    ContentFiltered,

    /// <summary>The connection broke after it was established (e.g. mid-stream).</summary>
    ConnectionLost,

    /// <summary>No connection could be made (refused, DNS, TLS). Usually a wrong endpoint or an outage.</summary>
    Unreachable,

    /// <summary>Our own idle timeout: the stream stopped sending (<see cref="ChatStalledException"/>).</summary>
    Stalled,

    /// <summary>404: model or Azure deployment not found. A settings problem, not transient.</summary>
    ModelNotFound,

    /// <summary>Other 4xx: the request was refused as invalid (e.g. context too long).</summary>
    BadRequest,

    /// <summary>The operation was cancelled without a timeout being involved (normally the user's Stop).</summary>
    Cancelled,

    /// <summary>
    /// The tenant's endpoint was refused by the platform's endpoint policy (a private, loopback or metadata address,
    /// or plain http): only an admin can fix it, so it is never retried.
    /// </summary>
    EndpointBlocked,

    /// <summary>
    /// Our own bound: the answer exceeded <c>Chat:MaxAnswerCharacters</c> or <c>Chat:MaxAnswerDuration</c> and was
    /// stopped (<see cref="Pipeline.AnswerLimitExceededException"/>); the text up to the bound is kept.
    /// </summary>
    AnswerTooLong,
}

/// <summary>A classified upstream failure.</summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="StatusCode">HTTP status when the provider answered, else null.</param>
/// <param name="RetryAfter">How long the provider asked us to wait (429/503), when it said so.</param>
/// <param name="ProviderCode">The provider's error code (<c>invalid_api_key</c>, <c>content_filter</c>, <c>DeploymentNotFound</c>...).</param>
/// <param name="ProviderMessage">The provider's error message, for operators' logs; may be long or localised.</param>
public sealed record ChatFailure(
    ChatFailureKind Kind,
    int? StatusCode = null,
    TimeSpan? RetryAfter = null,
    string? ProviderCode = null,
    string? ProviderMessage = null)
{
    /// <summary>
    /// True when the same request may simply be sent again. The chat service only does that before
    /// the first token reached the user: afterwards a retry would duplicate or change visible text.
    /// </summary>
    public bool IsTransient => Kind is ChatFailureKind.ServerError
        or ChatFailureKind.Timeout
        or ChatFailureKind.Unreachable
        or ChatFailureKind.ConnectionLost;
}
