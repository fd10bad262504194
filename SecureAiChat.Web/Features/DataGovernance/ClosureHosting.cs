using Hangfire;
using SecureAiChat.Core.DataGovernance.Closure;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Web.Features.DataGovernance;

/// <summary>Workspace closure: the request and restore on <c>/settings/data</c> and the daily final deletion.</summary>
public static class ClosureHosting
{
    public static IHostApplicationBuilder AddWorkspaceClosure(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ClosureOptions>().BindConfiguration(ClosureOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<WorkspaceClosureService>();
        builder.Services.AddScoped<ClosureOverview>();
        builder.Services.AddTransient<ClosureDeletionJob>();
        return builder;
    }

    /// <summary>Registers the deletion run (<c>DataGovernance:ClosureDeletionCron</c>, default 03:30 Asia/Tokyo, daily).</summary>
    public static WebApplication MapWorkspaceClosureJobs(this WebApplication app)
    {
        var cron = app.Configuration["DataGovernance:ClosureDeletionCron"] is { Length: > 0 } configured ? configured : new ClosureOptions().ClosureDeletionCron;
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<ClosureDeletionJob>(ClosureDeletionJob.RecurringJobId,
            job => job.RunAsync(CancellationToken.None), cron, new RecurringJobOptions { TimeZone = WorkspaceTime.Tokyo });
        return app;
    }
}
