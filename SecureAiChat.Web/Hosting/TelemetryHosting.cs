using Azure.Monitor.OpenTelemetry.AspNetCore;
using Hangfire.Common;
using Hangfire.Server;
using Microsoft.AspNetCore.Components.Server.Circuits;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SecureAiChat.Core.Telemetry;

namespace SecureAiChat.Web.Hosting;

/// <summary>
/// OpenTelemetry traces, metrics and logs: ASP.NET Core, HttpClient (the upstream model calls), EF Core and the
/// product's own (<see cref="ProductMetrics"/>). Exported to Azure Monitor when <c>AzureMonitor:ConnectionString</c>
/// (or <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>) is set, else over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// is set; with neither, everything but the database spans is collected in process and dropped (nothing leaves the
/// machine).
/// </summary>
public static class TelemetryHosting
{
    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ProductMetrics>();
        builder.Services.AddScoped<CircuitHandler, CircuitMetricsHandler>();
        var azureMonitor = builder.Configuration["AzureMonitor:ConnectionString"] ?? builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var exported = !string.IsNullOrWhiteSpace(azureMonitor) || otlp;
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("SecureAiChat", serviceInstanceId: Environment.MachineName))
            .WithTracing(tracing =>
            {
                tracing
                    .AddSource(ProductMetrics.Name)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/_blazor"))
                    .AddHttpClientInstrumentation();
                // EF Core's diagnostic events are raised for every query and save once anything listens to them (dozens
                // per chat answer, before its first token); with no exporter nobody would ever see those spans.
                if (exported)
                {
                    tracing.AddEntityFrameworkCoreInstrumentation();
                }
            })
            .WithMetrics(metrics => metrics
                .AddMeter(ProductMetrics.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation());
        builder.Logging.AddOpenTelemetry(logs => logs.IncludeScopes = true);

        if (!string.IsNullOrWhiteSpace(azureMonitor))
        {
            telemetry.UseAzureMonitor(o => o.ConnectionString = azureMonitor);
        }
        else if (otlp)
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// The server's job filters with one more that counts job runs ending in an exception, by job type (Hangfire
    /// retries them; the metric shows the trend). Per server, not Hangfire's process-wide global filters: each host
    /// in a process (tests) counts into its own metrics.
    /// </summary>
    public static IJobFilterProvider WithJobFailureMetric(ProductMetrics metrics)
    {
        var filters = new JobFilterCollection();
        filters.Add(new JobFailureFilter(metrics));
        return new JobFilterProviderCollection(JobFilterProviders.Providers, filters);
    }

    private sealed class JobFailureFilter(ProductMetrics metrics) : IServerFilter
    {
        public void OnPerforming(PerformingContext context)
        {
        }

        public void OnPerformed(PerformedContext context)
        {
            if (context.Exception is not null && !context.ExceptionHandled)
            {
                metrics.JobFailed(context.BackgroundJob.Job.Type.Name);
            }
        }
    }

    private sealed class CircuitMetricsHandler(ProductMetrics metrics) : CircuitHandler
    {
        public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            metrics.CircuitOpened();
            return Task.CompletedTask;
        }

        public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            metrics.CircuitClosed();
            return Task.CompletedTask;
        }
    }
}
