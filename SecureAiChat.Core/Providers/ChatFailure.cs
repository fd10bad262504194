using SecureAiChat.Core.Answers;

namespace SecureAiChat.Core.Providers;

/// <summary>A classified upstream failure, or one of our refusals (<see cref="AnswerFailure"/> names both).</summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="StatusCode">HTTP status when the provider answered, else null.</param>
/// <param name="RetryAfter">How long the provider asked us to wait (429/503), when it said so.</param>
/// <param name="ProviderCode">The provider's error code (<c>invalid_api_key</c>, <c>content_filter</c>, <c>DeploymentNotFound</c>...).</param>
/// <param name="ProviderMessage">The provider's error message, for operators' logs; may be long or localised.</param>
public sealed record ChatFailure(
    AnswerFailure Kind,
    int? StatusCode = null,
    TimeSpan? RetryAfter = null,
    string? ProviderCode = null,
    string? ProviderMessage = null)
{
    /// <summary>
    /// True when the same request may simply be sent again. The chat service only does that before
    /// the first token reached the user: afterwards a retry would duplicate or change visible text.
    /// </summary>
    public bool IsTransient => Kind is AnswerFailure.ServerError
        or AnswerFailure.Timeout
        or AnswerFailure.Unreachable
        or AnswerFailure.ConnectionLost;
}
