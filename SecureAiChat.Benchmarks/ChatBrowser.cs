using System.Text.Json.Serialization;
using Microsoft.Playwright;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Benchmarks;

/// <summary>What the in-page probe saw of one answer (times in the page's performance clock, ms).</summary>
public sealed class ProbeReading
{
    [JsonPropertyName("keydown")] public double Keydown { get; set; }

    [JsonPropertyName("first")] public double First { get; set; }

    [JsonPropertyName("shown")] public int Shown { get; set; }

    [JsonPropertyName("renders")] public double[] Renders { get; set; } = [];

    public double FirstTokenMs => First - Keydown;

    /// <summary>Gaps between successive renders of the streaming message.</summary>
    public IEnumerable<double> Gaps => Renders.Zip(Renders.Skip(1), (a, b) => b - a);

    public double RendersPerSecond => Renders.Length < 2 ? double.NaN : (Renders.Length - 1) / ((Renders[^1] - Renders[0]) / 1000);
}

/// <summary>One signed-in Chromium context (one member, many pages = many circuits) with the probe in every page.</summary>
public sealed class ChatBrowser : IAsyncDisposable
{
    // Records the Enter keydown, then every change of the streaming message's text: time and the last token number.
    internal const string ProbeScript = """
        (() => {
          const b = window.__bench = { keydown: 0, first: 0, shown: 0, renders: [], lastLength: -1, answers: 0 };
          const answers = () => document.querySelectorAll('[data-testid=message-assistant]');
          const lastToken = text => { const m = /w(\d+)\s*$/.exec(text); return m ? parseInt(m[1], 10) : 0; };
          b.reset = () => { b.keydown = 0; b.first = 0; b.shown = 0; b.renders = []; b.lastLength = -1; b.answers = answers().length; };
          b.read = () => ({ keydown: b.keydown, first: b.first, shown: b.shown, renders: b.renders });
          document.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) b.keydown = performance.now(); }, true);
          new MutationObserver(() => {
            const now = performance.now();
            const body = document.querySelector('[data-testid=streaming-body]');
            if (!body) {
              // An answer shorter than one render interval may appear only as the finished message.
              const all = answers();
              if (b.keydown && all.length > b.answers) {
                if (!b.first) b.first = now;
                const text = all[all.length - 1].querySelector('[data-testid=assistant-text]');
                b.shown = Math.max(b.shown, lastToken(text ? text.textContent : ''));
              }
              return;
            }
            const text = body.textContent;
            if (text.length === b.lastLength) return;
            b.lastLength = text.length;
            if (!b.first) b.first = now;
            b.shown = lastToken(text);
            b.renders.push(now);
          }).observe(document, { subtree: true, childList: true, characterData: true });
        })();
        """;

    private readonly BenchHost _app;
    private readonly IBrowserContext _context;

    private ChatBrowser(BenchHost app, IBrowserContext context)
    {
        _app = app;
        _context = context;
    }

    public static async Task<ChatBrowser> SignInAsync(BenchHost app)
    {
        var browser = await Browsers.GetAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "ja-JP",
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
            TimezoneId = "Asia/Tokyo",
        });
        context.SetDefaultTimeout(120_000);
        await context.AddInitScriptAsync(ProbeScript);
        var page = await context.NewPageAsync();
        await page.SignInAsync(app.TenantUri(BenchHost.TenantIdentifier), app.MemberEmail);
        await page.CloseAsync();
        return new ChatBrowser(app, context);
    }

    /// <summary>A blank page of the signed-in context (figure 13 navigates it itself).</summary>
    public Task<IPage> NewPageAsync() => _context.NewPageAsync();

    /// <summary>A new page (a new circuit) on the chat, ready for input.</summary>
    public async Task<IPage> OpenChatAsync(string path = "/chat")
    {
        var page = await _context.NewPageAsync();
        await GotoChatAsync(page, path);
        return page;
    }

    public async Task GotoChatAsync(IPage page, string path)
    {
        await page.GotoAsync(_app.TenantUri(BenchHost.TenantIdentifier, path).ToString());
        await page.WaitForInteractiveAsync();
        await page.Locator("textarea[data-testid=chat-textarea][data-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }

    /// <summary>Clears the probe and sends <paramref name="text"/> with Enter, as a member does.</summary>
    public static async Task SendAsync(IPage page, string text)
    {
        await page.EvaluateAsync("window.__bench.reset()");
        var box = page.Locator("[data-testid=chat-textarea]");
        await box.FillAsync(text);
        await box.PressAsync("Enter");
    }

    /// <summary>Waits until the answer finished streaming and the input is usable again, then reads the probe.</summary>
    public static async Task<ProbeReading> WaitForAnswerAsync(IPage page, int pollMs = 50)
    {
        var polling = new PageWaitForFunctionOptions { PollingInterval = pollMs };
        await page.WaitForFunctionAsync("() => window.__bench.first > 0", null, polling);
        await page.WaitForFunctionAsync("() => !document.querySelector('[data-testid=message-streaming]')", null, polling);
        await page.Locator("textarea[data-testid=chat-textarea]:not([disabled])").WaitForAsync();
        return await ReadAsync(page);
    }

    public static Task<ProbeReading> ReadAsync(IPage page) => page.EvaluateAsync<ProbeReading>("window.__bench.read()");

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
