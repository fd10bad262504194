namespace SecureAiChat.Core.Providers;

/// <summary>
/// Thrown by <see cref="StreamIdleTimeout"/> when the upstream sent nothing for longer than the
/// allowed idle time. The upstream request has been cancelled by the time this is thrown.
/// </summary>
public sealed class ChatStalledException : TimeoutException
{
    /// <summary>Creates the exception for the idle time that elapsed.</summary>
    public ChatStalledException(TimeSpan idleTimeout, int updatesReceived)
        : base($"The upstream model sent nothing for {idleTimeout.TotalSeconds:0.#} s after {updatesReceived} update(s).")
    {
        IdleTimeout = idleTimeout;
        UpdatesReceived = updatesReceived;
    }

    /// <summary>The idle time that elapsed.</summary>
    public TimeSpan IdleTimeout { get; }

    /// <summary>How many updates arrived before the stall (0: stalled before the first one).</summary>
    public int UpdatesReceived { get; }
}
