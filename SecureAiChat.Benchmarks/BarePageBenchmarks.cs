using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Benchmarks;

/// <summary>
/// Figure 13: a workspace page, loaded in Chromium until its circuit is interactive, against a bare Blazor Server page
/// (the template's counter: one interactive server component, no layout, no MudBlazor) served by a minimal app this
/// program starts on Kestrel in the same process. Loads alternate between the bare page and the workspace pages, so
/// both see the same machine.
/// </summary>
public static class BarePageBenchmarks
{
    /// <summary>Workspace pages a member opens; each is timed from navigation until its circuit is interactive.</summary>
    private static readonly string[] Pages = ["/chat", "/templates", "/guide", "/support"];

    public static async Task RunAsync(BenchHost app, ChatBrowser browser, BenchSettings settings, Report report)
    {
        await using var bare = await BareBlazorApp.StartAsync();
        var repeats = settings.Quick ? 3 : 15;
        var bareMs = new List<double>();
        var pageMs = Pages.ToDictionary(p => p, _ => new List<double>());
        for (var run = -1; run < repeats; run++)
        {
            foreach (var path in Pages)
            {
                // The bare page before each workspace page: the baseline sees the same moment of the machine.
                var bareLoad = await LoadAsync(browser, bare.Url);
                var appLoad = await LoadAsync(browser, app.TenantUri(BenchHost.TenantIdentifier, path));
                if (run >= 0)
                {
                    bareMs.Add(bareLoad);
                    pageMs[path].Add(appLoad);
                }
            }
        }

        await PhasesAsync(browser, bare.Url, app, report, settings.Quick ? 1 : 5);

        var baseline = Stats.Median(bareMs);
        foreach (var path in Pages)
        {
            var median = Stats.Median(pageMs[path]);
            report.Add(new Figure($"13{path}", $"Page load → interactive in Chromium, {path} (n = {repeats})",
                $"{Stats.F(baseline, "0")} ms bare Blazor Server page", $"{Stats.F(median, "0")} ms",
                $"+{Stats.F(median - baseline, "0")} ms", $"{Stats.Range(pageMs[path], "0")} ms over runs (bare {Stats.Range(bareMs, "0")})",
                "≤ bare + 60 ms", median - baseline <= 60));
        }
    }

