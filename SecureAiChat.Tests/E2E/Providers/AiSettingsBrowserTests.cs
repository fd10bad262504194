using System.Text;
using Microsoft.Playwright;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Usage;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.E2E.Providers;

/// <summary>
/// An admin in Chromium moves the workspace to an own OpenAI key (pointing at the fake upstream, loopback being
/// allow-listed in the test configuration), tests the connection, chats, and sees the tokens on the usage page.
/// The key is a canary: it must reach the upstream and nothing else (database file, logs, pages), also after a restart.
/// </summary>
public sealed class AiSettingsBrowserTests(AiSettingsAppHost app, BrowserFixture browser) : IClassFixture<AiSettingsAppHost>, IClassFixture<BrowserFixture>
{
    private const string Tenant = "aiset";

    private async Task<(IPage Page, string Email)> SignedInAdminAsync(string path, string locale = "ja-JP", ViewportSize? viewport = null)
    {
        var tenant = await app.EnsureTenantAsync(Tenant, "アクメ商事");
        var email = $"{Guid.NewGuid():N}@example.jp";
        await app.CreateUserAsync(tenant.Id, email, role: Roles.Admin, displayName: "管理 太郎");
        var page = await browser.NewPageAsync(locale, viewport);
        await page.SignInAsync(app.TenantUri(Tenant), email);
        await page.GotoAsync(app.TenantUri(Tenant, path).ToString());
        await page.WaitForInteractiveAsync();
        return (page, email);
    }

    private static async Task FillAsync(IPage page, string selector, string value)
    {
        var input = page.Locator(selector);
        await input.FillAsync(value);
        await input.PressAsync("Tab");
    }

