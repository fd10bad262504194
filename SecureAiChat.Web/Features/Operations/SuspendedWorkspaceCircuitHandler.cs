using Microsoft.AspNetCore.Components.Server.Circuits;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Web.Features.Operations;

/// <summary>
/// Ends what an open circuit of a workspace can still do once an operator suspends the workspace (or its data is
/// deleted), on every instance: the change poll (<see cref="TenantChangeWatcher"/>) tells each instance of the tenant
/// row's new status within its interval. TenantStatusGuard reloads the page, which meets the gate's suspended page;
/// a client that ignores the reload gets every further UI event refused here, so nothing it sends reaches a component.
/// The same approach as the IP allow-list's circuit handler; the state is the tenant row, nothing held in one process.
/// </summary>
public sealed partial class SuspendedWorkspaceCircuitHandler(
    IHttpContextAccessor http,
    TenantChangeWatcher changes,
    ILogger<SuspendedWorkspaceCircuitHandler> logger) : CircuitHandler, IDisposable
{
    private string? _tenantId;
    private volatile bool _refused;

    public bool IsRefused => _refused;

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        // The /_blazor connection went through the tenant resolver: its workspace is the circuit's for its life.
        _tenantId = http.HttpContext?.Features.Get<MultiTenantContext<AppTenantInfo>>()?.TenantInfo?.Id;
        if (_tenantId is not null) changes.Changed += OnTenantChanged;
        return Task.CompletedTask;
    }

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        context => _refused
            ? throw new InvalidOperationException("The circuit's workspace is suspended.")
            : next(context);

    private void OnTenantChanged(AppTenantInfo tenant)
    {
        if (tenant.Id != _tenantId || _refused || tenant.Status is not (TenantStatus.Suspended or TenantStatus.Closed)) return;
        _refused = true;
        LogRefused(logger, tenant.Identifier);
    }

    public void Dispose() => changes.Changed -= OnTenantChanged;

    [LoggerMessage(LogLevel.Information, "Ending a circuit of workspace {Identifier}: it is no longer available")]
    private static partial void LogRefused(ILogger logger, string identifier);
}
