using System.Net;
using Microsoft.Extensions.Options;

namespace SecureAiChat.Core.Providers.Security;

/// <summary>
/// The compiled endpoint policy: which host names and addresses a tenant-supplied endpoint may
/// reach. Used both on the URL text (<see cref="EndpointValidator"/>) and at connect time
/// (<see cref="GuardedHttpHandler"/>), so the two can never disagree.
/// </summary>
public sealed class EndpointPolicy
{
    private readonly HostPattern[] _allowedHosts;
    private readonly IPNetwork[] _allowedNetworks;

    /// <summary>Compiles the policy from options bound to <see cref="EndpointPolicyOptions.SectionName"/>.</summary>
    public EndpointPolicy(IOptions<EndpointPolicyOptions> options)
        : this(options.Value)
    {
    }

    /// <summary>Compiles the policy from <paramref name="options"/>.</summary>
    /// <exception cref="FormatException">An allowed host or network is malformed.</exception>
    public EndpointPolicy(EndpointPolicyOptions options)
    {
        AllowHttp = options.AllowHttp;
        _allowedHosts = options.AllowedHosts.Where(h => !string.IsNullOrWhiteSpace(h)).Select(HostPattern.Parse).ToArray();
        _allowedNetworks = options.AllowedNetworks.Where(n => !string.IsNullOrWhiteSpace(n))
            .Select(n => IPNetwork.Parse(n.Trim())).ToArray();
    }

    /// <summary>Whether plain http is permitted.</summary>
    public bool AllowHttp { get; }

    /// <summary>Lower-cases a host, removes IPv6 brackets and trailing dots ("localhost." is "localhost").</summary>
    public static string NormalizeHost(string host)
    {
        var h = host.Trim().TrimEnd('.').ToLowerInvariant();
        return h.Length > 1 && h[0] == '[' && h[^1] == ']' ? h[1..^1] : h;
    }

    /// <summary>Whether the operator allow-listed <paramref name="host"/> (normalized) on <paramref name="port"/>.</summary>
    public bool IsHostAllowListed(string host, int port) => _allowedHosts.Any(p => p.Matches(host, port));

    /// <summary>Why <paramref name="host"/> (normalized, not an IP literal) is refused, or null when it may be resolved.</summary>
    public EndpointRejectionReason? CheckHostName(string host, int port) =>
        !IsHostAllowListed(host, port) && BlockedHostNames.IsBlocked(host) ? EndpointRejectionReason.BlockedHostName : null;

    /// <summary>Why <paramref name="address"/> is refused, or null when a connection to it is permitted.</summary>
    /// <param name="address">A literal or resolved address.</param>
    /// <param name="hostAllowListed">Whether the name that led to this address is allow-listed.</param>
    public EndpointRejectionReason? CheckAddress(IPAddress address, bool hostAllowListed)
    {
        var normalized = BlockedAddressRanges.Normalize(address);
        if (_allowedNetworks.Any(n => n.Contains(normalized)))
        {
            return null;
        }

        if (BlockedAddressRanges.IsMetadata(normalized))
        {
            return EndpointRejectionReason.MetadataAddress;
        }

        if (hostAllowListed)
        {
            return null;
        }

        return BlockedAddressRanges.IsBlocked(normalized) ? EndpointRejectionReason.BlockedAddress : null;
    }

    /// <summary>One allow-list entry: exact host or "*.suffix", optionally with a port.</summary>
    private sealed record HostPattern(string Host, bool IsWildcard, int? Port)
    {
        public static HostPattern Parse(string pattern)
        {
            var text = pattern.Trim();
            int? port = null;

            // "[::1]:8080", "[::1]", "host:443", "host"; a bare IPv6 address has several colons.
            var close = text.LastIndexOf(']');
            var colon = text.LastIndexOf(':');
            if (colon > close && (close >= 0 || text.IndexOf(':', StringComparison.Ordinal) == colon))
            {
                port = int.Parse(text[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture);
                text = text[..colon];
            }

            var host = NormalizeHost(text);
            if (IPAddress.TryParse(host, out var ip))
            {
                host = BlockedAddressRanges.Normalize(ip).ToString();
            }

            return host.StartsWith("*.", StringComparison.Ordinal)
                ? new HostPattern(host[1..], true, port)
                : new HostPattern(host, false, port);
        }

        public bool Matches(string host, int port)
        {
            if (Port is { } p && p != port)
            {
                return false;
            }

            if (IPAddress.TryParse(host, out var ip))
            {
                host = BlockedAddressRanges.Normalize(ip).ToString();
            }

            // "*.corp.example" matches "a.corp.example" and "a.b.corp.example", not "corp.example".
            return IsWildcard ? host.EndsWith(Host, StringComparison.Ordinal) : host == Host;
        }
    }
}
