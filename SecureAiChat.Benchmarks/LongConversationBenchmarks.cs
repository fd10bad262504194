using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Chat.Rendering;
using SecureAiChat.Core.Data;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Benchmarks;

/// <summary>
/// Figure 5: opening a long conversation in Chromium (against a two-message one: load → interactive → its newest
/// message in the page; the list is virtualized, so older messages render as they are scrolled to)
/// and the server CPU of streaming a
/// 13 KB Markdown answer into it (against the CPU of the same stream read directly from the upstream).
/// </summary>
public static class LongConversationBenchmarks
{
    public static async Task RunAsync(BenchHost app, ChatBrowser browser, BenchSettings settings, Report report)
    {
        var count = settings.LongConversationMessages;
        var shortId = await SeedAsync(app, 2);
        var longId = await SeedAsync(app, count);
        var answer = MarkdownAnswer(13 * 1024);
        var answerTokens = UpstreamScript.SplitIntoTokens(answer);
        const string marker = "bench-long-answer";
        app.Script(marker, BenchHost.Paced(answerTokens, settings.LongAnswerTokensPerSecond));
        using var direct = app.CreateDirectClient();

        var openShort = new List<double>();
        var openLong = new List<double>();
        var cpuShort = new List<double>();
        var cpuLong = new List<double>();
        var streamCpu = new List<double>();
        var directCpu = new List<double>();
        var renders = new List<double>();
        for (var run = -1; run < settings.LongConversationRepeats; run++)
        {
            var (shortMs, shortCpu, shortPage) = await OpenAsync(browser, shortId);
            await shortPage.CloseAsync();
            var (longMs, longCpu, page) = await OpenAsync(browser, longId);

            var cpu = ProcessMeter.Cpu();
            await BenchHost.StreamDirectAsync(direct, $"{marker} direct {run}");
            var baselineCpu = (ProcessMeter.Cpu() - cpu).TotalMilliseconds;

            cpu = ProcessMeter.Cpu();
            await ChatBrowser.SendAsync(page, $"{marker} {run}");
            var reading = await ChatBrowser.WaitForAnswerAsync(page, pollMs: 250);
            var appCpu = (ProcessMeter.Cpu() - cpu).TotalMilliseconds;
            await page.CloseAsync();
            if (run < 0)
            {
                continue; // warm-up: first open of each page type
            }

            openShort.Add(shortMs);
            openLong.Add(longMs);
            cpuShort.Add(shortCpu);
            cpuLong.Add(longCpu);
            directCpu.Add(baselineCpu);
            streamCpu.Add(appCpu - baselineCpu);
            renders.Add(reading.Renders.Length);
        }

        var ratio = Stats.Median(openLong) / Stats.Median(openShort);
        report.Add(new Figure("5a", $"Open a {count}-message conversation in Chromium (load → interactive → newest message in the DOM)",
            $"{Stats.F(Stats.Median(openShort), "0")} ms for 2 messages", $"{Stats.F(Stats.Median(openLong), "0")} ms (+{Stats.F(Stats.Median(openLong) - Stats.Median(openShort), "0")} ms)",
            $"{Stats.F(ratio, "0.00")} × the 2-message page", $"{Stats.Range(openLong, "0")} ms over runs", "≤ 1.3 ×", ratio <= 1.3));
        report.Add(new Figure("5b", $"Server CPU to open the {count}-message conversation (prerender + circuit)",
            $"{Stats.F(Stats.Median(cpuShort), "0")} ms for 2 messages", $"{Stats.F(Stats.Median(cpuLong), "0")} ms",
            $"+{Stats.F(Stats.Median(cpuLong) - Stats.Median(cpuShort), "0")} ms", $"{Stats.Range(cpuLong, "0")} ms over runs", "–", null));
        report.Add(new Figure("5c", $"Server CPU to stream a {answer.Length / 1024} KB answer ({answerTokens.Count} tokens at {settings.LongAnswerTokensPerSecond} tok/s) into it",
            $"{Stats.F(Stats.Median(directCpu), "0")} ms reading it directly", $"{Stats.F(Stats.Median(renders), "0")} renders",
            $"+{Stats.F(Stats.Median(streamCpu), "0")} ms", $"{Stats.Range(streamCpu, "0")} ms over runs", "≤ 150 ms", Stats.Median(streamCpu) <= 150));
    }

