using Microsoft.AspNetCore.Components.Server.Circuits;
using SecureAiChat.Core.Security.AllowList;

namespace SecureAiChat.Web.Features.Security;

public static class SecurityHosting
{
    /// <summary>
    /// Session rules of the security settings: activity of open circuits (the services live in AddTeam); the IP
    /// allow-list: its per-instance cache, the admin and operator services, and the check of open circuits.
    /// </summary>
    public static IHostApplicationBuilder AddSecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<CircuitHandler, SessionActivityCircuitHandler>();
        builder.Services.AddSingleton<IpAllowListCache>();
        builder.Services.AddScoped<IpAllowListService>();
        builder.Services.AddScoped<IpAllowListOperations>();
        builder.Services.AddScoped<IpAllowListCircuitHandler>();
        builder.Services.AddScoped<CircuitHandler>(sp => sp.GetRequiredService<IpAllowListCircuitHandler>());
        return builder;
    }

    /// <summary>The IP allow-list of a workspace host; after the workspace gate (the tenant is known and usable).</summary>
    public static IApplicationBuilder UseIpAllowList(this IApplicationBuilder app) => app.UseMiddleware<IpAllowListMiddleware>();

    /// <summary>Throttling of the account forms by client address (and failed passwords by address and account).</summary>
    public static IApplicationBuilder UseAccountThrottling(this IApplicationBuilder app) => app.UseMiddleware<AccountThrottleMiddleware>();

    /// <summary>Idle timeout and required two-factor sign-in; after authentication and the workspace gate.</summary>
    public static IApplicationBuilder UseSessionPolicy(this IApplicationBuilder app) => app.UseMiddleware<SessionPolicyMiddleware>();
}