    /// <summary>
    /// Where a load's time goes, from the browser's own clocks (navigation and resource timing, a MutationObserver for the
    /// marker), medians of 5 loads per page (1 in a quick run) after the timed ones: the document's first byte (the server's prerender),
    /// DOMContentLoaded (the render-blocking CSS and the scripts parsed and run), the start of <c>_blazor/negotiate</c>
    /// (blazor.web.js starting the circuit) and the marker (the circuit started and its first render arrived); and, for
    /// one load of each, the requests with their bytes (transferred / decoded) and encoding. A note of the report.
    /// </summary>
    private static async Task PhasesAsync(ChatBrowser browser, Uri bareUrl, BenchHost app, Report report, int loads)
    {
        var pages = new[] { ("bare", bareUrl) }.Concat(Pages.Select(p => (p, app.TenantUri(BenchHost.TenantIdentifier, p)))).ToList();
        var lines = new List<string>();
        foreach (var (name, url) in pages)
        {
            var phases = new List<double[]>();
            string? requests = null;
            for (var i = 0; i < loads; i++)
            {
                var page = await browser.NewPageAsync();
                try
                {
                    var encodings = new List<string>();
                    page.Response += (_, r) => encodings.Add($"{new Uri(r.Url).AbsolutePath.Split('/')[^1]}:{r.Status}:{(r.Headers.TryGetValue("content-encoding", out var e) ? e : "identity")}");
                    await page.AddInitScriptAsync("""
                        new MutationObserver((_, o) => { if (document.getElementById('interactive-ready')) { window.__ready = performance.now(); o.disconnect(); } })
                          .observe(document, { childList: true, subtree: true });
                        """);
                    // BENCH_TRACE_DIR: a Chromium performance trace of each page's first load, to read where its time goes.
                    var traceDir = Environment.GetEnvironmentVariable("BENCH_TRACE_DIR");
                    var tracing = i == 0 && !string.IsNullOrEmpty(traceDir);
                    var trace = tracing ? await ChromiumTrace.StartAsync(page) : null;
                    var response = await page.GotoAsync(url.ToString(), new() { WaitUntil = WaitUntilState.Commit });
                    await page.WaitForInteractiveAsync();
                    if (trace is not null)
                    {
                        await trace.StopAsync(Path.Combine(traceDir!, $"trace-{name.Trim('/')}.json"));
                        await File.WriteAllTextAsync(Path.Combine(traceDir!, $"prerender-{name.Trim('/')}.html"), await response!.TextAsync());
                        await File.WriteAllTextAsync(Path.Combine(traceDir!, $"interactive-{name.Trim('/')}.html"), await page.ContentAsync());
                    }
                    var t = await page.EvaluateAsync<double[]>("""
                        (() => { const n = performance.getEntriesByType('navigation')[0];
                          const neg = performance.getEntriesByType('resource').find(r => r.name.includes('_blazor/negotiate'));
                          return [n.requestStart, n.responseStart, n.responseEnd, n.domContentLoadedEventEnd, neg ? neg.startTime : -1, neg ? neg.responseEnd : -1, window.__ready ?? -1]; })()
                        """);
                    phases.Add(t);
                    if (i == 0)
                    {
                        var entries = await page.EvaluateAsync<string[]>("""
                            performance.getEntriesByType('resource').map(r => `${r.name.split('?')[0].split('/').pop()} ${r.initiatorType} ${r.renderBlockingStatus ?? ''} ${r.transferSize}/${r.decodedBodySize} B ${r.startTime.toFixed(0)}-${r.responseEnd.toFixed(0)} ms`)
                            """);
                        var nav = await page.EvaluateAsync<string>("(() => { const n = performance.getEntriesByType('navigation')[0]; return `${n.transferSize}/${n.decodedBodySize} B`; })()");
                        requests = $"document {nav}; " + string.Join("; ", entries) + " | encodings: " + string.Join(", ", encodings);
                    }
                }
                finally
                {
                    await page.CloseAsync();
                }
            }
            double M(int i) => Stats.Median(phases.Select(p => p[i]).ToList());
            lines.Add($"{name}: first byte {M(1):0} ms (request sent {M(0):0}), document done {M(2):0}, DOMContentLoaded {M(3):0}, negotiate start {M(4):0} (done {M(5):0}), marker {M(6):0} ms");
            lines.Add($"{name} requests (one load): {requests}");
        }
        foreach (var line in lines)
        {
            Console.WriteLine("  " + line);
            report.Note("13 phases, " + line);
        }
    }