    /// <summary>The newest message of every seeded conversation ends with this, so the page is timed until it is on screen.</summary>
    private const string NewestMarker = "bench-newest-message";

    private static async Task<(double Ms, double CpuMs, Microsoft.Playwright.IPage Page)> OpenAsync(ChatBrowser browser, Guid id)
    {
        var cpu = ProcessMeter.Cpu();
        var clock = Stopwatch.StartNew();
        var page = await browser.OpenChatAsync($"/chat/{id}");
        // Interactive (above) and the newest answer in the DOM. Whether the page then shows it scrolled into view is
        // ChatPageTests' business: the old page did not always (a 500-message page could stay scrolled elsewhere).
        await page.WaitForFunctionAsync($"() => [...document.querySelectorAll('[data-testid=message-assistant]')].some(m => m.textContent.includes('{NewestMarker}'))");
        return (clock.Elapsed.TotalMilliseconds, (ProcessMeter.Cpu() - cpu).TotalMilliseconds, page);
    }

    /// <summary>A conversation of <paramref name="messages"/> messages, stored as the chat stores them (answers with their HTML).</summary>
    private static async Task<Guid> SeedAsync(BenchHost app, int messages)
    {
        await using var scope = await app.TenantScopeAsync(app.Tenant.Id);
        var chat = scope.ServiceProvider.GetRequiredService<ChatTurns>();
        var renderer = scope.ServiceProvider.GetRequiredService<ChatMarkdownRenderer>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var first = await chat.SendAsync(app.MemberId, null, "長い会話 bench-seed") ?? throw new InvalidOperationException("Not saved.");
        var at = DateTime.UtcNow.AddHours(-messages);
        for (var i = 1; i < messages; i++)
        {
            var assistant = i % 2 == 1;
            var content = assistant ? MarkdownAnswer(600 + i % 7 * 100) : $"質問 {i}: このコードを説明してください。";
            if (i == messages - 1)
            {
                content += "\n\n" + NewestMarker;
            }

            db.ChatMessages.Add(new ConversationMessage
            {
                TenantId = app.Tenant.Id,
                ConversationId = first.ConversationId,
                Role = assistant ? MessageRole.Assistant : MessageRole.User,
                Content = content,
                RenderedHtml = assistant ? renderer.Render(content) : null,
                Status = MessageStatus.Completed,
                Model = assistant ? BenchHost.Model : null,
                CreatedAt = at.AddMinutes(i),
            });
        }

        await db.SaveChangesAsync();
        return first.ConversationId;
    }

    /// <summary>Markdown like a model's answer: headings, paragraphs, a list, a code block, Japanese and English.</summary>
    public static string MarkdownAnswer(int length)
    {
        var text = new StringBuilder();
        for (var section = 1; text.Length < length; section++)
        {
            text.Append(CultureInfo.InvariantCulture, $"## 手順 {section}\n\n");
            text.Append("まず設定ファイルを確認します。The **configuration** is read once at start-up, and `appsettings.json` overrides the defaults. ");
            text.Append("必要に応じて環境変数で上書きしてください。\n\n");
            text.Append("- 一つ目: check the connection string\n- 二つ目: run the migration\n- 三つ目: restart the service\n\n");
            text.Append("```csharp\nvar builder = WebApplication.CreateBuilder(args);\nbuilder.Services.AddRazorComponents();\nvar app = builder.Build();\napp.Run();\n```\n\n");
            text.Append("詳しくは [ドキュメント](https://learn.microsoft.com/aspnet/core) を参照してください。\n\n");
        }

        return text.ToString(0, length).TrimEnd() + "\n";
    }
}
