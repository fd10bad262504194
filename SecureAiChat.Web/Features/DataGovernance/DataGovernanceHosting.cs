using Hangfire;
using SecureAiChat.Core.DataGovernance;
using SecureAiChat.Core.DataGovernance.BreakGlass;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Web.Features.DataGovernance;

/// <summary>Retention, legal holds and the members' own-deletion switch (<c>/settings/data</c>) and the daily retention job.</summary>
public static class DataGovernanceHosting
{
    public static IHostApplicationBuilder AddDataGovernance(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DataGovernanceOptions>().Bind(builder.Configuration.GetSection(DataGovernanceOptions.SectionName));
        builder.Services.AddScoped<DataGovernanceService>();
        builder.Services.AddTransient<RetentionJob>();
        builder.Services.AddScoped<BreakGlassService>();
        builder.Services.AddTransient<BreakGlassExpiryJob>();
        return builder;
    }

    /// <summary>Registers the retention run (<c>DataGovernance:RetentionCron</c>, default 03:00 Asia/Tokyo, daily) and the break-glass expiry record (every 15 minutes).</summary>
    public static WebApplication MapDataGovernanceJobs(this WebApplication app)
    {
        var cron = app.Configuration["DataGovernance:RetentionCron"] is { Length: > 0 } configured ? configured : new DataGovernanceOptions().RetentionCron;
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<RetentionJob>(RetentionJob.RecurringJobId,
            job => job.RunAsync(CancellationToken.None), cron, new RecurringJobOptions { TimeZone = WorkspaceTime.Tokyo });
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<BreakGlassExpiryJob>(BreakGlassExpiryJob.RecurringJobId,
            job => job.RunAsync(CancellationToken.None), BreakGlassExpiryJob.Cron, new RecurringJobOptions { TimeZone = WorkspaceTime.Tokyo });
        return app;
    }
}
