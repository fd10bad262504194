using Microsoft.Extensions.Options;

namespace SecureAiChat.Core.Tenancy;

/// <summary>
/// The one place that builds absolute URLs of the platform site and of workspaces, for links that leave the
/// request (mail, sign-in links, links between sites). Built from <see cref="TenancyOptions"/> only: a request's
/// Host header is chosen by whoever sends it, so a link built from it could point a genuine reset code at
/// an attacker's site.
/// </summary>
public sealed class PublicUrls(IOptions<TenancyOptions> options)
{
    private readonly Uri _platform = PlatformBase(options.Value);
    private readonly string _root = options.Value.RootDomain.ToLowerInvariant();

    /// <summary>The platform site's base, e.g. <c>https://secure-ai-chat.com/</c>.</summary>
    public Uri PlatformBase() => _platform;

    /// <summary>An absolute URL on the platform site; <paramref name="pathAndQuery"/> is e.g. <c>/contact?plan=Professional</c>.</summary>
    public Uri Platform(string pathAndQuery = "/") => new(_platform, pathAndQuery);

    /// <summary>An absolute URL on a workspace, e.g. <c>https://acme.secure-ai-chat.com/Account/Login</c>.</summary>
    public Uri Workspace(string identifier, string pathAndQuery = "/")
    {
        var workspace = new UriBuilder(_platform) { Host = $"{identifier}.{_root}" }.Uri;
        return new Uri(workspace, pathAndQuery);
    }

    /// <summary>An absolute URL on the site of <paramref name="tenant"/>, or on the platform site when it is null (operators).</summary>
    public Uri Site(AppTenantInfo? tenant, string pathAndQuery = "/") =>
        tenant is null ? Platform(pathAndQuery) : Workspace(tenant.Identifier, pathAndQuery);

    private static Uri PlatformBase(TenancyOptions o)
    {
        if (!string.IsNullOrWhiteSpace(o.PublicBaseUrl))
            return new UriBuilder(o.PublicBaseUrl) { Path = "/", Query = "", Fragment = "" }.Uri;
        return new UriBuilder(o.PublicScheme, o.RootDomain.ToLowerInvariant(), o.PublicPort ?? -1, "/").Uri;
    }
}
