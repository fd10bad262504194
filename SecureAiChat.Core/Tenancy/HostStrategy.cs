using Microsoft.Extensions.Options;

namespace SecureAiChat.Core.Tenancy;

/// <summary>Finds the tenant identifier in a request (Finbuckle's <c>IMultiTenantStrategy</c>).</summary>
public interface IMultiTenantStrategy
{
    HostMatch Match(string host);
}

/// <summary>What a host names: the platform site, a workspace identifier, or nothing that can exist.</summary>
public readonly record struct HostMatch(HostMatchKind Kind, string? Identifier)
{
    public static HostMatch Platform => new(HostMatchKind.Platform, null);
}

public enum HostMatchKind
{
    Platform,
    Tenant,
    Invalid,
}

/// <summary>
/// <c>{identifier}.{RootDomain}</c> names a workspace; the bare root (and <c>www</c>) is the platform site.
/// The port is never part of the decision. Hosts outside the root domain (an IP address, a health probe)
/// are the platform site, which holds no tenant data.
/// </summary>
public sealed class HostStrategy(IOptions<TenancyOptions> options) : IMultiTenantStrategy
{
    private readonly string _root = options.Value.RootDomain.ToLowerInvariant();

    public HostMatch Match(string host)
    {
        var h = host.Trim().TrimEnd('.').ToLowerInvariant();
        if (h.Length == 0 || h == _root || h == "www." + _root) return HostMatch.Platform;
        if (!h.EndsWith("." + _root, StringComparison.Ordinal)) return HostMatch.Platform;

        var label = h[..^(_root.Length + 1)];
        // Deeper names (a.b.root) and malformed labels can never be a workspace.
        if (label.Contains('.', StringComparison.Ordinal) || !TenantIdentifier.IsValid(label))
            return new HostMatch(HostMatchKind.Invalid, label);
        return new HostMatch(HostMatchKind.Tenant, label);
    }

    /// <summary>The absolute base URL of a workspace, keeping the scheme and port the platform is served on.</summary>
    public static Uri WorkspaceUri(Uri platformBase, string rootDomain, string identifier)
    {
        var builder = new UriBuilder(platformBase) { Host = $"{identifier}.{rootDomain}", Path = "/" };
        return builder.Uri;
    }

    /// <summary>
    /// An absolute URL on the platform site (pricing, contact sales) for a link shown in a workspace, keeping the
    /// scheme and port the workspace is served on. <paramref name="pathAndQuery"/> is e.g. <c>/contact?plan=Professional</c>.
    /// </summary>
    public static Uri PlatformUri(Uri workspaceBase, string rootDomain, string pathAndQuery)
    {
        var root = new UriBuilder(workspaceBase) { Host = rootDomain, Path = "/", Query = "", Fragment = "" }.Uri;
        return new Uri(root, pathAndQuery);
    }
}
