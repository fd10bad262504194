using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Providers;
using SecureAiChat.Core.Providers.Pipeline;

namespace SecureAiChat.Tests.Unit.Providers;

/// <summary>The answer pipeline's steps one by one, against scripted inner clients.</summary>
public sealed class PipelineStepTests
{
    private static readonly ChatMessage[] Question = [new(ChatRole.User, "go")];

    /// <summary>Each call runs the next script: a list of deltas, then optionally a failure or a stall.</summary>
    private sealed class ScriptedClient(params (string[] Deltas, Exception? Then, bool Stall)[] calls) : IChatClient
    {
        public int Calls { get; private set; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var (deltas, then, stall) = calls[Math.Min(Calls, calls.Length - 1)];
            Calls++;
            foreach (var delta in deltas)
            {
                await Task.Yield();
                yield return new ChatResponseUpdate(ChatRole.Assistant, delta);
            }

            if (stall)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }

            if (then is not null)
            {
                throw then;
            }

            yield return new ChatResponseUpdate { Contents = [new UsageContent(new UsageDetails { InputTokenCount = 5, OutputTokenCount = 2 })], FinishReason = ChatFinishReason.Stop };
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    private static async Task<(string Text, Exception? Error)> RunAsync(IChatClient client)
    {
        var text = "";
        try
        {
            await foreach (var update in client.GetStreamingResponseAsync(Question))
            {
                text += update.Text;
            }
        }
        catch (Exception ex)
        {
            return (text, ex);
        }

        return (text, null);
    }

    [Fact]
    public async Task Retry_sends_again_after_transient_failures_before_the_first_text()
    {
        var inner = new ScriptedClient(([], new IOException("reset"), false), ([], new IOException("reset"), false), (["Hi", " there"], null, false));
        using var client = new RetryBeforeFirstTokenChatClient(inner, maxRetries: 2, retryDelay: TimeSpan.FromMilliseconds(1));

        var (text, error) = await RunAsync(client);

        Assert.Null(error);
        Assert.Equal("Hi there", text);
        Assert.Equal(3, inner.Calls);
    }

    [Fact]
    public async Task Retry_never_repeats_text_the_caller_already_has()
    {
        var inner = new ScriptedClient((["Half"], new IOException("reset"), false), (["Whole"], null, false));
        using var client = new RetryBeforeFirstTokenChatClient(inner, maxRetries: 2, retryDelay: TimeSpan.FromMilliseconds(1));

        var (text, error) = await RunAsync(client);

        Assert.IsType<IOException>(error);
        Assert.Equal("Half", text);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task Retry_gives_up_after_the_configured_retries_and_never_retries_a_permanent_failure()
    {
        var transient = new ScriptedClient(([], new IOException("reset"), false));
        using var retrying = new RetryBeforeFirstTokenChatClient(transient, maxRetries: 2, retryDelay: TimeSpan.FromMilliseconds(1));
        var permanent = new ScriptedClient(([], new AnswerLimitExceededException(AnswerLimit.Characters), false));
        using var notRetrying = new RetryBeforeFirstTokenChatClient(permanent, maxRetries: 2, retryDelay: TimeSpan.FromMilliseconds(1));

        Assert.IsType<IOException>((await RunAsync(retrying)).Error);
        Assert.Equal(3, transient.Calls);
        Assert.IsType<AnswerLimitExceededException>((await RunAsync(notRetrying)).Error);
        Assert.Equal(1, permanent.Calls);
    }

    [Fact]
    public async Task Stall_guard_fails_a_stream_that_goes_quiet_and_keeps_what_came_before()
    {
        using var client = new StallGuardChatClient(new ScriptedClient((["Still", " here"], null, true)), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(20));

        var (text, error) = await RunAsync(client);

        Assert.Equal("Still here", text);
        Assert.Equal(AnswerFailure.Stalled, ChatFailureClassifier.Classify(Assert.IsType<ChatStalledException>(error)).Kind);
    }

    [Fact]
    public async Task Stall_guard_waits_the_first_token_timeout_before_the_first_update()
    {
        using var client = new StallGuardChatClient(new ScriptedClient(([], null, true)), TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(200));

        var error = Assert.IsType<ChatStalledException>((await RunAsync(client)).Error);

        Assert.Equal(0, error.UpdatesReceived);
        Assert.Equal(TimeSpan.FromMilliseconds(200), error.IdleTimeout);
    }

    [Fact]
    public async Task Usage_capture_records_the_providers_counts_the_first_text_and_a_content_filter()
    {
        var usage = new AnswerUsage();
        using var client = new AnswerUsageChatClient(new ScriptedClient((["A", "B"], null, false)), usage);

        var (text, _) = await RunAsync(client);

        Assert.Equal("AB", text);
        Assert.Equal(5, usage.Details?.InputTokenCount);
        Assert.Equal(2, usage.Details?.OutputTokenCount);
        Assert.NotNull(usage.FirstTextAt);
        Assert.False(usage.ContentFiltered);
    }
}
