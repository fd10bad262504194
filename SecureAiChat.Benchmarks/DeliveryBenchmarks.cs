using System.Diagnostics;
using Microsoft.Playwright;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Benchmarks;

/// <summary>
/// Figure 2: tokens shown in Chromium ÷ tokens the upstream has sent, over the stream (the baseline is the
/// upstream's own counter), at 200 and 1,000 tokens/s; and renders per second of the streaming message.
/// </summary>
public static class DeliveryBenchmarks
{
    public static async Task RunAsync(BenchHost app, ChatBrowser browser, BenchSettings settings, Report report)
    {
        var page = await browser.OpenChatAsync();
        var renderRates = new List<double>();
        foreach (var (id, rate, target) in new[] { ("2a", 200, 0.99), ("2b", 1000, 0.95) })
        {
            var tokens = (int)(rate * settings.DeliveryStreamLength.TotalSeconds);
            var ratios = new List<double>();
            var sentRates = new List<double>();
            var shownRates = new List<double>();
            for (var run = -1; run < settings.DeliveryRepeats; run++)
            {
                var marker = $"bench-delivery-{rate}-{run}-{Guid.NewGuid():N}";
                app.Script(marker, BenchHost.Paced(BenchHost.NumberedTokens(tokens), rate));
                var samples = await SampleAsync(app, page, marker, tokens);
                var reading = await ChatBrowser.WaitForAnswerAsync(page);
                if (run < 0)
                {
                    continue; // warm-up (the first answer also creates the conversation)
                }

                var (ratio, sentRate, shownRate) = Window(samples, tokens);
                ratios.Add(ratio);
                sentRates.Add(sentRate);
                shownRates.Add(shownRate);
                renderRates.Add(reading.RendersPerSecond);
            }

            report.Add(new Figure(id, $"Delivery at {rate} tok/s configured: shown ÷ sent over the stream ({tokens} tokens, {settings.DeliveryRepeats} runs)",
                $"upstream sent {Stats.F(Stats.Median(sentRates), "0")} tok/s",
                $"browser showed {Stats.F(Stats.Median(shownRates), "0")} tok/s",
                Stats.F(Stats.Median(ratios), "0.000"), $"{Stats.Range(ratios, "0.000")} over runs", $"≥ {Stats.F(target, "0.00")}",
                Stats.Median(ratios) >= target));
        }

        await page.CloseAsync();
        report.Add(new Figure("2c", "Renders per second of the streaming message (all delivery runs)", "–",
            $"{Stats.F(Stats.Median(renderRates), "0.0")} renders/s", Stats.F(Stats.Median(renderRates), "0.0"),
            $"{Stats.Range(renderRates, "0.0")} over runs", "≤ 20", renderRates.Max() <= 20));
    }

    /// <summary>(elapsed ms, upstream tokens sent, tokens on screen) every ~25 ms until all are shown.</summary>
    private static async Task<List<(double Ms, int Sent, int Shown)>> SampleAsync(BenchHost app, IPage page, string marker, int tokens)
    {
        await ChatBrowser.SendAsync(page, marker);
        var request = await app.WaitForRequestWithAsync(marker, TimeSpan.FromSeconds(60));
        var samples = new List<(double, int, int)>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            var sentBefore = request.ContentTokensSent;
            var shown = await page.EvaluateAsync<int>("window.__bench.shown");
            var sentAfter = request.ContentTokensSent;
            // The page was read between the two counter reads: credit the midpoint.
            samples.Add((clock.Elapsed.TotalMilliseconds, (sentBefore + sentAfter + 1) / 2, shown));
            if (shown >= tokens)
            {
                break;
            }

            await Task.Delay(25);
        }

        return samples;
    }

    /// <summary>
    /// Rates over the middle of the stream (from 20 % to 90 % of the tokens sent): a browser that keeps up shows
    /// tokens as fast as they are sent (ratio 1) whatever its constant lag.
    /// </summary>
    private static (double Ratio, double SentRate, double ShownRate) Window(List<(double Ms, int Sent, int Shown)> samples, int tokens)
    {
        var from = samples.FirstOrDefault(s => s.Sent >= tokens * 0.2);
        var to = samples.LastOrDefault(s => s.Sent <= tokens * 0.9);
        if (to.Ms <= from.Ms || to.Sent <= from.Sent)
        {
            return (double.NaN, double.NaN, double.NaN);
        }

        var seconds = (to.Ms - from.Ms) / 1000;
        var sent = to.Sent - from.Sent;
        var shown = to.Shown - from.Shown;
        return ((double)shown / sent, sent / seconds, shown / seconds);
    }
}
