using Microsoft.Extensions.Diagnostics.HealthChecks;
using SecureAiChat.Core.Alerts;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Web.Hosting;

public static class HealthHosting
{
    public static IHostApplicationBuilder AddHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<AppDbContext>("database", HealthStatus.Unhealthy, ["ready"])
            .AddCheck<StoppingHealthCheck>("stopping", HealthStatus.Unhealthy, [PlatformAlertJob.ReadyTag, PlatformAlertJob.InstanceTag]);
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

/// <summary>
/// Not ready once the instance is shutting down: the load balancer's probe takes it out of rotation while its running
/// answers drain (<see cref="Features.Chat.AnswerDrainService"/>), so new sessions start on another instance.
/// </summary>
internal sealed class StoppingHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("shutting down")
            : HealthCheckResult.Healthy());
}
