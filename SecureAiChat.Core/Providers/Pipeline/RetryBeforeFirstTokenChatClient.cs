using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SecureAiChat.Core.Answers;

namespace SecureAiChat.Core.Providers.Pipeline;

/// <summary>
/// Sends a streamed request again after a transient failure (<see cref="ChatFailure.IsTransient"/>), but only while no
/// text has reached the caller: afterwards a retry would repeat or change what the member already reads. The pause
/// before retry n is <c>retryDelay × 2^(n-1)</c>. The SDKs' own retries are off (<see cref="UpstreamChatClientFactory"/>).
/// </summary>
public sealed partial class RetryBeforeFirstTokenChatClient : DelegatingChatClient
{
    private readonly int _maxRetries;
    private readonly TimeSpan _retryDelay;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Wraps <paramref name="innerClient"/>.</summary>
    public RetryBeforeFirstTokenChatClient(IChatClient innerClient, int maxRetries, TimeSpan retryDelay, TimeProvider? time = null, ILogger? logger = null)
        : base(innerClient)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetries);
        _maxRetries = maxRetries;
        _retryDelay = retryDelay;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        for (var attempt = 0; ; attempt++)
        {
            var textSent = false;
            var updates = InnerClient.GetStreamingResponseAsync(list, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
            await using (updates.ConfigureAwait(false))
            {
                while (true)
                {
                    bool hasUpdate;
                    try
                    {
                        hasUpdate = await updates.MoveNextAsync().ConfigureAwait(false);
                    }
                    catch (Exception ex) when (!textSent && attempt < _maxRetries
                        && ChatFailureClassifier.Classify(ex, cancellationToken) is { IsTransient: true } failure)
                    {
                        LogRetry(_logger, failure.Kind, attempt + 1);
                        break;
                    }

                    if (!hasUpdate)
                    {
                        yield break;
                    }

                    var update = updates.Current;
                    textSent |= !string.IsNullOrEmpty(update.Text);
                    yield return update;
                }
            }

            await Task.Delay(_retryDelay * Math.Pow(2, attempt), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Chat upstream failed with {Kind}; retry {Attempt} before the first token")]
    private static partial void LogRetry(ILogger logger, AnswerFailure kind, int attempt);
}
