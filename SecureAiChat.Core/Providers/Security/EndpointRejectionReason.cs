namespace SecureAiChat.Core.Providers.Security;

/// <summary>Why a tenant-supplied endpoint was refused (a refusal code: the page words it from <c>EndpointRejectionReason_{Reason}</c>).</summary>
public enum EndpointRejectionReason
{
    /// <summary>Not an absolute URL, or one that parsers may read differently.</summary>
    InvalidUrl,

    /// <summary>A scheme other than https (or http when allowed).</summary>
    UnsupportedScheme,

    /// <summary>Plain http while the policy requires https.</summary>
    HttpNotAllowed,

    /// <summary>User name or password in the URL (<c>https://user@host</c>).</summary>
    UserInfoNotAllowed,

    /// <summary>A host written in an encoded or ambiguous form (percent-encoding, zone ids).</summary>
    EncodedHost,

    /// <summary>A host name that designates the local machine or an internal network.</summary>
    BlockedHostName,

    /// <summary>An address in a private, loopback, link-local or otherwise non-public range.</summary>
    BlockedAddress,

    /// <summary>A cloud instance metadata address.</summary>
    MetadataAddress,
}
