using Hangfire;
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

    /// <summary>
    /// Both alert jobs every minute (<c>Alerts:WorkspaceCron</c>, <c>Alerts:PlatformCron</c>): an alert opens at most a
    /// minute after its condition, and closes as fast.
    /// </summary>
    public static WebApplication MapAlertJobs(this WebApplication app)
    {
        var jobs = app.Services.GetRequiredService<IRecurringJobManager>();
        jobs.AddOrUpdate<WorkspaceAlertJob>(WorkspaceAlertJob.RecurringJobId, job => job.RunAsync(CancellationToken.None),
            CronOf(app.Configuration, "Alerts:WorkspaceCron"));
        jobs.AddOrUpdate<PlatformAlertJob>(PlatformAlertJob.RecurringJobId, job => job.RunAsync(CancellationToken.None),
            CronOf(app.Configuration, "Alerts:PlatformCron"));
        return app;
    }

    private static string CronOf(IConfiguration configuration, string key) =>
        configuration[key] is { Length: > 0 } configured ? configured : Cron.Minutely();
}
