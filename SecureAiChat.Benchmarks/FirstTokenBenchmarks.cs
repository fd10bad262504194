using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Chat;

namespace SecureAiChat.Benchmarks;

/// <summary>
/// Figure 1: time to first token, the upstream called directly with the same SDK (baseline) against the app's
/// chat service (server side) and against Chromium seeing the token through the circuit. Baseline and app
/// alternate, so both see the same machine load.
/// </summary>
public static class FirstTokenBenchmarks
{
    private const string Marker = "bench-ttft";

    public static async Task RunAsync(BenchHost app, ChatBrowser browser, BenchSettings settings, Report report)
    {
        app.Script(Marker, BenchHost.Paced(BenchHost.NumberedTokens(5), 0));
        using var direct = app.CreateDirectClient();

        await using var scope = await app.TenantScopeAsync(app.Tenant.Id);
        var chat = scope.ServiceProvider.GetRequiredService<ChatTurns>();
        var directMs = new List<double>();
        var serverMs = new List<double>();
        const int warmup = 5;
        for (var i = 0; i < settings.FirstTokenServerRepeats + warmup; i++)
        {
            // A new conversation each time: the history (and its trimming) stays the same size.
            var sent = await chat.SendAsync(app.MemberId, null, $"{Marker} server {i}")
                ?? throw new InvalidOperationException("The message was not saved.");
            var baseline = (await BenchHost.StreamDirectAsync(direct, $"{Marker} direct {i}")).FirstMs;
            var clock = Stopwatch.StartNew();
            var first = double.NaN;
            await chat.AnswerAsync(app.MemberId, sent.ConversationId, _ =>
            {
                if (double.IsNaN(first))
                {
                    first = clock.Elapsed.TotalMilliseconds;
                }
            });
            if (i >= warmup)
            {
                directMs.Add(baseline);
                serverMs.Add(first);
            }
        }

        AddPercentiles(report, "1a", "server side (chat service)", directMs, serverMs, [("p50", 50, 2), ("p95", 95, null), ("p99", 99, 8)]);

        var page = await browser.OpenChatAsync();
        var browserDirect = new List<double>();
        var browserMs = new List<double>();
        for (var i = 0; i < settings.FirstTokenBrowserRepeats + 2; i++)
        {
            browserDirect.Add((await BenchHost.StreamDirectAsync(direct, $"{Marker} direct-b {i}")).FirstMs);
            await ChatBrowser.SendAsync(page, $"{Marker} browser {i}");
            browserMs.Add((await ChatBrowser.WaitForAnswerAsync(page)).FirstTokenMs);
        }

        // The first two create the conversation and navigate to it: not the steady state of a chat.
        await page.CloseAsync();
        AddPercentiles(report, "1b", "Chromium through the circuit", browserDirect[2..], browserMs[2..], [("p50", 50, null), ("p95", 95, 50), ("p99", 99, null)]);
    }

    private static void AddPercentiles(Report report, string id, string path, List<double> baseline, List<double> app,
        (string Name, double P, double? TargetMs)[] rows)
    {
        var paired = baseline.Zip(app, (b, a) => a - b).ToList();
        foreach (var (name, p, target) in rows)
        {
            var added = Stats.Percentile(app, p) - Stats.Percentile(baseline, p);
            report.Add(new Figure(
                $"{id}-{name}",
                $"Added time to first token, {path}, {name} (n = {app.Count})",
                $"{Stats.F(Stats.Percentile(baseline, p), "0.00")} ms direct",
                $"{Stats.F(Stats.Percentile(app, p), "0.00")} ms",
                $"+{Stats.F(added, "0.00")} ms",
                $"paired IQR {Stats.Iqr(paired, "0.00")} ms",
                target is { } t ? $"≤ {Stats.F(t, "0")} ms" : "–",
                target is { } limit ? added <= limit : null));
        }
    }
}
