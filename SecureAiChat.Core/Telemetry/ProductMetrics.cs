using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using SecureAiChat.Core.Answers;

namespace SecureAiChat.Core.Telemetry;

/// <summary>
/// The product's own metrics and trace source (what the platform team watches besides ASP.NET Core, HttpClient and
/// EF Core): answers by provider option and outcome, time to first token, tokens, open circuits, provisioning
/// duration, failed jobs. Built on System.Diagnostics, so Core needs no exporter; the web host exports them through
/// OpenTelemetry. A workspace id is never a metric label (thousands of workspaces would explode the series): it
/// goes on traces and log scopes only.
/// </summary>
public sealed class ProductMetrics
{
    public const string Name = "SecureAiChat";

    /// <summary>The product's spans (one per answer); the workspace id is the <c>tenant.id</c> tag.</summary>
    public static readonly ActivitySource Traces = new(Name);

    private readonly Counter<long> _answersStarted;
    private readonly Counter<long> _answersEnded;
    private readonly Histogram<double> _timeToFirstToken;
    private readonly Counter<long> _tokens;
    private readonly UpDownCounter<long> _circuits;
    private readonly Histogram<double> _provisioning;
    private readonly Counter<long> _jobFailures;
    private readonly Counter<long> _alertsOpened;
    private readonly Counter<long> _alertsClosed;

    // The alert jobs' latest count of open alerts per (scope, kind), with when it was taken (Environment.TickCount64).
    private readonly ConcurrentDictionary<(string Scope, string Kind), (long Count, long Tick)> _openAlerts = new();

    public ProductMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(Name);
        _answersStarted = meter.CreateCounter<long>("secureaichat.answers.started", "{answer}", "Answers sent to a model.");
        _answersEnded = meter.CreateCounter<long>("secureaichat.answers.ended", "{answer}", "Answers ended, by outcome (completed, stopped, failed) and failure.");
        _timeToFirstToken = meter.CreateHistogram<double>("secureaichat.answers.time_to_first_token", "ms", "From the member's send to the first text of the answer.");
        _tokens = meter.CreateCounter<long>("secureaichat.tokens", "{token}", "Tokens used, by direction (input, output) and provider option.");
        _circuits = meter.CreateUpDownCounter<long>("secureaichat.circuits.active", "{circuit}", "Blazor circuits connected to this instance.");
        _provisioning = meter.CreateHistogram<double>("secureaichat.provisioning.duration", "s", "Signup submitted to workspace ready (or failed).");
        _jobFailures = meter.CreateCounter<long>("secureaichat.jobs.failed", "{job}", "Background job runs that ended in an exception.");
        _alertsOpened = meter.CreateCounter<long>("secureaichat.alerts.opened", "{alert}", "Alerts opened, by scope (workspace, platform) and kind.");
        _alertsClosed = meter.CreateCounter<long>("secureaichat.alerts.closed", "{alert}", "Alerts closed because their condition cleared, by scope and kind.");
        meter.CreateObservableGauge("secureaichat.alerts.open", ObserveOpenAlerts, "{alert}",
            "Alerts open now, by scope and kind, as counted by this instance's latest alert job run (aggregate instances with max).");
    }

    /// <summary>Starts the span of one answer, tagged with its workspace.</summary>
    public static Activity? StartAnswer(string tenantId, Guid conversationId)
    {
        var activity = Traces.StartActivity("chat.answer");
        activity?.SetTag("tenant.id", tenantId);
        activity?.SetTag("conversation.id", conversationId.ToString());
        return activity;
    }

    public void AnswerStarted(string providerOption) => _answersStarted.Add(1, new KeyValuePair<string, object?>("provider.option", providerOption));

    /// <summary>One answer ended: its outcome, failure code (if any), time to first token and tokens.</summary>
    public void AnswerEnded(string providerOption, string outcome, AnswerFailure? failure, int? timeToFirstTokenMs, long inputTokens, long outputTokens)
    {
        var option = new KeyValuePair<string, object?>("provider.option", providerOption);
        _answersEnded.Add(1, option, new("outcome", outcome), new("failure", failure?.ToString() ?? "none"));
        if (timeToFirstTokenMs is { } ttft)
        {
            _timeToFirstToken.Record(ttft, option);
        }

        _tokens.Add(inputTokens, option, new("direction", "input"));
        _tokens.Add(outputTokens, option, new("direction", "output"));
    }

    public void CircuitOpened() => _circuits.Add(1);

    public void CircuitClosed() => _circuits.Add(-1);

    public void ProvisioningEnded(TimeSpan duration, bool succeeded) =>
        _provisioning.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("outcome", succeeded ? "succeeded" : "failed"));

    public void AlertOpened(string scope, string kind) => _alertsOpened.Add(1, new("scope", scope), new KeyValuePair<string, object?>("kind", kind));

    public void AlertClosed(string scope, string kind) => _alertsClosed.Add(1, new("scope", scope), new KeyValuePair<string, object?>("kind", kind));

    /// <summary>The open alerts an alert job just counted, per kind (every kind, zeros included, so a cleared kind drops to 0).</summary>
    public void OpenAlertsCounted(string scope, IReadOnlyDictionary<string, int> byKind)
    {
        ArgumentNullException.ThrowIfNull(byKind);
        var tick = Environment.TickCount64;
        foreach (var (kind, count) in byKind)
        {
            _openAlerts[(scope, kind)] = (count, tick);
        }
    }

    // Hangfire runs each minute's job on any instance: an instance reports only counts it took in the last five minutes,
    // so a stale count of an instance that has not run the job lately never keeps an alert "open" on a dashboard.
    private IEnumerable<Measurement<long>> ObserveOpenAlerts()
    {
        var fresh = Environment.TickCount64 - (long)TimeSpan.FromMinutes(5).TotalMilliseconds;
        foreach (var ((scope, kind), (count, tick)) in _openAlerts)
        {
            if (tick >= fresh)
            {
                yield return new Measurement<long>(count, new("scope", scope), new KeyValuePair<string, object?>("kind", kind));
            }
        }
    }

    public void JobFailed(string job) => _jobFailures.Add(1, new KeyValuePair<string, object?>("job", job));
}
