using SecureAiChat.Core.Chat;

namespace SecureAiChat.Tests.Unit.Chat;

/// <summary>The shutdown's wait for running answers: finish within the grace, else interrupted, and the saves awaited.</summary>
public sealed class AnswerDrainTests
{
    [Fact]
    public async Task With_no_answer_running_the_drain_ends_at_once_without_interrupting()
    {
        using var drain = new AnswerDrain();

        Assert.True(await drain.DrainAsync(Timeout.InfiniteTimeSpan, TimeProvider.System, CancellationToken.None));
        Assert.False(drain.Interrupted.IsCancellationRequested);
    }

    [Fact]
    public async Task An_answer_that_ends_within_the_grace_is_waited_for_and_never_interrupted()
    {
        using var drain = new AnswerDrain();
        var lease = drain.Enter();

        var draining = drain.DrainAsync(Timeout.InfiniteTimeSpan, TimeProvider.System, CancellationToken.None);
        Assert.False(draining.IsCompleted);
        lease.Dispose();

        Assert.True(await draining);
        Assert.False(drain.Interrupted.IsCancellationRequested);
        Assert.Equal(0, drain.Running);
    }

    [Fact]
    public async Task When_the_grace_is_over_the_answers_are_interrupted_and_their_saves_awaited()
    {
        using var drain = new AnswerDrain();
        var first = drain.Enter();
        var second = drain.Enter();

        var draining = drain.DrainAsync(TimeSpan.Zero, TimeProvider.System, CancellationToken.None);
        await WaitUntilCancelledAsync(drain.Interrupted);
        first.Dispose();
        Assert.False(draining.IsCompleted);
        second.Dispose();

        Assert.True(await draining);
    }

    [Fact]
    public async Task An_answer_whose_save_outlasts_the_hosts_timeout_is_reported_unsaved()
    {
        using var drain = new AnswerDrain();
        using var hostTimeout = new CancellationTokenSource();
        using var lease = drain.Enter();

        var draining = drain.DrainAsync(TimeSpan.Zero, TimeProvider.System, hostTimeout.Token);
        await WaitUntilCancelledAsync(drain.Interrupted);
        await hostTimeout.CancelAsync();

        Assert.False(await draining);
    }

    private static Task WaitUntilCancelledAsync(CancellationToken token)
    {
        var cancelled = new TaskCompletionSource();
        token.Register(() => cancelled.TrySetResult());
        return cancelled.Task;
    }
}
