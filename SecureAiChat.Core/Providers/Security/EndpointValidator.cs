using System.Net;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Results;

namespace SecureAiChat.Core.Providers.Security;

/// <summary>
/// Checks the text of a tenant-supplied endpoint URL before it is saved (OWASP ASVS 1.3.6).
/// This gives the admin an immediate, specific message; the binding check happens again at
/// connect time in <see cref="GuardedHttpHandler"/>, because a name can resolve differently later.
/// </summary>
public sealed class EndpointValidator
{
    // Longer URLs are not endpoints anyone types; refusing them bounds the parsing work.
    private const int MaxUrlLength = 2048;

    private readonly EndpointPolicy _policy;

    /// <summary>Creates a validator over <paramref name="policy"/>.</summary>
    public EndpointValidator(EndpointPolicy policy) => _policy = policy;

    /// <summary>Creates a validator from bound options.</summary>
    public EndpointValidator(IOptions<EndpointPolicyOptions> options)
        : this(new EndpointPolicy(options))
    {
    }

    /// <summary>
    /// Validates <paramref name="url"/>: the parsed URI, or the reason it was refused (the page words it from
    /// <c>EndpointRejectionReason_{Reason}</c>).
    /// </summary>
    public Result<Uri, EndpointRejectionReason> Validate(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxUrlLength
            || url.Trim() != url || url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c == '\\'))
        {
            // Whitespace and backslashes are read differently by different URL parsers.
            return EndpointRejectionReason.InvalidUrl;
        }

        // On Unix "/v1/chat" parses as an absolute file URI; an endpoint always names its scheme.
        if (!url.Contains("://", StringComparison.Ordinal) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return url.Contains('%', StringComparison.Ordinal) ? EndpointRejectionReason.EncodedHost : EndpointRejectionReason.InvalidUrl;
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !_policy.AllowHttp)
        {
            return EndpointRejectionReason.HttpNotAllowed;
        }

        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        {
            return EndpointRejectionReason.UnsupportedScheme;
        }

        if (uri.UserInfo.Length > 0 || uri.OriginalString.AsSpan(0, AuthorityEnd(uri.OriginalString)).Contains('@'))
        {
            return EndpointRejectionReason.UserInfoNotAllowed;
        }

        // IdnHost applies IDNA mapping: full-width letters, ideographic full stops (。) and the
        // like become the ASCII a client would resolve, so we judge what will actually be used.
        var rawHost = uri.IdnHost;
        if (rawHost.Contains('%', StringComparison.Ordinal))
        {
            return EndpointRejectionReason.EncodedHost;
        }

        var host = EndpointPolicy.NormalizeHost(rawHost);
        if (host.Length == 0)
        {
            return EndpointRejectionReason.InvalidUrl;
        }

        var reason = TryParseAddress(uri, host) is { } address
            ? _policy.CheckAddress(address, _policy.IsHostAllowListed(host, uri.Port))
            : _policy.CheckHostName(host, uri.Port);

        return reason is { } r ? r : uri;
    }

    /// <summary>
    /// Reads the host as an IP address in any notation a resolver would accept: dotted, decimal
    /// (2130706433), octal (0177.0.0.1), hex (0x7f.1), short (127.1), and the same written with
    /// Unicode digits or dots that IDNA maps to ASCII.
    /// </summary>
    private static IPAddress? TryParseAddress(Uri uri, string host)
    {
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            return IPAddress.Parse(host);
        }

        if (IPAddress.TryParse(host, out var parsed))
        {
            return parsed;
        }

        // Let Uri's own IPv4 parser (which accepts the inet_aton forms) judge the mapped text.
        return Uri.TryCreate("http://" + host + "/", UriKind.Absolute, out var reparsed)
            && reparsed.HostNameType == UriHostNameType.IPv4
                ? IPAddress.Parse(reparsed.Host)
                : null;
    }

    private static int AuthorityEnd(string url)
    {
        var start = url.IndexOf("//", StringComparison.Ordinal);
        start = start < 0 ? 0 : start + 2;
        var end = url.IndexOfAny(['/', '?', '#'], start);
        return end < 0 ? url.Length : end;
    }
}
