namespace SecureAiChat.Core.Providers.Security;

/// <summary>
/// Thrown when a request to a tenant-supplied endpoint is refused by the endpoint policy.
/// No connection was attempted. The message is for operators; a page words <see cref="Reason"/> for users
/// (<c>EndpointRejectionReason_{Reason}</c>).
/// </summary>
public sealed class EndpointBlockedException : Exception
{
    /// <summary>Creates the exception for <paramref name="host"/> refused for <paramref name="reason"/>.</summary>
    public EndpointBlockedException(string host, EndpointRejectionReason reason)
        : base($"Connection to '{host}' refused by the endpoint policy: {reason}.")
    {
        Host = host;
        Reason = reason;
    }

    /// <summary>The host that was refused.</summary>
    public string Host { get; }

    /// <summary>Why it was refused.</summary>
    public EndpointRejectionReason Reason { get; }
}
