using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Billing;

/// <summary>
/// Issues the invoices of the month that ended (Hangfire, on the 1st, Asia/Tokyo): one per paying workspace. Safe to run
/// again or on two instances at once: each workspace's invoice is issued once (see <see cref="InvoiceService.IssueAsync"/>).
/// </summary>
public sealed partial class InvoiceJob(TenantScopeFactory scopes, IOptions<BillingOptions> options, TimeProvider time, ILogger<InvoiceJob> logger)
{
    public const string RecurringJobId = "monthly-invoices";

    /// <summary>Issues what is missing for the month before now's month; returns how many invoices it issued.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        if (!options.Value.IsConfigured)
        {
            LogNotConfigured(logger);
            return 0;
        }

        var month = InvoiceService.MonthBefore(time.GetUtcNow());
        var issued = 0;
        await EachWorkspace.RunAsync(scopes, async (tenantId, ct) =>
        {
            // Platform scope: invoices are the platform's record and their audit entries go to the platform chain.
            await using var scope = scopes.CreatePlatformScope();
            var invoice = await ActivatorUtilities.CreateInstance<InvoiceService>(scope.ServiceProvider, time).IssueAsync(tenantId, month, ct);
            if (invoice is null) return;
            Interlocked.Increment(ref issued);
            LogIssued(logger, invoice.DisplayNumber, tenantId, invoice.BillingMonth, invoice.TotalYen);
        }, (ex, tenantId) => LogFailed(logger, ex, tenantId), nameof(InvoiceJob), cancellationToken);
        return issued;
    }

    [LoggerMessage(LogLevel.Warning, "Billing is not configured (Billing:* keys): no invoices were issued")]
    private static partial void LogNotConfigured(ILogger logger);

    [LoggerMessage(LogLevel.Information, "Issued invoice {Number} to tenant {TenantId} for {Month}: {TotalYen} yen")]
    private static partial void LogIssued(ILogger logger, string number, string tenantId, string month, long totalYen);

    [LoggerMessage(LogLevel.Error, "Issuing the invoice of tenant {TenantId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string tenantId);
}
