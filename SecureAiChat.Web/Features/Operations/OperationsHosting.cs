using Microsoft.AspNetCore.Components.Server.Circuits;
using SecureAiChat.Core.Operations;

namespace SecureAiChat.Web.Features.Operations;

/// <summary>The operator console's tenant list and tenant page (root host, Operators only) and what a suspension does to open circuits.</summary>
public static class OperationsHosting
{
    public static IHostApplicationBuilder AddTenantConsole(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<TenantDirectory>();
        builder.Services.AddScoped<TenantOperations>();
        builder.Services.AddScoped<OwnerMail>();
        builder.Services.AddScoped<TrialOperations>();
        builder.Services.AddTransient<TrialJob>();
        builder.Services.AddOptions<TrialOptions>().BindConfiguration(TrialOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<MrrReport>();
        builder.Services.AddScoped<SuspendedWorkspaceCircuitHandler>();
        builder.Services.AddScoped<CircuitHandler>(sp => sp.GetRequiredService<SuspendedWorkspaceCircuitHandler>());
        return builder;
    }

    public static WebApplication MapTenantConsole(this WebApplication app)
    {
        app.MapTenantExport();
        return app;
    }
}
