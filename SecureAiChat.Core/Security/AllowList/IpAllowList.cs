using System.Net;

namespace SecureAiChat.Core.Security.AllowList;

/// <summary>A workspace's allow-list as parsed networks: immutable, shared by every request of the workspace.</summary>
public sealed class IpAllowList
{
    public static readonly IpAllowList Empty = new([]);

    public IpAllowList(IReadOnlyList<IPNetwork> networks) => Networks = networks;

    public IReadOnlyList<IPNetwork> Networks { get; }

    /// <summary>An empty list restricts nothing.</summary>
    public bool IsRestricted => Networks.Count > 0;

    /// <summary>
    /// Whether <paramref name="address"/> may use the workspace. An unknown address (null) is refused by any restricting
    /// list: the rule is "only from these addresses", and an address we cannot see is not one of them.
    /// </summary>
    public bool Allows(IPAddress? address)
    {
        if (!IsRestricted) return true;
        if (address is null) return false;
        var ip = IpRange.Normalize(address);
        foreach (var network in Networks)
        {
            if (network.Contains(ip)) return true;
        }
        return false;
    }

    /// <inheritdoc cref="Allows(IPAddress?)"/>
    public bool Allows(string? address) => Allows(IpRange.Normalize(address));

    /// <summary>The list made of stored canonical entries.</summary>
    public static IpAllowList Of(IEnumerable<string> canonicalNetworks) => new(canonicalNetworks.Select(IpRange.Parse).ToList());
}
