using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Providers;
using SecureAiChat.Core.Providers.Pipeline;

namespace SecureAiChat.Tests.Unit.Providers;

public sealed class AnswerLimitsChatClientTests
{
    /// <summary>An upstream that streams <paramref name="delta"/> until it is cancelled, recording the cancellation.</summary>
    private sealed class EndlessClient(string delta, TimeSpan gap) : IChatClient
    {
        public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Sent { get; private set; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, string.Concat(Enumerable.Repeat(delta, 1000)))));

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            using var registration = cancellationToken.Register(Cancelled.SetResult);
            while (true)
            {
                if (gap > TimeSpan.Zero)
                {
                    await Task.Delay(gap, cancellationToken);
                }

                cancellationToken.ThrowIfCancellationRequested();
                Sent++;
                yield return new ChatResponseUpdate(ChatRole.Assistant, delta);
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    private static readonly ChatMessage[] Question = [new(ChatRole.User, "go")];

    [Fact]
    public async Task An_endless_stream_is_cut_at_the_character_bound_and_the_upstream_is_cancelled_before_the_last_piece()
    {
        var upstream = new EndlessClient("abcdefg", TimeSpan.Zero);
        using var client = new AnswerLimitsChatClient(upstream, maxCharacters: 100, maxDuration: TimeSpan.FromMinutes(1));
        var text = new System.Text.StringBuilder();

        var error = await Assert.ThrowsAsync<AnswerLimitExceededException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(Question))
            {
                // The upstream is already cancelled when the piece that reaches the bound is handed out.
                if (text.Length + update.Text.Length == 100)
                {
                    Assert.True(upstream.Cancelled.Task.IsCompleted);
                }

                text.Append(update.Text);
            }
        });

        Assert.Equal(AnswerLimit.Characters, error.Limit);
        Assert.Equal(100, text.Length);
        Assert.Equal(string.Concat(Enumerable.Repeat("abcdefg", 15))[..100], text.ToString());
        await upstream.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(AnswerFailure.AnswerTooLong, ChatFailureClassifier.Classify(error).Kind);
    }

    [Fact]
    public async Task The_bound_never_splits_a_surrogate_pair()
    {
        var upstream = new EndlessClient("😀", TimeSpan.Zero);
        using var client = new AnswerLimitsChatClient(upstream, maxCharacters: 5, maxDuration: TimeSpan.FromMinutes(1));
        var text = "";

        await Assert.ThrowsAsync<AnswerLimitExceededException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(Question))
            {
                text += update.Text;
            }
        });

        Assert.Equal("😀😀", text);
    }

    [Fact]
    public async Task A_stream_longer_than_the_duration_bound_is_cancelled_and_reported_as_too_long()
    {
        var upstream = new EndlessClient("x", TimeSpan.FromMilliseconds(20));
        using var client = new AnswerLimitsChatClient(upstream, maxCharacters: 1_000_000, maxDuration: TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<AnswerLimitExceededException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync(Question))
            {
            }
        });

        Assert.Equal(AnswerLimit.Duration, error.Limit);
        Assert.True(upstream.Cancelled.Task.IsCompleted);
    }

    [Fact]
    public async Task The_callers_own_cancellation_stays_a_cancellation()
    {
        var upstream = new EndlessClient("x", TimeSpan.FromMilliseconds(10));
        using var client = new AnswerLimitsChatClient(upstream, maxCharacters: 1_000_000, maxDuration: TimeSpan.FromMinutes(1));
        using var stop = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync(Question, cancellationToken: stop.Token))
            {
                await stop.CancelAsync();
            }
        });
    }

    [Fact]
    public async Task An_answer_within_the_bounds_passes_unchanged()
    {
        using var client = new AnswerLimitsChatClient(new DemoChatClient(new TokenCounter(), TimeSpan.Zero), maxCharacters: 100_000, maxDuration: TimeSpan.FromMinutes(1));

        var text = string.Concat(await client.GetStreamingResponseAsync(Question).Select(u => u.Text).ToListAsync());

        Assert.Equal(DemoChatClient.ComposeReply(Question), text);
    }

    [Fact]
    public async Task The_demo_model_is_bounded_too()
    {
        using var client = new AnswerLimitsChatClient(new DemoChatClient(new TokenCounter(), TimeSpan.Zero), maxCharacters: 10, maxDuration: TimeSpan.FromMinutes(1));
        var text = "";

        await Assert.ThrowsAsync<AnswerLimitExceededException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(Question))
            {
                text += update.Text;
            }
        });

        Assert.Equal(10, text.Length);
    }
}
