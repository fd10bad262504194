using System.Net;
using System.Net.Sockets;

namespace SecureAiChat.Core.Providers.Security;

/// <summary>
/// Address ranges a tenant-supplied endpoint must never reach unless the operator allows them:
/// everything that is not an ordinary public unicast address (IANA special-purpose registries).
/// </summary>
internal static class BlockedAddressRanges
{
    // Metadata services answer with cloud credentials; they get their own reason and are not
    // opened by a host allow-list (see EndpointPolicyOptions.AllowedHosts).
    private static readonly IPAddress[] MetadataAddresses =
    [
        IPAddress.Parse("169.254.169.254"), // AWS, Azure, GCP, OpenStack
        IPAddress.Parse("169.254.170.2"),   // AWS ECS task metadata
        IPAddress.Parse("100.100.100.200"), // Alibaba Cloud
        IPAddress.Parse("fd00:ec2::254"),   // AWS IMDS over IPv6
    ];

    private static readonly IPNetwork[] V4 =
    [
        IPNetwork.Parse("0.0.0.0/8"),        // "this network"; 0.0.0.0 reaches the local host on Linux
        IPNetwork.Parse("10.0.0.0/8"),       // private
        IPNetwork.Parse("100.64.0.0/10"),    // carrier-grade NAT
        IPNetwork.Parse("127.0.0.0/8"),      // loopback
        IPNetwork.Parse("169.254.0.0/16"),   // link-local, cloud metadata
        IPNetwork.Parse("172.16.0.0/12"),    // private
        IPNetwork.Parse("192.0.0.0/24"),     // IETF protocol assignments
        IPNetwork.Parse("192.0.2.0/24"),     // documentation (TEST-NET-1)
        IPNetwork.Parse("192.88.99.0/24"),   // 6to4 relay anycast
        IPNetwork.Parse("192.168.0.0/16"),   // private
        IPNetwork.Parse("198.18.0.0/15"),    // benchmarking
        IPNetwork.Parse("198.51.100.0/24"),  // documentation (TEST-NET-2)
        IPNetwork.Parse("203.0.113.0/24"),   // documentation (TEST-NET-3)
        IPNetwork.Parse("224.0.0.0/4"),      // multicast
        IPNetwork.Parse("240.0.0.0/4"),      // reserved, includes broadcast 255.255.255.255
    ];

    private static readonly IPNetwork[] V6 =
    [
        IPNetwork.Parse("::/128"),           // unspecified
        IPNetwork.Parse("::1/128"),          // loopback
        IPNetwork.Parse("64:ff9b:1::/48"),   // local-use NAT64
        IPNetwork.Parse("100::/64"),         // discard-only
        IPNetwork.Parse("2001::/23"),        // IETF protocol assignments (Teredo, benchmarking, ORCHID)
        IPNetwork.Parse("2001:db8::/32"),    // documentation
        IPNetwork.Parse("3fff::/20"),        // documentation
        IPNetwork.Parse("fc00::/7"),         // unique local
        IPNetwork.Parse("fe80::/10"),        // link-local
        IPNetwork.Parse("fec0::/10"),        // deprecated site-local
        IPNetwork.Parse("ff00::/8"),         // multicast
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork V4Compatible = IPNetwork.Parse("::/96");

    /// <summary>True when <paramref name="address"/> is a cloud metadata address in any encoding.</summary>
    public static bool IsMetadata(IPAddress address)
    {
        foreach (var candidate in Expand(address))
        {
            if (MetadataAddresses.Contains(candidate))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="address"/>, or an IPv4 address embedded in it, is not public unicast.</summary>
    public static bool IsBlocked(IPAddress address)
    {
        foreach (var candidate in Expand(address))
        {
            var ranges = candidate.AddressFamily == AddressFamily.InterNetwork ? V4 : V6;
            if (ranges.Any(r => r.Contains(candidate)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The address itself plus every IPv4 address it carries: IPv4-mapped (::ffff:a.b.c.d), the
    /// deprecated IPv4-compatible form (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:aabb:ccdd::).
    /// A translator or relay on the path would deliver packets for these to the embedded IPv4 host.
    /// </summary>
    public static IEnumerable<IPAddress> Expand(IPAddress address)
    {
        address = Normalize(address);
        yield return address;
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            yield break;
        }

        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address) || (V4Compatible.Contains(address) && !IsUnspecifiedOrLoopbackV6(address)))
        {
            yield return new IPAddress(bytes.AsSpan(12, 4));
        }
        else if (SixToFour.Contains(address))
        {
            yield return new IPAddress(bytes.AsSpan(2, 4));
        }
    }

    /// <summary>Strips the scope id and unwraps IPv4-mapped IPv6 addresses.</summary>
    public static IPAddress Normalize(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0
            ? new IPAddress(address.GetAddressBytes())
            : address;
    }

    private static bool IsUnspecifiedOrLoopbackV6(IPAddress address) =>
        address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6Loopback);
}
