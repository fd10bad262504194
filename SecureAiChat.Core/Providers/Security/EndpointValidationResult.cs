using System.Globalization;

namespace SecureAiChat.Core.Providers.Security;

/// <summary>The outcome of <see cref="EndpointValidator.Validate"/>.</summary>
public sealed record EndpointValidationResult
{
    private EndpointValidationResult(Uri? uri, EndpointRejectionReason? reason)
    {
        Uri = uri;
        Reason = reason;
    }

    /// <summary>True when the endpoint may be saved and used.</summary>
    public bool IsValid => Reason is null;

    /// <summary>The parsed URL when valid.</summary>
    public Uri? Uri { get; }

    /// <summary>Why the endpoint was refused, when it was.</summary>
    public EndpointRejectionReason? Reason { get; }

    /// <summary>The localized explanation to show the admin, or null when valid.</summary>
    public string? GetMessage(CultureInfo? culture = null) =>
        Reason is { } reason ? EndpointStrings.ForReason(reason, culture) : null;

    internal static EndpointValidationResult Valid(Uri uri) => new(uri, null);

    internal static EndpointValidationResult Refused(EndpointRejectionReason reason) => new(null, reason);
}
