using System.Globalization;
using System.Resources;
using SecureAiChat.Core.Settings;

namespace SecureAiChat.Core.Alerts;

/// <summary>An alert's headline and what to do about it, in one language.</summary>
public sealed record AlertText(string Title, string Advice, string ActionPath);

/// <summary>
/// The words of every alert (AlertStrings.resx, Japanese default, and .en), shared by the mails, the workspace banner
/// and the alert lists so all three say the same thing. Rendered per culture: a mail goes out in its recipient's language.
/// </summary>
public static class AlertTexts
{
    private static readonly ResourceManager Resources = new("SecureAiChat.Core.Alerts.AlertStrings", typeof(AlertTexts).Assembly);

    public static AlertText For(WorkspaceAlert alert, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var kind = alert.Kind.ToString();
        var title = alert.Kind switch
        {
            WorkspaceAlertKind.FailureRate => Format(culture, "Title_FailureRate", Percent(alert.Value), alert.Detail ?? "", Percent(alert.Threshold)),
            WorkspaceAlertKind.SlowFirstToken => Format(culture, "Title_SlowFirstToken", alert.Value.ToString("0.0", culture), alert.Threshold.ToString("0", culture)),
            WorkspaceAlertKind.KeyRejected => Format(culture, "Title_KeyRejected", ProviderName(alert.Detail, culture)),
            _ => Format(culture, "Title_" + kind, Percent(alert.Value)),
        };
        return new AlertText(title, Get("Advice_" + kind, culture), ActionPath(alert.Kind));
    }

    public static AlertText For(PlatformAlert alert, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var kind = alert.Kind.ToString();
        var title = alert.Kind switch
        {
            PlatformAlertKind.ProvisioningFailed => Format(culture, "Title_ProvisioningFailed", alert.Detail ?? alert.Subject),
            PlatformAlertKind.JobsFailed => Format(culture, "Title_JobsFailed", alert.Value.ToString("N0", culture)),
            PlatformAlertKind.WorkspaceFailureRate => Format(culture, "Title_WorkspaceFailureRate", alert.Detail ?? alert.Subject, Percent(alert.Value), Percent(alert.Threshold)),
            PlatformAlertKind.InvoiceOverdue => Format(culture, "Title_InvoiceOverdue", alert.Detail ?? alert.Subject, Percent(alert.Value)),
            _ => Format(culture, "Title_HealthCheckFailing", alert.Subject),
        };
        var path = alert.Kind switch
        {
            PlatformAlertKind.ProvisioningFailed => "/ops/provisioning",
            PlatformAlertKind.JobsFailed => "/ops/hangfire/jobs/failed",
            PlatformAlertKind.WorkspaceFailureRate => "/ops/tenants/" + Uri.EscapeDataString(alert.Detail ?? alert.Subject),
            PlatformAlertKind.InvoiceOverdue => "/ops/invoices",
            _ => "/health/ready",
        };
        return new AlertText(title, Get("Advice_" + kind, culture), path);
    }

    /// <summary>Where the workspace's Admins fix it.</summary>
    public static string ActionPath(WorkspaceAlertKind kind) => kind switch
    {
        WorkspaceAlertKind.Budget => "/settings/budgets",
        _ => "/settings/ai",
    };

    private static string ProviderName(string? choice, CultureInfo culture) =>
        Enum.TryParse<AiProviderChoice>(choice, out var parsed) ? Get("Provider_" + parsed, culture) : Get("Provider_SystemDefault", culture);

    private static string Percent(double value) => Math.Round(value).ToString("0", CultureInfo.InvariantCulture);

    private static string Format(CultureInfo culture, string key, params object[] args) => string.Format(culture, Get(key, culture), args);

    private static string Get(string key, CultureInfo culture) => Resources.GetString(key, culture) ?? key;
}
