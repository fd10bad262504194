using System.Runtime.CompilerServices;

namespace SecureAiChat.Core.Providers;

/// <summary>
/// Guards a streamed answer against an upstream that keeps the connection open but stops sending.
/// The SDK's network timeout only covers single socket reads and may be long; this bounds the gap
/// between updates as the user experiences it.
/// </summary>
public static class StreamIdleTimeout
{
    /// <summary>
    /// Applies the idle timeout to an existing stream. Cancellation reaches the upstream only through
    /// the token passed to <c>GetAsyncEnumerator</c>, which async iterators with
    /// <c>[EnumeratorCancellation]</c> honour (as Microsoft.Extensions.AI's clients do); prefer the
    /// overload taking a start function when in doubt.
    /// </summary>
    public static IAsyncEnumerable<T> WithIdleTimeout<T>(
        this IAsyncEnumerable<T> source,
        TimeSpan idleTimeout,
        TimeSpan? firstItemTimeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        return WithIdleTimeout(_ => source, idleTimeout, firstItemTimeout, cancellationToken);
    }

    /// <summary>
    /// Enumerates the stream created by <paramref name="start"/> and throws
    /// <see cref="ChatStalledException"/> when no item arrives within <paramref name="idleTimeout"/>
    /// (or <paramref name="firstItemTimeout"/> before the first item). On a stall the token passed to
    /// <paramref name="start"/> is cancelled so the upstream HTTP request is aborted, not leaked.
    /// </summary>
    /// <param name="start">Starts the upstream stream with the token it must honour.</param>
    /// <param name="idleTimeout">Longest allowed gap between two items.</param>
    /// <param name="firstItemTimeout">Longest wait for the first item; defaults to <paramref name="idleTimeout"/>.</param>
    /// <param name="cancellationToken">The caller's token (e.g. the user pressed Stop).</param>
    public static async IAsyncEnumerable<T> WithIdleTimeout<T>(
        Func<CancellationToken, IAsyncEnumerable<T>> start,
        TimeSpan idleTimeout,
        TimeSpan? firstItemTimeout = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idleTimeout, TimeSpan.Zero);

        using var idle = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
        var received = 0;
        var current = firstItemTimeout ?? idleTimeout;
        idle.CancelAfter(current);

        var enumerator = start(linked.Token).GetAsyncEnumerator(linked.Token);
        Task<bool>? pending = null;
        try
        {
            while (true)
            {
                bool hasItem;
                pending = enumerator.MoveNextAsync().AsTask();
                try
                {
                    // WaitAsync returns as soon as the timer fires even if the upstream ignores its token.
                    hasItem = await pending.WaitAsync(linked.Token).ConfigureAwait(false);
                    pending = null;
                }
                catch (OperationCanceledException) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw new ChatStalledException(current, received);
                }

                if (!hasItem)
                {
                    yield break;
                }

                received++;
                current = idleTimeout;
                // CancelAfter on a live source restarts its timer, so one timer serves the whole stream.
                idle.CancelAfter(idleTimeout);
                yield return enumerator.Current;
            }
        }
        finally
        {
            await linked.CancelAsync().ConfigureAwait(false);
            if (pending is null)
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                // An async iterator cannot be disposed while MoveNextAsync is in flight; let the
                // cancelled call finish on its own and observe its exception so it is not unobserved.
                _ = pending.ContinueWith(
                    static (t, state) =>
                    {
                        _ = t.Exception;
                        _ = ((IAsyncEnumerator<T>)state!).DisposeAsync().AsTask().ContinueWith(static d => _ = d.Exception, TaskScheduler.Default);
                    },
                    enumerator,
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
        }
    }
}
