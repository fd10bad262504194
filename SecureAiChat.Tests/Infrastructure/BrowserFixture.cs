using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SecureAiChat.Tests.Infrastructure;

/// <summary>
/// One headless Debian Chromium for the whole test run, driven by Playwright's bundled driver; each test
/// class opens its own context. Fails (never skips) when Chromium is missing: ./test.sh installs it.
/// </summary>
public static class Browsers
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;

    public static async Task<IBrowser> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_browser is { IsConnected: true }) return _browser;
            if (!File.Exists(ChromiumPath))
                throw new InvalidOperationException($"Chromium is not installed at {ChromiumPath}. Run ./test.sh (it runs: apt-get install -y chromium).");
            // One wait for every web-first assertion of the run (the setting is process-wide, so per class it
            // would only race): as generous as a loaded 2-core CI machine needs, never a fixed sleep.
            Assertions.SetDefaultExpectTimeout(30_000);
            _playwright ??= await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
            });
            return _browser;
        }
        finally
        {
            Gate.Release();
        }
    }
}

/// <summary>Per test class: a browser context (own cookies) with a locale; pages wait for the live circuit.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private readonly List<IBrowserContext> _contexts = [];

    public async Task<IPage> NewPageAsync(string locale = "ja-JP", ViewportSize? viewport = null)
    {
        var browser = await Browsers.GetAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = locale,
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = locale },
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 860 },
            TimezoneId = "Asia/Tokyo",
        });
        context.SetDefaultTimeout(20_000);
        lock (_contexts) _contexts.Add(context);
        return await context.NewPageAsync();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts) await context.CloseAsync();
    }
}

public static class PageExtensions
{
    /// <summary>Waits until the Blazor circuit is interactive (clicks before that are lost).</summary>
    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.Locator("#interactive-ready").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    /// <summary>Saves a screenshot under TestResults/screenshots for people to look at.</summary>
    public static async Task ScreenshotAsync(this IPage page, string name)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, name + ".png"), FullPage = true });
    }
}

public static class BrowserSignIn
{
    /// <summary>Signs in through the real sign-in page of a host and waits for the workspace to be interactive.</summary>
    /// <remarks>With <paramref name="authenticatorKey"/>, the two-factor step is answered with a code computed from it.</remarks>
    public static async Task SignInAsync(this IPage page, Uri hostRoot, string email, string password = TestPasswords.Default, string? authenticatorKey = null)
    {
        await page.GotoAsync(new Uri(hostRoot, "/Account/Login").ToString());
        await page.Locator("input[name='Input.Email']").FillAsync(email);
        await page.Locator("input[name='Input.Password']").FillAsync(password);
        await page.Locator("form button[type=submit]").First.ClickAsync();
        if (authenticatorKey is not null)
        {
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/Account/LoginWith2fa", RegexOptions.IgnoreCase));
            await page.Locator("input[name='Input.TwoFactorCode']").FillAsync(Totp.Code(authenticatorKey));
            await page.Locator("form button[type=submit]").First.ClickAsync();
            await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("/Account/LoginWith2fa", RegexOptions.IgnoreCase));
        }
        await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("/Account/Login", RegexOptions.IgnoreCase));
        await page.WaitForInteractiveAsync();
    }
}