    /// <summary>Navigation start → the page's <c>#interactive-ready</c> marker is in the DOM (the circuit rendered interactively).</summary>
    private static async Task<double> LoadAsync(ChatBrowser browser, Uri url)
    {
        var page = await browser.NewPageAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            await page.GotoAsync(url.ToString(), new() { WaitUntil = WaitUntilState.Commit });
            await page.WaitForInteractiveAsync();
            return clock.Elapsed.TotalMilliseconds;
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}

/// <summary>
/// The bare baseline of figure 13: the counter page of `dotnet new blazor --interactivity Server`, on Kestrel, without
/// the template's stylesheets (Bootstrap's 232 KB, app.css, the scoped bundle) and layout (sidebar nav, top row): a
/// stricter baseline than the template page, which has to parse and lay out those too. Its components are written in C# (this project has no Razor SDK); <c>blazor.web.js</c> comes from the
/// framework's static web assets, through the Web project's manifest that this program's output already holds.
/// </summary>
public sealed class BareBlazorApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareBlazorApp(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<BareBlazorApp> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Production",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // The framework's files (blazor.web.js) as the Web project's build lists them.
        builder.WebHost.UseSetting(WebHostDefaults.StaticWebAssetsKey, Path.Combine(AppContext.BaseDirectory, "SecureAiChat.Web.staticwebassets.runtime.json"));
        builder.WebHost.UseStaticWebAssets();
        // As the app in the benchmark (BenchHost): the cache headers a published app sends.
        builder.Configuration["EnableStaticAssetsDevelopmentCaching"] = "true";
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        var app = builder.Build();
        app.UseAntiforgery();
        var manifest = Path.Combine(AppContext.BaseDirectory, "SecureAiChat.Web.staticwebassets.endpoints.json");
        app.MapStaticAssets(manifest);
        // WithStaticAssets: the root links blazor.web.js by its fingerprinted route (@Assets in the template), cached as immutable.
        app.MapRazorComponents<BareAppRoot>().AddInteractiveServerRenderMode().WithStaticAssets(manifest);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BareBlazorApp(app, new Uri(address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>The template's App.razor: document, head, the routed page (here the counter directly) and blazor.web.js.</summary>
[Microsoft.AspNetCore.Components.RouteAttribute("/")]
public sealed class BareAppRoot : ComponentBase
{
    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.AddMarkupContent(0, "<!DOCTYPE html>");
        builder.OpenElement(1, "html");
        builder.AddAttribute(2, "lang", "en");
        builder.AddMarkupContent(3, "<head><meta charset=\"utf-8\" /><meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\" /><base href=\"/\" /><title>Counter</title></head>");
        builder.OpenElement(4, "body");
        builder.OpenComponent<BareCounter>(5);
        builder.AddComponentRenderMode(RenderMode.InteractiveServer);
        builder.CloseComponent();
        builder.AddMarkupContent(6, $"<script src=\"{Assets["_framework/blazor.web.js"]}\"></script>");
        builder.CloseElement();
        builder.CloseElement();
    }
}

/// <summary>The template's counter, plus the marker the product's pages render once their circuit is live.</summary>
public sealed class BareCounter : ComponentBase
{
    private int _count;

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.AddMarkupContent(0, "<h1>Counter</h1>");
        builder.OpenElement(1, "p");
        builder.AddAttribute(2, "role", "status");
        builder.AddContent(3, "Current count: ");
        builder.AddContent(4, _count);
        builder.CloseElement();
        builder.OpenElement(5, "button");
        builder.AddAttribute(6, "class", "btn btn-primary");
        builder.AddAttribute(7, "onclick", EventCallback.Factory.Create<MouseEventArgs>(this, () => _count++));
        builder.AddContent(8, "Click me");
        builder.CloseElement();
        if (RendererInfo.IsInteractive)
        {
            builder.AddMarkupContent(9, "<span id=\"interactive-ready\" hidden></span>");
        }
    }
}

/// <summary>A Chromium performance trace of one page over the DevTools protocol (what DevTools' Performance panel records).</summary>
internal sealed class ChromiumTrace
{
    private readonly ICDPSession _session;
    private readonly List<string> _chunks = [];
    private readonly TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChromiumTrace(ICDPSession session) => _session = session;

    public static async Task<ChromiumTrace> StartAsync(IPage page)
    {
        var trace = new ChromiumTrace(await page.Context.NewCDPSessionAsync(page));
        trace._session.Event("Tracing.dataCollected").OnEvent += (_, e) =>
        {
            if (e is { } json && json.TryGetProperty("value", out var value))
            {
                trace._chunks.Add(value.GetRawText().Trim()[1..^1]);
            }
        };
        trace._session.Event("Tracing.tracingComplete").OnEvent += (_, _) => trace._complete.TrySetResult();
        await trace._session.SendAsync("Tracing.start", new()
        {
            ["transferMode"] = "ReportEvents",
            ["categories"] = "devtools.timeline,blink,loading,v8.execute,disabled-by-default-devtools.timeline,blink.user_timing",
        });
        return trace;
    }

    public async Task StopAsync(string path)
    {
        await _session.SendAsync("Tracing.end");
        await _complete.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await File.WriteAllTextAsync(path, "[" + string.Join(",", _chunks.Where(c => c.Length > 0)) + "]");
        await _session.DetachAsync();
    }
}
