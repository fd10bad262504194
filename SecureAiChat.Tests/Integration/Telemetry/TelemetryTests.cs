using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Telemetry;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Telemetry;

/// <summary>The app with OpenTelemetry's in-memory exporters added to its tracer and meter providers.</summary>
public sealed class TelemetryAppHost : AiSettingsAppHost
{
    public ExportedCollection<Activity> Spans { get; } = new();

    public ExportedCollection<Metric> Metrics { get; } = new();

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        base.ConfigureTestServices(services);
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics));
    }

    public void Flush()
    {
        Services.GetRequiredService<TracerProvider>().ForceFlush();
        Services.GetRequiredService<MeterProvider>().ForceFlush();
    }
}

/// <summary>
/// What an in-memory exporter collected. OpenTelemetry's exporter adds to the collection it is given from whatever
/// thread ends a span or exports metrics, without a lock of ours: every access here locks, and readers take a copy.
/// </summary>
public sealed class ExportedCollection<T> : ICollection<T>
{
    private readonly List<T> _items = [];

    public int Count
    {
        get
        {
            lock (_items)
            {
                return _items.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public List<T> Snapshot()
    {
        lock (_items)
        {
            return [.. _items];
        }
    }

    public void Add(T item)
    {
        lock (_items)
        {
            _items.Add(item);
        }
    }

    public void Clear()
    {
        lock (_items)
        {
            _items.Clear();
        }
    }

    public bool Contains(T item)
    {
        lock (_items)
        {
            return _items.Contains(item);
        }
    }

    public void CopyTo(T[] array, int arrayIndex)
    {
        lock (_items)
        {
            _items.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(T item)
    {
        lock (_items)
        {
            return _items.Remove(item);
        }
    }

    public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// Traces and metrics of one answer, exported through OpenTelemetry: the product's metrics carry the provider option
/// and the outcome but never the workspace; the workspace is on the answer's span; the upstream call is traced.
/// </summary>
public sealed class TelemetryTests(TelemetryAppHost app) : IClassFixture<TelemetryAppHost>
{
    [Fact]
    public async Task An_answer_is_traced_with_its_workspace_and_counted_by_provider_option_without_the_workspace()
    {
        var tenant = await app.CreateTenantAsync("otel" + Guid.NewGuid().ToString("N")[..8]);
        var member = await app.CreateUserAsync(tenant.Id, $"{Guid.NewGuid():N}@example.jp");
        var marker = "m" + Guid.NewGuid().ToString("N")[..10];
        app.Script(marker, new UpstreamScript { Reply = "計測中です", PromptTokens = 12, CompletionTokens = 5 });

        var answer = await app.AskAsync(tenant.Id, member.Id, "telemetry " + marker);
        app.Flush();

        Assert.Equal(MessageStatus.Completed, answer.Message.Status);
        // Snapshots: the host's background work (jobs, EF) keeps exporting spans while the test reads.
        var spans = app.Spans.Snapshot();
        var span = Assert.Single(spans, s => s.OperationName == "chat.answer" && (string?)s.GetTagItem("tenant.id") == tenant.Id);
        // The upstream request is a child span of the answer (HttpClient instrumentation).
        Assert.Contains(spans, s => s.ParentSpanId == span.SpanId && s.Kind == ActivityKind.Client);

        var metrics = app.Metrics.Snapshot();
        var ended = metrics.Where(m => m.Name == "secureaichat.answers.ended").ToList();
        Assert.NotEmpty(ended);
        var points = ended.SelectMany(Points).ToList();
        Assert.Contains(points, p => Tag(p, "outcome") == "completed" && Tag(p, "provider.option") == "SystemDefault");
        var tokens = metrics.Where(m => m.Name == "secureaichat.tokens").SelectMany(Points).ToList();
        Assert.Contains(tokens, p => Tag(p, "direction") == "output");
        // No product metric is labelled with a workspace.
        var productPoints = metrics.Where(m => m.MeterName == ProductMetrics.Name).SelectMany(Points);
        Assert.DoesNotContain(productPoints, p => Tags(p).Any(t => t.Value is string v && v == tenant.Id));
    }

    private static IEnumerable<MetricPoint> Points(Metric metric)
    {
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            yield return point;
        }
    }

    private static List<KeyValuePair<string, object?>> Tags(MetricPoint point)
    {
        var tags = new List<KeyValuePair<string, object?>>();
        foreach (var tag in point.Tags)
        {
            tags.Add(tag);
        }

        return tags;
    }

    private static string? Tag(MetricPoint point, string key) => Tags(point).FirstOrDefault(t => t.Key == key).Value as string;
}
