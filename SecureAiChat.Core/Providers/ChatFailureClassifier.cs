using System.ClientModel;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;
using SecureAiChat.Core.Answers;

namespace SecureAiChat.Core.Providers;

/// <summary>
/// Maps exceptions thrown while calling or streaming from an upstream model to a <see cref="ChatFailure"/>.
/// The shapes handled here were observed against the real OpenAI and Azure OpenAI SDKs talking to
/// the test suite's fake upstream, not assumed.
/// </summary>
public static class ChatFailureClassifier
{
    private const int MaxMessageLength = 500;

    /// <summary>Classifies <paramref name="exception"/>.</summary>
    /// <param name="exception">What the SDK or the stream threw.</param>
    /// <param name="callerToken">
    /// The token the caller passed to the call. A cancellation is the caller's own (Stop) only when
    /// this token is cancelled; any other cancellation is a timeout: System.ClientModel reports its
    /// NetworkTimeout as a <see cref="TaskCanceledException"/> ("exceeded the configured timeout")
    /// with no <see cref="TimeoutException"/> inside, so the token is the only reliable signal.
    /// </param>
    public static ChatFailure Classify(Exception exception, CancellationToken callerToken = default)
    {
        ArgumentNullException.ThrowIfNull(exception);
        // The guarded handler refuses before or while connecting; HttpClient and the SDK may wrap it.
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is Security.EndpointBlockedException)
            {
                return new ChatFailure(AnswerFailure.EndpointBlocked);
            }
        }

        return exception switch
        {
            ChatStalledException => new ChatFailure(AnswerFailure.Stalled),
            Pipeline.AnswerLimitExceededException => new ChatFailure(AnswerFailure.AnswerTooLong),
            ClientResultException { Status: > 0 } result => FromResponse(result),
            // Status 0: the transport failed before any response; the cause is the inner exception.
            ClientResultException { InnerException: { } inner } => Classify(inner, callerToken),
            AggregateException { InnerExceptions.Count: 1 } aggregate => Classify(aggregate.InnerExceptions[0], callerToken),
            OperationCanceledException when callerToken.IsCancellationRequested => new ChatFailure(AnswerFailure.Cancelled),
            OperationCanceledException => new ChatFailure(AnswerFailure.Timeout),
            TimeoutException => new ChatFailure(AnswerFailure.Timeout),
            HttpRequestException http => FromHttpRequestException(http),
            IOException => new ChatFailure(AnswerFailure.ConnectionLost),
            SocketException socket => FromSocket(socket),
            _ => new ChatFailure(AnswerFailure.Unknown),
        };
    }

    private static ChatFailure FromHttpRequestException(HttpRequestException http)
    {
        // Failures while connecting are "unreachable"; anything after the headers is a lost connection.
        if (http.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError)
        {
            return new ChatFailure(AnswerFailure.Unreachable);
        }

        for (var inner = http.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return FromSocket(socket);
            }

            if (inner is AuthenticationException)
            {
                return new ChatFailure(AnswerFailure.Unreachable);
            }

            if (inner is TimeoutException)
            {
                return new ChatFailure(AnswerFailure.Timeout);
            }
        }

        return new ChatFailure(AnswerFailure.ConnectionLost);
    }

    private static ChatFailure FromSocket(SocketException socket) =>
        socket.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostNotFound
            or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TryAgain
            or SocketError.NoData
            ? new ChatFailure(AnswerFailure.Unreachable)
            : new ChatFailure(AnswerFailure.ConnectionLost);

    private static ChatFailure FromResponse(ClientResultException exception)
    {
        var status = exception.Status;
        var response = exception.GetRawResponse();
        var (code, message) = ReadError(response);
        var retryAfter = response is null ? null : ReadRetryAfter(response, DateTimeOffset.UtcNow);

        var kind = status switch
        {
            401 or 403 => AnswerFailure.KeyRejected,
            429 => AnswerFailure.RateLimited,
            408 or 504 => AnswerFailure.Timeout,
            >= 500 => AnswerFailure.ServerError,
            404 => AnswerFailure.ModelNotFound,
            _ when IsContentFilter(code) => AnswerFailure.ContentFiltered,
            >= 400 => AnswerFailure.BadRequest,
            _ => AnswerFailure.Unknown,
        };

        return new ChatFailure(kind, status, retryAfter, code, message);
    }

    private static bool IsContentFilter(string? code) =>
        string.Equals(code, "content_filter", StringComparison.OrdinalIgnoreCase)
        || string.Equals(code, "ResponsibleAIPolicyViolation", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Reads <c>retry-after-ms</c> (OpenAI/Azure, most precise), then <c>Retry-After</c> as seconds
    /// or an HTTP-date (RFC 9110).
    /// </summary>
    internal static TimeSpan? ReadRetryAfter(System.ClientModel.Primitives.PipelineResponse response, DateTimeOffset now)
    {
        if (response.Headers.TryGetValue("retry-after-ms", out var ms)
            && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds)
            && milliseconds >= 0)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        if (response.Headers.TryGetValue("Retry-After", out var value) && !string.IsNullOrWhiteSpace(value))
        {
            return ParseRetryAfter(value, now);
        }

        return null;
    }

    internal static TimeSpan? ParseRetryAfter(string value, DateTimeOffset now)
    {
        value = value.Trim();
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds >= 0 ? TimeSpan.FromSeconds(seconds) : null;
        }

        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
        {
            var delay = date - now;
            return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
        }

        return null;
    }

    private static (string? Code, string? Message) ReadError(System.ClientModel.Primitives.PipelineResponse? response)
    {
        if (response is null)
        {
            return (null, null);
        }

        BinaryData content;
        try
        {
            // Content throws when the body was not buffered; the SDKs buffer error bodies, but a
            // classifier must never throw while handling another failure.
            content = response.Content;
        }
        catch (InvalidOperationException)
        {
            return (null, null);
        }

        if (content.ToMemory().IsEmpty)
        {
            return (null, null);
        }

        try
        {
            using var json = JsonDocument.Parse(content.ToMemory());
            if (json.RootElement.ValueKind != JsonValueKind.Object
                || !json.RootElement.TryGetProperty("error", out var error)
                || error.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            var code = GetString(error, "code");
            var message = GetString(error, "message");
            // Azure nests the specific reason: {"error":{"code":"content_filter","innererror":{"code":"ResponsibleAIPolicyViolation"}}}
            if (code is null && error.TryGetProperty("innererror", out var inner) && inner.ValueKind == JsonValueKind.Object)
            {
                code = GetString(inner, "code");
            }

            code ??= GetString(error, "type");
            if (message is { Length: > MaxMessageLength })
            {
                message = message[..MaxMessageLength];
            }

            return (code, message);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;
}
