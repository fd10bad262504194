using System.Text.RegularExpressions;

namespace SecureAiChat.Tests.Infrastructure;

/// <summary>What the fake upstream does for one request.</summary>
public sealed partial record UpstreamScript
{
    public const string DefaultReply = "Hello from the fake upstream.";

    /// <summary>The answer text; split into word tokens unless <see cref="Tokens"/> is given.</summary>
    public string Reply { get; init; } = DefaultReply;

    /// <summary>Exact content deltas to stream; overrides the word split of <see cref="Reply"/>.</summary>
    public IReadOnlyList<string>? Tokens { get; init; }

    /// <summary>Pause before each content delta.</summary>
    public TimeSpan DelayPerToken { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Send content deltas on a schedule of this rate from the first one, catching up after a late timer (a
    /// per-token delay drifts: timers fire late on a busy machine). Used instead of <see cref="DelayPerToken"/>.
    /// </summary>
    public double? TokensPerSecond { get; init; }

    /// <summary>Send the usage chunk: null = when the request asked for it (as the real services do).</summary>
    public bool? IncludeUsage { get; init; }

    public int PromptTokens { get; init; } = 11;

    /// <summary>Reported completion tokens; null = the number of content deltas.</summary>
    public int? CompletionTokens { get; init; }

    /// <summary>finish_reason of the last choice (<c>stop</c>, <c>length</c>, <c>content_filter</c>).</summary>
    public string FinishReason { get; init; } = "stop";

    /// <summary>Answer with this error instead of a completion.</summary>
    public UpstreamFault? Fault { get; init; }

    /// <summary>Abort the TCP connection after this many content deltas.</summary>
    public int? DisconnectAfterTokens { get; init; }

    /// <summary>Pause between the last frame and the abort, so the client reads what was sent (see the responder).</summary>
    public TimeSpan DisconnectGrace { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Stop sending after this many content deltas but keep the connection open until the client leaves.</summary>
    public int? StallAfterTokens { get; init; }

    /// <summary>Delay before the response headers are sent (to exercise the SDK network timeout).</summary>
    public TimeSpan DelayBeforeHeaders { get; init; } = TimeSpan.Zero;

    public IReadOnlyList<string> EffectiveTokens => Tokens ?? SplitIntoTokens(Reply);

    public static UpstreamScript Failing(UpstreamFault fault) => new() { Fault = fault };

    /// <summary>Splits like a tokenizer roughly would: each word with its leading whitespace.</summary>
    public static IReadOnlyList<string> SplitIntoTokens(string text) =>
        WordPattern().Matches(text).Select(m => m.Value).ToList();

    [GeneratedRegex(@"\s*\S+|\s+$")]
    private static partial Regex WordPattern();
}

/// <summary>An HTTP error the fake answers with, body shaped like the real service's.</summary>
public sealed record UpstreamFault(int StatusCode, string Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static UpstreamFault InvalidApiKey() => new(401, OpenAiWireFormat.Error(
        "Incorrect API key provided: sk-fake***********1234. You can find your API key at https://platform.openai.com/account/api-keys.",
        "invalid_request_error", "invalid_api_key"));

    public static UpstreamFault AzureInvalidKey() => new(401,
        """{"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."}}""");

    public static UpstreamFault Forbidden() => new(403, OpenAiWireFormat.Error(
        "You are not allowed to sample from this model", "invalid_request_error", "model_not_allowed"));

    public static UpstreamFault ModelNotFound() => new(404, OpenAiWireFormat.Error(
        "The model `gpt-nope` does not exist or you do not have access to it.", "invalid_request_error", "model_not_found"));

    public static UpstreamFault DeploymentNotFound() => new(404, OpenAiWireFormat.AzureDeploymentNotFoundError());

    /// <summary>429 with <c>Retry-After</c> (seconds or HTTP-date text) and optionally <c>retry-after-ms</c>.</summary>
    public static UpstreamFault RateLimited(string? retryAfter = "7", string? retryAfterMs = null)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (retryAfter is not null)
        {
            headers["Retry-After"] = retryAfter;
        }

        if (retryAfterMs is not null)
        {
            headers["retry-after-ms"] = retryAfterMs;
        }

        return new(429, OpenAiWireFormat.Error(
            "Rate limit reached for gpt-4o in organization org-fake on tokens per min (TPM): Limit 30000, Used 30000, Requested 512.",
            "tokens", "rate_limit_exceeded"), headers);
    }

    public static UpstreamFault ServerError() => new(500, OpenAiWireFormat.Error(
        "The server had an error while processing your request. Sorry about that!", "server_error", null));

    public static UpstreamFault ServiceUnavailable() => new(503, OpenAiWireFormat.Error(
        "The engine is currently overloaded, please try again later", "server_error", null));

    public static UpstreamFault AzureContentFilter() => new(400, OpenAiWireFormat.AzureContentFilterError());

    public static UpstreamFault ContextTooLong() => new(400, OpenAiWireFormat.Error(
        "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.",
        "invalid_request_error", "context_length_exceeded", "messages"));
}

/// <summary>
/// The same delta <see cref="Count"/> times without holding them: lets the fake stream tens of megabytes
/// (e.g. an endpoint that never stops) while the test itself stays small.
/// </summary>
public sealed class RepeatedTokens(string token, int count) : IReadOnlyList<string>
{
    public int Count => count;

    public string this[int index] => (uint)index < (uint)count ? token : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<string> GetEnumerator()
    {
        for (var i = 0; i < count; i++)
        {
            yield return token;
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