    [Fact]
    public async Task Admin_switches_to_an_own_key_tests_it_chats_and_sees_the_tokens_while_the_key_stays_secret_across_a_restart()
    {
        var canary = "sk-canary-" + Guid.NewGuid().ToString("N");
        var (page, email) = await SignedInAdminAsync("/settings/ai");
        await Assertions.Expect(page.Locator("[data-testid=allowance-bar]")).ToBeVisibleAsync();
        await page.ScreenshotAsync("ai-settings-system-default");

        await page.Locator("[data-testid=option-OwnOpenAIKey] label").First.ClickAsync();
        await FillAsync(page, "#key-input-openai", canary);
        await FillAsync(page, "#openai-models", "gpt-4o-mini\ngpt-4o");
        await FillAsync(page, "#openai-default-model", "gpt-4o-mini");
        await FillAsync(page, "#openai-base-url", app.Upstream.OpenAiEndpoint.ToString());

        // Saving before a passing test asks for confirmation; testing first does not.
        await page.Locator("[data-testid=ai-save]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=ai-confirm]")).ToBeVisibleAsync();
        await page.Locator("[data-testid=ai-test]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=ai-test-result]")).ToHaveAttributeAsync("data-outcome", "Succeeded");
        await page.ScreenshotAsync("ai-settings-own-key-tested");
        await page.Locator("[data-testid=ai-save]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=ai-saved]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=key-mask-openai]")).ToHaveTextAsync("sk-…" + canary[^4..]);
        await Assertions.Expect(page.Locator("[data-testid=option-OwnOpenAIKey] [data-testid=option-active]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=member-model]")).ToHaveTextAsync(["gpt-4o-mini", "gpt-4o"]);
        await page.ScreenshotAsync("ai-settings-own-key-saved");
        Assert.DoesNotContain(canary, await page.ContentAsync(), StringComparison.Ordinal);

        // A member's next message goes to the tenant's upstream with the tenant's key.
        var marker = "m" + Guid.NewGuid().ToString("N")[..10];
        await page.GotoAsync(app.TenantUri(Tenant, "/chat").ToString());
        await page.WaitForInteractiveAsync();
        var box = page.Locator("textarea[data-testid=chat-textarea][data-ready]");
        await box.FillAsync("自社キーで質問 " + marker);
        await box.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=message-assistant]").Last).ToContainTextAsync(UpstreamScript.DefaultReply);
        var request = await app.WaitForRequestWithAsync(marker);
        Assert.Equal("Bearer " + canary, request.Header("Authorization"));
        Assert.Equal("gpt-4o-mini", request.Model);

        await page.GotoAsync(app.TenantUri(Tenant, "/usage").ToString());
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=usage-by-model] [data-testid=usage-row]", new() { HasText = "gpt-4o-mini" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=usage-by-member]")).ToContainTextAsync("管理 太郎");
        Assert.NotEqual("0", await page.Locator("[data-testid=usage-total]").InnerTextAsync());
        await page.ScreenshotAsync("usage-admin");
        Assert.DoesNotContain(canary, await page.ContentAsync(), StringComparison.Ordinal);

        // Every page as served (prerendered HTML) and every log line.
        using var http = await app.SignInAsync(Tenant, email);
        foreach (var path in new[] { "/settings/ai", "/usage", "/chat", "/", "/usage/export.csv" })
        {
            var body = await http.GetStringAsync(app.TenantUri(Tenant, path));
            Assert.DoesNotContain(canary, body, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(app.Logs, line => line.Contains(canary, StringComparison.Ordinal));

        // The raw database files: the key is stored only as Data Protection ciphertext.
        foreach (var file in Directory.EnumerateFiles(app.DataRoot, "app.db*"))
        {
            var bytes = await ReadSharedAsync(file);
            Assert.DoesNotContain(canary, Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
            Assert.DoesNotContain(canary, Encoding.Unicode.GetString(bytes), StringComparison.Ordinal);
        }

        // A second app over the same database (a restart): the key ring is in the database, the key still decrypts.
        await using var restarted = new RestartedAppHost(app.DataRoot);
        await restarted.InitializeAsync();
        var tenant = await restarted.EnsureTenantAsync(Tenant);
        var member = await restarted.CreateUserAsync(tenant.Id, $"{Guid.NewGuid():N}@example.jp");
        var afterRestart = "m" + Guid.NewGuid().ToString("N")[..10];
        var answer = await restarted.AskAsync(tenant.Id, member.Id, "after restart " + afterRestart);
        Assert.Equal(MessageStatus.Completed, answer.Message.Status);
        Assert.Equal("Bearer " + canary, (await app.WaitForRequestWithAsync(afterRestart)).Header("Authorization"));
        Assert.DoesNotContain(restarted.Logs, line => line.Contains(canary, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_pages_render_in_Japanese_at_phone_width_and_members_see_only_their_usage()
    {
        var phone = new ViewportSize { Width = 390, Height = 844 };
        var (page, _) = await SignedInAdminAsync("/settings/ai", viewport: phone);
        await page.Locator("[data-testid=option-AzureOpenAI] label").First.ClickAsync();
        await Assertions.Expect(page.Locator("#azure-endpoint")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("AI設定");
        await page.ScreenshotAsync("ai-settings-azure-phone");

        // A refused test says so, and each sentence stands under its field: the endpoint's with the policy's reason.
        await FillAsync(page, "#azure-endpoint", "https://169.254.169.254/");
        await FillAsync(page, "#azure-deployments", "bad name!");
        await page.Locator("[data-testid=ai-test]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=ai-test-result]")).ToHaveAttributeAsync("data-outcome", "Invalid");
        await Assertions.Expect(page.Locator("[data-testid=ai-test-result]")).ToHaveTextAsync("入力内容を確認してください。");
        await Assertions.Expect(page.Locator("[data-testid=ai-error]")).ToHaveTextAsync("API キーを入力してください。");
        await Assertions.Expect(page.Locator(".mud-input-control", new() { Has = page.Locator("#azure-endpoint") }).First)
            .ToContainTextAsync("この URL は使えません。 クラウドのメタデータ用アドレスは利用できません。");
        await Assertions.Expect(page.Locator(".mud-input-control", new() { Has = page.Locator("#azure-deployments") }).First)
            .ToContainTextAsync("デプロイ名に使えない文字があります: bad name!");

        // The alert job told the admins about 80% this month: they see the banner with the way out.
        var tenant = await app.EnsureTenantAsync(Tenant);
        await app.TenantDbAsync(tenant.Id, async db =>
        {
            var month = UsageMonth.For(DateTimeOffset.UtcNow, "Asia/Tokyo").Key;
            if (!db.UsageAlertNotices.Any(n => n.Month == month)) db.UsageAlertNotices.Add(new UsageAlertNotice { Month = month, ThresholdPercent = 80 });
            return await db.SaveChangesAsync();
        });
        await page.GotoAsync(app.TenantUri(Tenant, "/usage").ToString());
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=allowance-banner]")).ToHaveAttributeAsync("data-threshold", "80");
        await page.ScreenshotAsync("usage-phone");

        var memberEmail = $"{Guid.NewGuid():N}@example.jp";
        await app.CreateUserAsync(tenant.Id, memberEmail);
        var memberPage = await browser.NewPageAsync();
        await memberPage.SignInAsync(app.TenantUri(Tenant), memberEmail);
        await memberPage.GotoAsync(app.TenantUri(Tenant, "/usage").ToString());
        await memberPage.WaitForInteractiveAsync();
        await Assertions.Expect(memberPage.Locator("[data-testid=usage-by-model]")).ToBeVisibleAsync();
        await Assertions.Expect(memberPage.Locator("[data-testid=usage-by-member]")).ToHaveCountAsync(0);
        await Assertions.Expect(memberPage.Locator("[data-testid=nav-ai-settings]")).ToHaveCountAsync(0);
        await Assertions.Expect(memberPage.Locator("[data-testid=allowance-banner]")).ToHaveCountAsync(0);
        await memberPage.GotoAsync(app.TenantUri(Tenant, "/settings/ai").ToString());
        await Assertions.Expect(memberPage.Locator("[data-testid=ai-settings]")).ToHaveCountAsync(0);
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
