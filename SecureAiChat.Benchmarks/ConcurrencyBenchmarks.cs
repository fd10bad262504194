using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecureAiChat.Core.Chat;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Benchmarks;

/// <summary>
/// Figures 3 and 4: N Chromium pages (N circuits) streaming at once. Added first-token latency against N direct
/// streams of the same script, stalls (a gap over 100 ms between two renders of a streaming message), server CPU
/// against the CPU of the direct streams, and memory per idle and per streaming circuit.
/// </summary>
public static class ConcurrencyBenchmarks
{
    private const int TokensPerSecond = 50;
    private const double StallMs = 100;

    /// <summary>
    /// Conversations in the member's sidebar while figure 4 is measured: a member who has used the chat for months. A
    /// full run had ~400 of them from figures 1 and 2 anyway; seeding makes <c>--only 4</c> measure the same page.
    /// </summary>
    private const int SidebarConversations = 400;

    /// <summary>Idle pages opened and closed before the first reading (2 in a quick run), so that the process's pools are at their size (see <see cref="RunAsync"/>).</summary>
    private const int WarmUpPages = 10;

    public static async Task RunAsync(BenchHost app, ChatBrowser browser, BenchSettings settings, Report report)
    {
        var tokens = settings.Quick ? 40 : 100;
        var figure3 = settings.Runs("3");
        var figure4 = settings.Runs("4");
        using var direct = app.CreateDirectClient();
        if (figure4)
        {
            await SeedSidebarAsync(app, settings.Quick ? 50 : SidebarConversations);
            // One page opened and answered first: the types and caches every circuit shares (compiled components,
            // MudBlazor's and the renderer's static caches) are loaded once per process, not per circuit. A full run
            // has them from figures 1 and 2 already; this makes `--only 4` read the same thing.
            var warm = await browser.OpenChatAsync();
            app.Script("bench-memory-warm-up", new UpstreamScript { Reply = "warm-up" });
            await ChatBrowser.SendAsync(warm, "bench-memory-warm-up");
            await ChatBrowser.WaitForAnswerAsync(warm);
            await warm.CloseAsync();
            // Then WarmUpPages idle pages opened as the figure opens them and closed: the process keeps pools whose size
            // follows how many circuits have come and gone, not how many are open (ArrayPool<RenderTreeFrame> and
            // <RenderTreeEdit>, which every component's render buffers are rented from and returned to, the thread
            // pool's threads and their arrays). Heap dumps of a run without this (docs/benchmarks.md, "Wave 14: figure
            // 4 at N = 10") had ~4 MB more after the 10 pages were closed than before they were opened, with no circuit
            // left: the first N pages paid it (+670 KB per circuit at N = 10), and N = 50, read after N = 10 had run,
            // did not.
            await CloseAllAsync(await OpenPagesAsync(browser, settings.Quick ? 2 : WarmUpPages));
            await Task.Delay(1000);
        }

        foreach (var n in settings.ConcurrentPages)
        {
            var marker = $"bench-concurrency[{n}]";
            app.Script(marker, BenchHost.Paced(BenchHost.NumberedTokens(tokens), TokensPerSecond));

            var before = ProcessMeter.MemoryAfterFullGc();
            await ProcessMeter.GcDumpIfAskedAsync($"4-{n}-before");
            var pages = await OpenPagesAsync(browser, n);
            await Task.Delay(1000);
            var idle = ProcessMeter.MemoryAfterFullGc();
            await ProcessMeter.GcDumpIfAskedAsync($"4-{n}-idle");

            // Warm-up: every page creates its conversation (and the URL changes to it).
            await AskAllAsync(pages, marker + " warm-up");
            if (!figure3)
            {
                var memory = await MemoryWhileStreamingAsync(app, pages, marker);
                await CloseAllAsync(pages);
                AddMemoryFigures(report, n, before, idle, memory);
                continue;
            }

            var added = new List<double>();
            var stalledPages = new List<double>();
            var worstGaps = new List<double>();
            var cpuAdded = new List<double>();
            for (var round = 0; round < settings.ConcurrencyRounds; round++)
            {
                var cpu = ProcessMeter.Cpu();
                var wall = Stopwatch.StartNew();
                var baseline = await Task.WhenAll(Enumerable.Range(0, n).Select(i => BenchHost.StreamDirectAsync(direct, $"{marker} direct {round} {i}")));
                var directCpuPerSecond = (ProcessMeter.Cpu() - cpu).TotalMilliseconds / wall.Elapsed.TotalSeconds;

                cpu = ProcessMeter.Cpu();
                wall.Restart();
                var readings = await AskAllAsync(pages, $"{marker} round {round}");
                var appCpuPerSecond = (ProcessMeter.Cpu() - cpu).TotalMilliseconds / wall.Elapsed.TotalSeconds;

                var directFirst = Stats.Median(baseline.Select(b => b.FirstMs).ToList());
                added.AddRange(readings.Select(r => r.FirstTokenMs - directFirst));
                stalledPages.Add(readings.Count(r => r.Gaps.Any(g => g > StallMs)));
                worstGaps.Add(readings.SelectMany(r => r.Gaps).DefaultIfEmpty(0).Max());
                cpuAdded.Add(appCpuPerSecond - directCpuPerSecond);
            }

            var streaming = await MemoryWhileStreamingAsync(app, pages, marker);
            await CloseAllAsync(pages);

            var largest = n == settings.ConcurrentPages.Max();
            var label = $"{n} pages streaming {tokens} tokens at {TokensPerSecond} tok/s";
            report.Add(new Figure($"3-{n}a", $"Added first-token latency p95, {label}", "median of N direct streams", $"{Stats.F(Stats.Percentile(added, 50), "0")} ms p50",
                $"+{Stats.F(Stats.Percentile(added, 95), "0")} ms", $"IQR {Stats.Iqr(added, "0")} ms", "–", null));
            report.Add(new Figure($"3-{n}b", $"Pages with a stall > {StallMs} ms between renders, {label}", "0", $"worst gap {Stats.F(worstGaps.Max(), "0")} ms",
                $"{Stats.F(Stats.Median(stalledPages), "0")} of {n}", $"{Stats.Range(stalledPages, "0")} over {settings.ConcurrencyRounds} rounds",
                largest ? "0 at 100 streams" : "–", largest ? stalledPages.Max() == 0 : null,
                largest && n < 100 ? $"measured at {n} streams, not 100: the most this machine holds beside Chromium's renderers (see BenchSettings.ConcurrentPages)" : null));
            report.Add(new Figure($"3-{n}c", $"Server CPU added while {label}", "CPU of N direct streams",
                $"{Stats.F(Stats.Median(cpuAdded) / 10, "0")} % of a core", $"+{Stats.F(Stats.Median(cpuAdded) / n, "0.0")} ms CPU/s per stream",
                $"{Stats.Range(cpuAdded.Select(c => c / n).ToList(), "0.0")} over rounds", "–", null));
            if (figure4)
            {
                AddMemoryFigures(report, n, before, idle, streaming);
            }
        }
    }

