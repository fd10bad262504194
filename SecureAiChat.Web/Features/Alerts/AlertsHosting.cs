using SecureAiChat.Core.Alerts;

namespace SecureAiChat.Web.Features.Alerts;

public static class AlertsHosting
{
    /// <summary>Workspace and platform alerts: the jobs, the settings page's service and the operators' reads (<c>Ops:AlertAddress</c>).</summary>
    public static IHostApplicationBuilder AddAlerts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OpsAlertOptions>().BindConfiguration(OpsAlertOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddTransient<WorkspaceAlertJob>();
        builder.Services.AddTransient<PlatformAlertJob>();
        builder.Services.AddScoped<AlertSettingsService>();
        builder.Services.AddScoped<AlertOverview>();
        return builder;
    }

}
