using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SecureAiChat.Core.Results;

namespace SecureAiChat.Core.Security.AllowList;

/// <summary>
/// Why an allow-list entry, or a change of the list, was refused (resource key <c>IpAllowListRefusal_{Code}</c>). The
/// problem's value is the entry as typed for the parse codes, the range to suggest for <see cref="HostBitsSet"/>, the
/// canonical range for <see cref="Duplicate"/> and <see cref="NeedsConfirmation"/>, and the limit for the limits.
/// </summary>
public enum IpAllowListRefusal
{
    /// <summary>Not an IPv4/IPv6 address or CIDR range at all (also non-canonical IPv4 such as <c>10.1</c> or <c>010.0.0.1</c>).</summary>
    Malformed,

    /// <summary>The prefix length is not a number from 0 to 32 (IPv4) or 128 (IPv6).</summary>
    PrefixOutOfRange,

    /// <summary>
    /// The address has bits set after the prefix (<c>10.0.0.1/8</c>): refused rather than guessed; the problem's value is
    /// the range with those bits cleared, to suggest.
    /// </summary>
    HostBitsSet,

    /// <summary>An IPv4-mapped IPv6 range wider than the mapped space (<c>::ffff:0:0/96</c>), which would mean more than IPv4.</summary>
    MappedRangeTooWide,

    Duplicate,
    TooMany,
    LabelTooLong,
    NotFound,

    /// <summary>The list after the change would refuse the saving admin's own address: ask, then save with confirmation.</summary>
    NeedsConfirmation,
}

/// <summary>
/// Parsing and matching of allow-list entries, all through <see cref="IPNetwork"/> (no CIDR arithmetic of our own).
/// IPv4-mapped IPv6 (<c>::ffff:1.2.3.4</c>) is one IPv4 address to us, in an entry and in a client address alike, so
/// a dual-stack listener's mapped client matches IPv4 rules.
/// </summary>
public static class IpRange
{
    private const int MappedPrefix = 96;

    /// <summary>Parses an address or CIDR range into its canonical network, or says why not.</summary>
    /// <remarks>Host bits set are refused, not normalized: see <see cref="IpAllowListRefusal.HostBitsSet"/>.</remarks>
    public static Result<IPNetwork, IpAllowListRefusal> ParseEntry(string? input)
    {
        var text = input?.Trim() ?? "";
        var refused = (IpAllowListRefusal code) => Result<IPNetwork, IpAllowListRefusal>.Refused(code, text);
        if (text.Length is 0 or > 64) return refused(IpAllowListRefusal.Malformed);

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address) || addressText.Contains('%', StringComparison.Ordinal))
            return refused(IpAllowListRefusal.Malformed);
        // A zone (fe80::1%eth0) names a link of this server, which no client address shares.
        // IPAddress accepts "10", "10.1" and octal "010.0.0.1"; an admin who typed those meant something else.
        if (address.AddressFamily == AddressFamily.InterNetwork && address.ToString() != addressText) return refused(IpAllowListRefusal.Malformed);

        var maxPrefix = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = maxPrefix;
        if (slash >= 0)
        {
            var prefixText = text[(slash + 1)..];
            if (prefixText.Length is 0 or > 3 || !prefixText.All(char.IsAsciiDigit)) return refused(IpAllowListRefusal.Malformed);
            prefix = int.Parse(prefixText, CultureInfo.InvariantCulture);
            if (prefix > maxPrefix) return refused(IpAllowListRefusal.PrefixOutOfRange);
        }

        if (address.IsIPv4MappedToIPv6)
        {
            if (prefix < MappedPrefix) return refused(IpAllowListRefusal.MappedRangeTooWide);
            address = address.MapToIPv4();
            prefix -= MappedPrefix;
        }

        if (!IPNetwork.TryParse($"{address}/{prefix.ToString(CultureInfo.InvariantCulture)}", out var network)) return refused(IpAllowListRefusal.Malformed);
        // IPNetwork clears the bits after the prefix (10.0.0.1/8 becomes 10.0.0.0/8). Refused rather than taken: the
        // admin may have meant the single address, and a silent /8 would open the workspace to 16 million addresses.
        // The cleared network is the problem's value, so the message can suggest it.
        return network.BaseAddress.Equals(address) ? network : new Problem<IpAllowListRefusal>(IpAllowListRefusal.HostBitsSet, network.ToString());
    }

    /// <summary>Parses an entry that was stored canonical.</summary>
    public static IPNetwork Parse(string canonical) =>
        ParseEntry(canonical) is { Succeeded: true } parsed ? parsed.Value : throw new FormatException($"'{canonical}' is not a stored allow-list range.");

    /// <summary>An address as the allow-list sees it: IPv4-mapped IPv6 as IPv4. Null for text that is no address.</summary>
    public static IPAddress? Normalize(string? address) =>
        IPAddress.TryParse(address, out var ip) ? Normalize(ip) : null;

    /// <inheritdoc cref="Normalize(string?)"/>
    public static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>The canonical text of a single address as an entry: <c>203.0.113.7/32</c>.</summary>
    public static string SingleAddress(IPAddress address)
    {
        var ip = Normalize(address);
        return new IPNetwork(ip, ip.AddressFamily == AddressFamily.InterNetwork ? 32 : 128).ToString();
    }
}
