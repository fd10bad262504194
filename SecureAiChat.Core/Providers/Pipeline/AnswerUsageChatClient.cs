using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace SecureAiChat.Core.Providers.Pipeline;

/// <summary>What one answer's stream reported besides its text: filled by <see cref="AnswerUsageChatClient"/>.</summary>
public sealed class AnswerUsage
{
    /// <summary>The provider's token counts (stream usage), when it sent them.</summary>
    public UsageDetails? Details { get; set; }

    /// <summary><see cref="TimeProvider.GetTimestamp"/> when the first text arrived; null when none did.</summary>
    public long? FirstTextAt { get; set; }

    /// <summary>True when the stream ended with the provider's content filter.</summary>
    public bool ContentFiltered { get; set; }
}

/// <summary>
/// Records the usage, the time of the first text and a content-filter finish of a streamed answer into an
/// <see cref="AnswerUsage"/>, so the caller saves one usage record whatever the answer's end. The place where
/// telemetry (and later budgets) read the stream.
/// </summary>
public sealed class AnswerUsageChatClient(IChatClient innerClient, AnswerUsage usage, TimeProvider? time = null) : DelegatingChatClient(innerClient)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var update in InnerClient.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            foreach (var content in update.Contents)
            {
                if (content is UsageContent u)
                {
                    usage.Details = u.Details;
                }
            }

            if (update.FinishReason == ChatFinishReason.ContentFilter)
            {
                usage.ContentFiltered = true;
            }

            if (usage.FirstTextAt is null && !string.IsNullOrEmpty(update.Text))
            {
                usage.FirstTextAt = _time.GetTimestamp();
            }

            yield return update;
        }
    }
}
