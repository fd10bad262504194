using System.Net;
using Microsoft.AspNetCore.Components.Server.Circuits;
using SecureAiChat.Core.Security.AllowList;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Web.Features.Security;

/// <summary>
/// An open circuit makes no HTTP requests, so the allow-list middleware never sees it again. This handler keeps the
/// address the circuit connected from and re-checks it whenever the workspace changes (the change poll, on every
/// instance): once the address is no longer allowed the circuit is refused. <see cref="IpAllowListGuard"/> reloads the
/// page, which meets the middleware's refusal page (and a reconnect of this circuit meets the middleware too); a client
/// that ignores the reload gets every further UI event refused, so nothing it sends reaches a component.
/// </summary>
public sealed partial class IpAllowListCircuitHandler(
    IHttpContextAccessor http,
    TenantChangeWatcher changes,
    IpAllowListCache lists,
    ILogger<IpAllowListCircuitHandler> logger) : CircuitHandler, IDisposable
{
    private IPAddress? _address;
    private string? _tenantId;
    private volatile bool _refused;

    /// <summary>Raised once when the circuit's address stops being allowed (on a pool thread).</summary>
    public event Action? Refused;

    public bool IsRefused => _refused;

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        // The /_blazor connection passed the middleware from this address; it is the circuit's address for its life.
        var context = http.HttpContext;
        _address = context?.Connection.RemoteIpAddress;
        _tenantId = context?.Features.Get<MultiTenantContext<AppTenantInfo>>()?.TenantInfo?.Id;
        if (_tenantId is not null) changes.Changed += OnTenantChanged;
        return Task.CompletedTask;
    }

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        context => _refused
            ? throw new InvalidOperationException("The circuit's client address is no longer on the workspace's IP allow-list.")
            : next(context);

    private void OnTenantChanged(AppTenantInfo tenant)
    {
        if (tenant.Id == _tenantId && !_refused) _ = RecheckAsync(tenant);
    }

    private async Task RecheckAsync(AppTenantInfo tenant)
    {
        // A failed read (the database busy or away for a moment) is tried again: no later change may come to retrigger it.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var list = await lists.GetAsync(tenant);
                if (list.Allows(_address)) return;
                _refused = true;
                LogRefused(logger, _address?.ToString() ?? "unknown");
                Refused?.Invoke();
                return;
            }
            catch (Exception ex) when (attempt < RecheckAttempts)
            {
                LogRecheckFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(attempt));
            }
            catch (Exception ex)
            {
                LogRecheckFailed(logger, ex);
                return;
            }
        }
    }

    private const int RecheckAttempts = 5;

    public void Dispose() => changes.Changed -= OnTenantChanged;

    [LoggerMessage(LogLevel.Information, "Ending a circuit: its client address {Address} is no longer on the workspace's IP allow-list")]
    private static partial void LogRefused(ILogger logger, string address);

    [LoggerMessage(LogLevel.Warning, "Re-checking an open circuit against the IP allow-list failed")]
    private static partial void LogRecheckFailed(ILogger logger, Exception exception);
}
