using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Billing;

/// <summary>
/// Which workspaces the monthly job invoices: the paying ones, in one place. A PoC trial is not invoiced until the
/// operator converts it (<see cref="AppTenantInfo.IsTrial"/>).
/// </summary>
public static class InvoiceableWorkspaces
{
    /// <summary>
    /// Active and not on a trial. A suspended workspace is not invoiced by the job (the operator decides what a suspended
    /// customer owes), nor a closing one (read-only, leaving: its last month is settled by the operator).
    /// </summary>
    public static bool IsInvoiceable(AppTenantInfo workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return workspace.Status == TenantStatus.Active && !IsOnTrial(workspace);
    }

    /// <summary>Whether the workspace is on a PoC trial that has not been converted to a contract (never invoiced).</summary>
    public static bool IsOnTrial(AppTenantInfo workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return workspace.IsTrial;
    }
}
