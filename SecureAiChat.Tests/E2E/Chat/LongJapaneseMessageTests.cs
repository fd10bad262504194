using System.Globalization;
using Microsoft.Playwright;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.E2E.Chat;

/// <summary>
/// A message at the input's limit, in Japanese (3 UTF-8 bytes a character: 96 KB, three times SignalR's 32 KB
/// message limit), reaches the model whole, its answer streams, and the circuit keeps working afterwards.
/// </summary>
public sealed class LongJapaneseMessageTests(LongJapaneseMessageTests.LongMessageHost app, BrowserFixture browser)
    : IClassFixture<LongJapaneseMessageTests.LongMessageHost>, IClassFixture<BrowserFixture>
{
    /// <summary>The chat host with a context window that holds a 32,000-character message.</summary>
    public sealed class LongMessageHost : ChatAppHost
    {
        public LongMessageHost() => Configure("Chat:ContextWindowTokens", 200_000.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_32000_character_japanese_message_is_sent_whole_its_answer_streams_and_the_circuit_survives()
    {
        var marker = "m" + Guid.NewGuid().ToString("N")[..10];
        app.Script(marker, new UpstreamScript { Tokens = [.. Enumerable.Range(1, 20).Select(i => $" 回答{i}")], DelayPerToken = TimeSpan.FromMilliseconds(30) });
        var tenant = await app.EnsureTenantAsync("longjp", "長文株式会社");
        var user = await app.CreateUserAsync(tenant.Id, $"{Guid.NewGuid():N}@example.jp");
        var page = await browser.NewPageAsync();
        await page.SignInAsync(app.TenantUri("longjp"), user.Email!);
        await page.GotoAsync(app.TenantUri("longjp", "/chat").ToString());
        await page.WaitForInteractiveAsync();
        var box = page.Locator("textarea[data-testid=chat-textarea][data-ready]");
        await box.WaitForAsync(new() { State = WaitForSelectorState.Attached });

        var filler = string.Concat(Enumerable.Repeat("長い日本語の文章を送ります。", 2_400))[..(32_000 - marker.Length - 1)];
        var text = filler + " " + marker;
        Assert.Equal(32_000, text.Length);
        await box.FillAsync(text);
        await Assertions.Expect(page.Locator("[data-testid=chat-counter]")).ToContainTextAsync("32,000");
        await box.PressAsync("Enter");

        var request = await app.WaitForRequestWithAsync(marker, TimeSpan.FromSeconds(30));
        Assert.Equal(text, request.Messages.Last(m => m.Role == "user").Content);
        await Assertions.Expect(page.Locator("[data-testid=message-assistant]").Last).ToContainTextAsync("回答20");
        await Assertions.Expect(page.Locator("[data-testid=message-assistant]").Last).ToHaveAttributeAsync("data-status", "Completed");
        await Assertions.Expect(page.Locator("[data-testid=chat-counter]")).ToContainTextAsync("0 /");

        // Same circuit, still alive: a short follow-up is answered without a reload.
        var second = "m" + Guid.NewGuid().ToString("N")[..10];
        app.Script(second, new UpstreamScript { Reply = "続けて答えます" });
        await box.FillAsync("続きの質問 " + second);
        await box.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=message-assistant]").Last).ToContainTextAsync("続けて答えます");
        await Assertions.Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#components-reconnect-modal")).ToBeHiddenAsync();
    }
}
