using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.DataGovernance.BreakGlass;

/// <summary>
/// Writes the audit entry of each break-glass grant whose end has passed (Hangfire recurring job <c>break-glass-expiry</c>,
/// every 15 minutes). The access itself ends at its stored end time on every read; this job only makes sure the expiry is
/// recorded even when nobody opens the page afterwards. Pages record it too; the conditional update lets only one write it.
/// </summary>
public sealed partial class BreakGlassExpiryJob(TenantScopeFactory scopes, ILogger<BreakGlassExpiryJob> logger)
{
    public const string RecurringJobId = "break-glass-expiry";

    public const string Cron = "*/15 * * * *";

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [60, 300, 600])]
    [JobDisplayName("Data governance: break-glass expiry")]
    public Task RunAsync(CancellationToken cancellationToken) =>
        EachWorkspace.RunAsync(scopes, RunForAsync, (ex, tenantId) => LogFailed(ex, tenantId), "Break-glass expiry", cancellationToken);

    /// <summary>One workspace's run: how many expiries it recorded.</summary>
    public async Task<int> RunForAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var scope = await scopes.CreateScopeAsync(tenantId, cancellationToken);
        return await scope.ServiceProvider.GetRequiredService<BreakGlassService>().RecordExpiriesAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording break-glass expiries failed for tenant {TenantId}")]
    private partial void LogFailed(Exception exception, string tenantId);
}
