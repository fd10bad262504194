using Microsoft.Extensions.Options;

namespace SecureAiChat.Core.Tenancy;

/// <summary>Finds the tenant identifier in a request (Finbuckle's <c>IMultiTenantStrategy</c>).</summary>
public interface IMultiTenantStrategy
{
    HostMatch Match(string host);
}

/// <summary>What a host names: the platform site, a workspace identifier, nothing that can exist, or another site.</summary>
public readonly record struct HostMatch(HostMatchKind Kind, string? Identifier)
{
    public static HostMatch Platform => new(HostMatchKind.Platform, null);
}

public enum HostMatchKind
{
    Platform,
    Tenant,
    Invalid,

    /// <summary>A host outside the root domain (an IP address, a forged or misrouted name): not ours to serve.</summary>
    Foreign,
}

/// <summary>
/// <c>{identifier}.{RootDomain}</c> names a workspace; the bare root (and <c>www</c>) is the platform site.
/// The port is never part of the decision (behind a proxy the public port is not the one Kestrel binds).
/// Hosts outside the root domain (an IP address, a forged name) are <see cref="HostMatchKind.Foreign"/>.
/// </summary>
public sealed class HostStrategy(IOptions<TenancyOptions> options) : IMultiTenantStrategy
{
    private readonly string _root = options.Value.RootDomain.ToLowerInvariant();

    public HostMatch Match(string host)
    {
        var h = host.Trim().TrimEnd('.').ToLowerInvariant();
        if (h == _root || h == "www." + _root) return HostMatch.Platform;
        if (h.Length == 0 || !h.EndsWith("." + _root, StringComparison.Ordinal)) return new HostMatch(HostMatchKind.Foreign, null);

        var label = h[..^(_root.Length + 1)];
        // Deeper names (a.b.root) and malformed labels can never be a workspace.
        if (label.Contains('.', StringComparison.Ordinal) || !TenantIdentifier.IsValid(label))
            return new HostMatch(HostMatchKind.Invalid, label);
        return new HostMatch(HostMatchKind.Tenant, label);
    }
}
