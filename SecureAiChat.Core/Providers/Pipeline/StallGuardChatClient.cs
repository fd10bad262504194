using Microsoft.Extensions.AI;

namespace SecureAiChat.Core.Providers.Pipeline;

/// <summary>
/// Fails a streamed answer with <see cref="ChatStalledException"/> when the upstream keeps the connection open but
/// sends nothing: longer than <c>firstTokenTimeout</c> before the first update (reasoning models think first), or
/// <c>idleTimeout</c> between two updates. The upstream request is cancelled, not leaked (see <see cref="StreamIdleTimeout"/>).
/// </summary>
public sealed class StallGuardChatClient : DelegatingChatClient
{
    private readonly TimeSpan _idleTimeout;
    private readonly TimeSpan _firstTokenTimeout;

    /// <summary>Wraps <paramref name="innerClient"/>.</summary>
    public StallGuardChatClient(IChatClient innerClient, TimeSpan idleTimeout, TimeSpan firstTokenTimeout)
        : base(innerClient)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idleTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(firstTokenTimeout, TimeSpan.Zero);
        _idleTimeout = idleTimeout;
        _firstTokenTimeout = firstTokenTimeout;
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        StreamIdleTimeout.WithIdleTimeout(
            token => InnerClient.GetStreamingResponseAsync(messages, options, token), _idleTimeout, _firstTokenTimeout, cancellationToken);
}
