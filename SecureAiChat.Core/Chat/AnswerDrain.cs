namespace SecureAiChat.Core.Chat;

/// <summary>
/// The answers streaming in this process, for a graceful shutdown. On SIGTERM the instance's browser connections close
/// at once (SignalR ends them when the application stops; the pages reconnect through the load balancer to another
/// instance), but each answer runs on, detached from its page, until it ends and is saved. <see cref="DrainAsync"/>
/// lets them finish within a grace period and then interrupts the rest, which are saved with their partial text as
/// <see cref="Answers.AnswerFailure.Interrupted"/>, so no sent message and no usage is lost to a deployment.
/// </summary>
public sealed class AnswerDrain : IDisposable
{
    private readonly CancellationTokenSource _interrupt = new();
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private int _running;
    private bool _draining;

    /// <summary>Cancelled when the grace period is over: every answer still streaming stops and is saved as interrupted.</summary>
    public CancellationToken Interrupted => _interrupt.Token;

    /// <summary>How many answers are streaming in this process.</summary>
    public int Running
    {
        get { lock (_gate) return _running; }
    }

    /// <summary>Counts an answer until the returned lease is disposed (after its save).</summary>
    public Lease Enter()
    {
        lock (_gate) _running++;
        return new Lease(this);
    }

    private void Exit()
    {
        lock (_gate)
        {
            if (--_running == 0 && _draining) _idle.TrySetResult();
        }
    }

    /// <summary>
    /// Waits up to <paramref name="grace"/> for the running answers to end, then interrupts the rest and waits for their
    /// saves (until <paramref name="cancellationToken"/>, the host's own shutdown bound). True when all were saved.
    /// </summary>
    public async Task<bool> DrainAsync(TimeSpan grace, TimeProvider time, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _draining = true;
            if (_running == 0) _idle.TrySetResult();
        }
        try
        {
            await _idle.Task.WaitAsync(grace, time, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            await _interrupt.CancelAsync();
        }
        try
        {
            await _idle.Task.WaitAsync(cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose() => _interrupt.Dispose();

    /// <summary>One answer's place in the count.</summary>
    public readonly struct Lease(AnswerDrain drain) : IDisposable
    {
        public void Dispose() => drain.Exit();
    }
}
