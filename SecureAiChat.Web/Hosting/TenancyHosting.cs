using Microsoft.AspNetCore.Components.Server.Circuits;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Web.Hosting;

public static class TenancyHosting
{
    /// <summary>Tenancy (host strategy, EF store) and the data layer it filters.</summary>
    public static IHostApplicationBuilder AddTenancy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddMultiTenant<AppTenantInfo>().WithHostStrategy().WithEFCoreStore();
        builder.Services.AddAppData(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<CircuitHandler, TenantCircuitHandler>();
        builder.Services.AddSingleton<TenantChangeWatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TenantChangeWatcher>());
        return builder;
    }

    /// <summary>Resolves the tenant from the host; must run before authentication (cookies are checked against it).</summary>
    public static IApplicationBuilder UseMultiTenant(this IApplicationBuilder app) => app.UseMiddleware<MultiTenantMiddleware>();

    /// <summary>Answers unknown, suspended and provisioning workspaces with their own page; runs after localization.</summary>
    public static IApplicationBuilder UseWorkspaceGate(this IApplicationBuilder app) => app.UseMiddleware<WorkspaceGateMiddleware>();
}
