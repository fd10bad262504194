using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.DataGovernance;

/// <summary>
/// The daily retention run (Hangfire recurring job <c>data-retention</c>, <c>DataGovernance:RetentionCron</c>, 03:00
/// Asia/Tokyo): in each active workspace, deletes the conversations past their window (the page's preview query) and
/// writes a receipt with counts to the audit log. Running it again the same day deletes nothing more.
/// </summary>
public sealed partial class RetentionJob(TenantScopeFactory scopes, TimeProvider time, ILogger<RetentionJob> logger)
{
    public const string RecurringJobId = "data-retention";

    [DisableConcurrentExecution(timeoutInSeconds: 1800)]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [60, 600, 1800])]
    [JobDisplayName("Data governance: conversation retention")]
    public Task RunAsync(CancellationToken cancellationToken) =>
        EachWorkspace.RunAsync(scopes, RunForAsync, (ex, tenantId) => LogFailed(ex, tenantId), "Conversation retention", cancellationToken);

    /// <summary>One workspace's run.</summary>
    public async Task<RetentionRunResult> RunForAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var scope = await scopes.CreateScopeAsync(tenantId, cancellationToken);
        var result = await scope.ServiceProvider.GetRequiredService<DataGovernanceService>().RunRetentionAsync(time.GetUtcNow(), cancellationToken);
        if (result.Conversations > 0) LogDeleted(tenantId, result.Conversations, result.Messages);
        return result;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Conversation retention failed for tenant {TenantId}")]
    private partial void LogFailed(Exception exception, string tenantId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention deleted {Conversations} conversations ({Messages} messages) in tenant {TenantId}")]
    private partial void LogDeleted(string tenantId, int conversations, int messages);
}
