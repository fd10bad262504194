using Microsoft.Extensions.Diagnostics.HealthChecks;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Web.Hosting;

public static class HealthHosting
{
    public static IHostApplicationBuilder AddHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<AppDbContext>("database", HealthStatus.Unhealthy, ["ready"]);
        return builder;
    }

    /// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: the database answers too.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        endpoints.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") });
        return endpoints;
    }
}
