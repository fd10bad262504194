using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.E2E.Chat;

/// <summary>A fresh installation with no key: members chat with the built-in demo model and are told so.</summary>
public sealed class DemoChatTests(AppHost app, BrowserFixture browser) : IClassFixture<AppHost>, IClassFixture<BrowserFixture>
{
    // A loaded 2-core machine can take longer than Playwright's 5 s default to stream and render.
    [Theory]
    [InlineData("ja-JP", "こんにちは、使い方を教えて", "これは組み込みのデモモデルです", "chat-demo-ja")]
    [InlineData("en-US", "Hello, how does this work?", "This is the built-in demo model", "chat-demo-en")]
    public async Task Without_a_key_the_demo_model_answers_and_a_banner_says_so(string locale, string question, string expected, string screenshot)
    {
        var tenant = await app.EnsureTenantAsync("demo-chat", "デモ株式会社");
        var user = await app.CreateUserAsync(tenant.Id, $"{Guid.NewGuid():N}@example.jp");
        var page = await browser.NewPageAsync(locale);
        await page.SignInAsync(app.TenantUri("demo-chat"), user.Email!);
        await page.Locator("[data-testid=nav-chat]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/chat$"));
        await page.Locator("textarea[data-testid=chat-textarea][data-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        await Assertions.Expect(page.Locator("[data-testid=demo-banner]")).ToBeVisibleAsync();
        await page.Locator("[data-testid=chat-textarea]").FillAsync(question);
        await page.Locator("[data-testid=send]").ClickAsync();

        var answer = page.Locator("[data-testid=message-assistant]").Last;
        await Assertions.Expect(answer).ToContainTextAsync(expected, new() { Timeout = 20_000 });
        await Assertions.Expect(answer).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = 20_000 });
        await Assertions.Expect(answer.Locator(".code-lang")).ToHaveTextAsync("bash");
        await Assertions.Expect(answer.Locator("[data-testid=message-model]")).ToHaveTextAsync("demo");
        await page.ScreenshotAsync(screenshot);
    }
}
