using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Web.Components;

/// <summary>A page of the platform site (root host) only.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class PlatformPageAttribute : Attribute;

/// <summary>A page served on both the platform site and workspaces (sign-in, errors).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AnyHostPageAttribute : Attribute;

/// <summary>
/// Which host may show which page. Default-deny again: a page without an attribute is a workspace
/// page and is "not found" on the platform site, so no workspace page can run without a tenant.
/// </summary>
public static class HostPages
{
    public static bool Allows(Type pageType, MultiTenantContext<AppTenantInfo> tenant)
    {
        if (Attribute.IsDefined(pageType, typeof(AnyHostPageAttribute), inherit: true)) return true;
        var platformPage = Attribute.IsDefined(pageType, typeof(PlatformPageAttribute), inherit: true);
        return platformPage ? tenant.Resolution == TenantResolution.PlatformHost : tenant.IsResolved;
    }
}