    private static void AddMemoryFigures(Report report, int n, (double Managed, double WorkingSet) before, (double Managed, double WorkingSet) idle,
        (double Managed, double WorkingSet) streaming)
    {
        var idleManaged = (idle.Managed - before.Managed) / n / 1024;
        var idleWs = (idle.WorkingSet - before.WorkingSet) / n / 1024;
        var streamingManaged = (streaming.Managed - before.Managed) / n / 1024;
        var streamingWs = (streaming.WorkingSet - before.WorkingSet) / n / 1024;
        report.Add(new Figure($"4-{n}a", $"Memory per idle circuit ({n} pages open, after a full GC)", "before opening the pages",
            $"working set +{Stats.F(idleWs, "0")} KB", $"managed heap +{Stats.F(idleManaged, "0")} KB", "one reading", "≤ 400 KB", idleManaged <= 400));
        report.Add(new Figure($"4-{n}b", $"Memory per streaming circuit ({n} pages mid-answer, after a full GC)", "before opening the pages",
            $"working set +{Stats.F(streamingWs, "0")} KB", $"managed heap +{Stats.F(streamingManaged, "0")} KB", "one reading", "≤ 1 MB", streamingManaged <= 1024));
    }

    /// <summary>Opens <paramref name="n"/> chat pages, a few at a time: one by one takes minutes on a busy machine, all at once times out.</summary>
    private static async Task<List<IPage>> OpenPagesAsync(ChatBrowser browser, int n)
    {
        var pages = new List<IPage>();
        while (pages.Count < n)
        {
            pages.AddRange(await Task.WhenAll(Enumerable.Range(0, Math.Min(5, n - pages.Count)).Select(_ => browser.OpenChatAsync())));
        }

        return pages;
    }

    private static async Task CloseAllAsync(List<IPage> pages)
    {
        foreach (var page in pages)
        {
            await page.CloseAsync();
        }

        // Playwright's page objects are the benchmark's, not a circuit's: not kept into the next reading.
        pages.Clear();
    }

    /// <summary>Tops the member's conversations up to <paramref name="count"/> (one question each), as the chat saves them.</summary>
    private static async Task SeedSidebarAsync(BenchHost app, int count)
    {
        await using var scope = await app.TenantScopeAsync(app.Tenant.Id);
        var conversations = scope.ServiceProvider.GetRequiredService<ConversationStore>();
        var turns = scope.ServiceProvider.GetRequiredService<ChatTurns>();
        var existing = await conversations.CountAsync(app.MemberId);
        for (var i = existing; i < count; i++)
        {
            await turns.SendAsync(app.MemberId, null, $"サイドバーの会話 {i}: 来期の予算について相談したい bench-sidebar");
        }
    }

    /// <summary>Sends on every page at once and waits for every answer.</summary>
    private static async Task<List<ProbeReading>> AskAllAsync(List<IPage> pages, string text)
    {
        await Task.WhenAll(pages.Select((page, i) => ChatBrowser.SendAsync(page, $"{text} page {i}")));
        // Slow polling: with many pages, Chromium's own polling would compete with the server for the CPU.
        return [.. await Task.WhenAll(pages.Select(page => ChatBrowser.WaitForAnswerAsync(page, pollMs: 250)))];
    }

    /// <summary>Managed heap and working set while every page is in the middle of a slow answer.</summary>
    private static async Task<(double Managed, double WorkingSet)> MemoryWhileStreamingAsync(BenchHost app, List<IPage> pages, string marker)
    {
        var slow = marker.Replace("concurrency", "memory", StringComparison.Ordinal);
        app.Script(slow, BenchHost.Paced(BenchHost.NumberedTokens(150), 30));
        await Task.WhenAll(pages.Select((page, i) => ChatBrowser.SendAsync(page, $"{slow} page {i}")));
        await Task.WhenAll(pages.Select(page => page.WaitForFunctionAsync("() => window.__bench.shown >= 30", null, new() { PollingInterval = 250 })));
        var reading = ProcessMeter.MemoryAfterFullGc();
        await Task.WhenAll(pages.Select(page => ChatBrowser.WaitForAnswerAsync(page, pollMs: 250)));
        return reading;
    }
}
