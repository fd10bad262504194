using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace SecureAiChat.Core.Providers.Pipeline;

/// <summary>Which bound an answer hit.</summary>
public enum AnswerLimit
{
    /// <summary>More text than <c>Chat:MaxAnswerCharacters</c>.</summary>
    Characters,

    /// <summary>Longer than <c>Chat:MaxAnswerDuration</c>.</summary>
    Duration,
}

/// <summary>
/// Thrown by <see cref="AnswerLimitsChatClient"/> once an answer hit its bound. The upstream request has been
/// cancelled (its HTTP stream aborted) by the time this is thrown; the text up to the bound was yielded.
/// </summary>
public sealed class AnswerLimitExceededException(AnswerLimit limit)
    : Exception($"The answer exceeded its {limit.ToString().ToLowerInvariant()} bound and was stopped.")
{
    /// <summary>The bound that was hit.</summary>
    public AnswerLimit Limit { get; } = limit;
}

/// <summary>
/// Bounds every streamed answer, whatever the provider (demo included): at most <c>maxCharacters</c> of text and
/// <c>maxDuration</c> of streaming. A tenant may point the workspace at its own endpoint, and an endpoint that
/// streams without end must not fill the shared server's memory or hold a connection for ever. On a hit the
/// upstream request is cancelled at once (the token reaches the SDK's HTTP read), the text up to the bound is
/// kept and <see cref="AnswerLimitExceededException"/> is thrown.
/// </summary>
public sealed class AnswerLimitsChatClient : DelegatingChatClient
{
    private readonly int _maxCharacters;
    private readonly TimeSpan _maxDuration;
    private readonly TimeProvider _time;

    /// <summary>Wraps <paramref name="innerClient"/>.</summary>
    public AnswerLimitsChatClient(IChatClient innerClient, int maxCharacters, TimeSpan maxDuration, TimeProvider? time = null)
        : base(innerClient)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCharacters, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxDuration, TimeSpan.Zero);
        _maxCharacters = maxCharacters;
        _maxDuration = maxDuration;
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var timer = new CancellationTokenSource(_maxDuration, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, options, linked.Token).ConfigureAwait(false);
        }
        catch (Exception) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new AnswerLimitExceededException(AnswerLimit.Duration);
        }

        // A non-streamed response is already in memory (the SDK bounds nothing there): refuse it rather than pass it on.
        return response.Text.Length > _maxCharacters ? throw new AnswerLimitExceededException(AnswerLimit.Characters) : response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var timer = new CancellationTokenSource(_maxDuration, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        var characters = 0;
        var updates = base.GetStreamingResponseAsync(messages, options, linked.Token).GetAsyncEnumerator(linked.Token);
        await using (updates.ConfigureAwait(false))
        {
            while (true)
            {
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (Exception) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    // The SDK reports the cancelled read in its own shapes (cancellation, IO, transport errors).
                    throw new AnswerLimitExceededException(AnswerLimit.Duration);
                }

                var update = updates.Current;
                var text = update.Text;
                if (characters + text.Length <= _maxCharacters)
                {
                    characters += text.Length;
                    yield return update;
                    continue;
                }

                // Abort the upstream now, before handing out the last piece: the caller may take its time with it.
                await linked.CancelAsync().ConfigureAwait(false);
                var room = _maxCharacters - characters;
                if (room > 0 && char.IsHighSurrogate(text[room - 1]))
                {
                    room--; // never split a surrogate pair
                }

                if (room > 0)
                {
                    yield return new ChatResponseUpdate(update.Role ?? ChatRole.Assistant, text[..room])
                    {
                        ModelId = update.ModelId,
                        ResponseId = update.ResponseId,
                        MessageId = update.MessageId,
                    };
                }

                throw new AnswerLimitExceededException(AnswerLimit.Characters);
            }
        }
    }
}
