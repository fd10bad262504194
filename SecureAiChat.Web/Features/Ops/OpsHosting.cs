using Hangfire;
using Microsoft.AspNetCore.Components.Server.Circuits;
using SecureAiChat.Core.Operations;
using SecureAiChat.Core.Sales;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Web.Features.Ops;

/// <summary>The operator console's tenant list and tenant page (root host, Operators only) and what a suspension does to open circuits.</summary>
public static class OpsHosting
{
    public static IHostApplicationBuilder AddTenantConsole(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<TenantDirectory>();
        builder.Services.AddScoped<TenantOperations>();
        builder.Services.AddScoped<OwnerMail>();
        builder.Services.AddScoped<TrialOperations>();
        builder.Services.AddTransient<TrialJob>();
        builder.Services.AddOptions<TrialOptions>().BindConfiguration(TrialOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<SalesPipeline>();
        builder.Services.AddScoped<MrrReport>();
        builder.Services.AddScoped<SuspendedWorkspaceCircuitHandler>();
        builder.Services.AddScoped<CircuitHandler>(sp => sp.GetRequiredService<SuspendedWorkspaceCircuitHandler>());
        return builder;
    }

    public static WebApplication MapTenantConsole(this WebApplication app)
    {
        app.MapTenantExport();
        // The daily trial job (Trials:Cron, default 00:05 Asia/Tokyo: trials end at midnight).
        var cron = app.Configuration["Trials:Cron"] is { Length: > 0 } configured ? configured : new TrialOptions().Cron;
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<TrialJob>(TrialJob.RecurringJobId,
            job => job.RunAsync(CancellationToken.None), cron, new RecurringJobOptions { TimeZone = WorkspaceTime.Tokyo });
        return app;
    }
}
