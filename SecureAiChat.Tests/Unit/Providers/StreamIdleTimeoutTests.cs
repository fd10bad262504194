using System.Runtime.CompilerServices;
using SecureAiChat.Core.Providers;

namespace SecureAiChat.Tests.Unit.Providers;

public sealed class StreamIdleTimeoutTests
{
    private static async IAsyncEnumerable<int> Produce(int count, TimeSpan gap, int? stallAfter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < count; i++)
        {
            if (stallAfter == i)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }

            if (gap > TimeSpan.Zero)
            {
                await Task.Delay(gap, cancellationToken);
            }

            yield return i;
        }
    }

    [Fact]
    public async Task Idle_timeout_passes_items_through_in_order()
    {
        var items = await StreamIdleTimeout.WithIdleTimeout(ct => Produce(50, TimeSpan.Zero, null, ct), TimeSpan.FromSeconds(5)).ToListAsync();

        Assert.Equal(Enumerable.Range(0, 50), items);
    }

    [Fact]
    public async Task Idle_timeout_throws_stalled_and_cancels_the_source()
    {
        var sourceCancelled = new TaskCompletionSource();
        var items = new List<int>();

        var error = await Assert.ThrowsAsync<ChatStalledException>(async () =>
        {
            await foreach (var item in StreamIdleTimeout.WithIdleTimeout(
                ct =>
                {
                    ct.Register(() => sourceCancelled.TrySetResult());
                    return Produce(10, TimeSpan.Zero, stallAfter: 3, ct);
                },
                TimeSpan.FromMilliseconds(200)))
            {
                items.Add(item);
            }
        });

        Assert.Equal([0, 1, 2], items);
        Assert.Equal(3, error.UpdatesReceived);
        await sourceCancelled.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Idle_timeout_throws_even_when_the_source_ignores_cancellation()
    {
        var never = new TaskCompletionSource<bool>();

        await Assert.ThrowsAsync<ChatStalledException>(async () =>
        {
            await foreach (var _ in StreamIdleTimeout.WithIdleTimeout(_ => Ignoring(never.Task), TimeSpan.FromMilliseconds(200)))
            {
            }
        }).WaitAsync(TimeSpan.FromSeconds(10));

        static async IAsyncEnumerable<int> Ignoring(Task<bool> wait)
        {
            await wait;
            yield return 1;
        }
    }

    [Fact]
    public async Task Idle_timeout_extension_cancels_the_source_through_the_enumerator_token()
    {
        await Assert.ThrowsAsync<ChatStalledException>(async () =>
            await Produce(5, TimeSpan.Zero, stallAfter: 2).WithIdleTimeout(TimeSpan.FromMilliseconds(200)).ToListAsync());
    }

    [Fact]
    public async Task Slow_but_steady_stream_is_not_stalled()
    {
        // Total time (30 × 50 ms) is above the idle timeout; each gap is far below it, with room for a
        // loaded 2-core machine running the whole suite in parallel.
        var items = await StreamIdleTimeout.WithIdleTimeout(ct => Produce(30, TimeSpan.FromMilliseconds(50), null, ct), TimeSpan.FromSeconds(1)).ToListAsync();

        Assert.Equal(30, items.Count);
    }

    [Fact]
    public async Task First_item_timeout_applies_before_the_first_item()
    {
        var error = await Assert.ThrowsAsync<ChatStalledException>(async () =>
            await StreamIdleTimeout.WithIdleTimeout(
                ct => Produce(3, TimeSpan.Zero, stallAfter: 0, ct),
                idleTimeout: TimeSpan.FromSeconds(30),
                firstItemTimeout: TimeSpan.FromMilliseconds(200)).ToListAsync());

        Assert.Equal(0, error.UpdatesReceived);
        Assert.Equal(TimeSpan.FromMilliseconds(200), error.IdleTimeout);
    }

    [Fact]
    public async Task Caller_cancellation_is_reported_as_cancellation_not_stall()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await StreamIdleTimeout.WithIdleTimeout(ct => Produce(3, TimeSpan.Zero, stallAfter: 1, ct), TimeSpan.FromSeconds(30), cancellationToken: cts.Token).ToListAsync());
    }
}
