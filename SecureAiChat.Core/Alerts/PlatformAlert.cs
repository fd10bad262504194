using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Alerts;

/// <summary>What an operators' alert is about.</summary>
public enum PlatformAlertKind
{
    /// <summary>A provisioning request ended failed (subject: its id).</summary>
    ProvisioningFailed = 1,

    /// <summary>Hangfire holds failed jobs (subject: empty; value: how many).</summary>
    JobsFailed = 2,

    /// <summary>A workspace's answers fail above the platform's rate (subject: the tenant id).</summary>
    WorkspaceFailureRate = 3,

    /// <summary>A dependency of the health endpoint's readiness check is unhealthy (subject: the check's name).</summary>
    HealthCheckFailing = 4,

    /// <summary>
    /// A workspace has an unpaid invoice <see cref="Billing.InvoiceService.AlertOverdueDays"/> days or more past its due
    /// date (subject: the tenant id; value: days overdue). Suspension stays the operator's decision.
    /// </summary>
    InvoiceOverdue = 5,
}

/// <summary>
/// An alert for the platform's operators. Global (it spans workspaces) and never carries chat content: a workspace is
/// named by its identifier, a provisioning request by its id. Opens once per kind and subject through the same unique
/// <see cref="OpenGuard"/> as <see cref="WorkspaceAlert"/>.
/// </summary>
public sealed class PlatformAlert : IGlobalEntity
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public PlatformAlertKind Kind { get; set; }

    /// <summary>What it is about, per kind (see <see cref="PlatformAlertKind"/>).</summary>
    public string Subject { get; set; } = "";

    /// <summary><c>kind:subject</c> while open; the id once closed.</summary>
    public string OpenGuard { get; set; } = "";

    /// <summary>For display: the workspace identifier (rate, provisioning) or the health check's description.</summary>
    public string? Detail { get; set; }

    /// <summary>UTC (a DateTime, so SQLite can order by it).</summary>
    public DateTime OpenedAt { get; set; }

    /// <summary>UTC; null while open.</summary>
    public DateTime? ClosedAt { get; set; }

    public double Value { get; set; }

    public double Threshold { get; set; }
}
