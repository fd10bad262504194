using Microsoft.AspNetCore.Components.Server.Circuits;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Web.Hosting;

/// <summary>
/// Seeds a circuit's scope with the tenant resolved for the request that opened it (the /_blazor
/// connection went through the tenancy middleware on the same host). Runs before any component renders.
/// Components never read HttpContext; they read the scoped accessor this fills.
/// </summary>
public sealed class TenantCircuitHandler(IHttpContextAccessor http, IMultiTenantContextSetter setter) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var resolved = http.HttpContext?.Features.Get<MultiTenantContext<AppTenantInfo>>()
            ?? throw new InvalidOperationException("A circuit opened without a resolved host; refusing to guess its tenant.");
        setter.SetTenant(resolved);
        return Task.CompletedTask;
    }
}
