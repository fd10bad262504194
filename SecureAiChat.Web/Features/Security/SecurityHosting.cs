using Microsoft.AspNetCore.Components.Server.Circuits;

namespace SecureAiChat.Web.Features.Security;

public static class SecurityHosting
{
    /// <summary>Session rules of the security settings: activity of open circuits (the services live in AddTeam).</summary>
    public static IHostApplicationBuilder AddSecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<CircuitHandler, SessionActivityCircuitHandler>();
        return builder;
    }

    /// <summary>Throttling of the account forms by client address (and failed passwords by address and account).</summary>
    public static IApplicationBuilder UseAccountThrottling(this IApplicationBuilder app) => app.UseMiddleware<AccountThrottleMiddleware>();

    /// <summary>Idle timeout and required two-factor sign-in; after authentication and the workspace gate.</summary>
    public static IApplicationBuilder UseSessionPolicy(this IApplicationBuilder app) => app.UseMiddleware<SessionPolicyMiddleware>();
}
