using System.Net;
using System.Security.Claims;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Web.Hosting;

/// <summary>
/// What the request that opens a circuit knew: its workspace and client address. A direct <c>/_blazor</c> connection
/// passed the tenancy middleware and the forwarded-headers middleware itself, so it has both. Through Azure SignalR
/// Service only the negotiate request reaches this app: <see cref="Claims"/> adds both to the claims the service signs
/// into the client's access token, and <see cref="RestoreAsync"/> puts them back on the circuit's connection, where the
/// circuit handlers (tenant, client address, IP allow-list, suspension) read them as on a direct connection.
/// </summary>
public static class CircuitOrigin
{
    public const string TenantClaim = "sac:circuit-tenant";
    public const string AddressClaim = "sac:circuit-address";
    private const string PlatformValue = PlatformTenant.Id;

    /// <summary>The negotiate request's user claims plus its resolved workspace and client address.</summary>
    public static IEnumerable<Claim> Claims(HttpContext negotiate)
    {
        foreach (var claim in negotiate.User.Claims) yield return claim;
        var resolved = negotiate.Features.Get<MultiTenantContext<AppTenantInfo>>();
        if (resolved?.IsResolved == true) yield return new Claim(TenantClaim, resolved.TenantInfo!.Id);
        else if (resolved?.Resolution == TenantResolution.PlatformHost) yield return new Claim(TenantClaim, PlatformValue);
        if (negotiate.Connection.RemoteIpAddress is { } address) yield return new Claim(AddressClaim, address.ToString());
    }

    /// <summary>
    /// On a connection that did not pass the middleware: the workspace and address from the signed claims, set on the
    /// connection's context as the middleware would have. Null when the claims are missing, name no workspace that
    /// exists, or disagree with the signed-in user's own workspace.
    /// </summary>
    public static async Task<MultiTenantContext<AppTenantInfo>?> RestoreAsync(HttpContext connection, IMultiTenantStore<AppTenantInfo> store, CancellationToken cancellationToken)
    {
        var user = connection.User;
        if (user.FindFirstValue(TenantClaim) is not { Length: > 0 } tenantId) return null;
        MultiTenantContext<AppTenantInfo> resolved;
        if (tenantId == PlatformValue)
        {
            resolved = MultiTenantContext<AppTenantInfo>.Platform;
        }
        else
        {
            if (await store.GetAsync(tenantId, cancellationToken) is not { } tenant) return null;
            resolved = new MultiTenantContext<AppTenantInfo>(tenant, TenantResolution.Resolved, tenant.Identifier);
        }
        // The negotiate request already checked the cookie against the host; a circuit never serves another workspace's user.
        var userTenant = user.FindFirstValue(AppClaimTypes.TenantId);
        var expected = resolved.IsResolved ? tenantId : PlatformTenant.Id;
        if (userTenant is not null && userTenant != expected) return null;

        connection.Features.Set(resolved);
        if (IPAddress.TryParse(user.FindFirstValue(AddressClaim), out var address)) connection.Connection.RemoteIpAddress = address;
        return resolved;
    }
}
