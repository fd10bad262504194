using Microsoft.AspNetCore.Components.Server.Circuits;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Web.Hosting;

/// <summary>
/// Seeds a circuit's scope with the tenant resolved for the request that opened it: a direct /_blazor connection went
/// through the tenancy middleware on the same host; through Azure SignalR Service the negotiate request did, and its
/// signed claims carry the result (<see cref="CircuitOrigin"/>). Runs before any other circuit handler and before any
/// component renders. Components never read HttpContext; they read the scoped accessor this fills.
/// </summary>
public sealed class TenantCircuitHandler(IHttpContextAccessor http, IMultiTenantContextSetter setter, IMultiTenantStore<AppTenantInfo> store) : CircuitHandler
{
    /// <summary>First: the client-address, IP allow-list and suspension handlers read what this restores.</summary>
    public override int Order => int.MinValue;

    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var context = http.HttpContext;
        var resolved = context?.Features.Get<MultiTenantContext<AppTenantInfo>>()
            ?? (context is null ? null : await CircuitOrigin.RestoreAsync(context, store, cancellationToken))
            ?? throw new InvalidOperationException("A circuit opened without a resolved host; refusing to guess its tenant.");
        setter.SetTenant(resolved);
    }
}
