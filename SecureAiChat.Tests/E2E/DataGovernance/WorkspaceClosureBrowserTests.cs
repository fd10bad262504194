using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.E2E.DataGovernance;

/// <summary>
/// Closing a workspace in Chromium, as an Owner with 2FA: a wrong identifier is refused with a message, the right
/// confirmation makes the workspace read-only with a banner on every page (a chat message is refused with one message),
/// and restoring makes it writable again (Japanese, English, phone width).
/// </summary>
public sealed class WorkspaceClosureBrowserTests(AppHost app, BrowserFixture browser) : IClassFixture<AppHost>, IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData("ja-JP", 1280, 900, "closure-ja")]
    [InlineData("en-US", 1280, 900, "closure-en")]
    [InlineData("ja-JP", 390, 844, "closure-ja-phone")]
    public async Task An_owner_closes_the_workspace_sees_the_banner_and_read_only_refusal_and_restores_it(string locale, int width, int height, string screenshot)
    {
        var japanese = locale.StartsWith("ja", StringComparison.Ordinal);
        var identifier = "closeui" + Guid.NewGuid().ToString("N")[..8];
        var tenant = await app.CreateTenantAsync(identifier, "閉鎖予定商事");
        var owner = await app.CreateUserAsync(tenant.Id, $"owner@{identifier}.example.jp", role: Roles.Owner, displayName: "オーナー 花子");
        string key;
        await using (var scope = await app.TenantScopeAsync(tenant.Id))
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByIdAsync(owner.Id))!;
            await users.ResetAuthenticatorKeyAsync(user);
            key = (await users.GetAuthenticatorKeyAsync(user))!;
            await users.SetTwoFactorEnabledAsync(user, true);
        }

        await app.TenantDbAsync(tenant.Id, db =>
        {
            db.Conversations.Add(new Conversation { UserId = owner.Id, Title = "契約終了の準備", Model = "gpt-4o-mini", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow });
            return db.SaveChangesAsync();
        });

        var page = await browser.NewPageAsync(locale, new ViewportSize { Width = width, Height = height });
        await page.SignInAsync(app.TenantUri(identifier), owner.Email!, authenticatorKey: key);
        await page.GotoAsync(app.TenantUri(identifier, "/settings/data").ToString());
        await page.WaitForInteractiveAsync();
        var section = page.GetByTestId("closure-section");
        await section.ScrollIntoViewIfNeededAsync();

        // The wrong identifier: a message, nothing changes.
        await page.Locator("#closure-identifier").FillAsync("wrong-name");
        await page.Locator("#closure-password").FillAsync(TestPasswords.Default);
        await page.Locator("#closure-code").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(30)));
        await page.GetByTestId("closure-request").ClickAsync();
        await Assertions.Expect(page.GetByTestId("closure-error")).ToContainTextAsync(identifier);
        Assert.Equal(TenantStatus.Active, await StatusAsync(tenant.Id));
        await section.ScreenshotAsync(new() { Path = ScreenshotPath(screenshot + "-refused") });

        await page.Locator("#closure-identifier").FillAsync(identifier);
        await page.Locator("#closure-password").FillAsync(TestPasswords.Default);
        await page.Locator("#closure-code").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(30)));
        await page.GetByTestId("closure-request").ClickAsync();
        await Assertions.Expect(page.GetByTestId("closure-banner")).ToBeVisibleAsync();
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("closure-state")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("closure-banner")).ToContainTextAsync(japanese ? "読み取り専用" : "read-only");
        Assert.Equal(TenantStatus.Closing, await StatusAsync(tenant.Id));
        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "The data management page scrolls sideways while closing.");
        await page.ScreenshotAsync(screenshot);

        // Reading works; sending a chat message is refused with the one read-only message.
        await page.GotoAsync(app.TenantUri(identifier, "/chat").ToString());
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("closure-banner")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("契約終了の準備")).ToBeVisibleAsync();
        await page.GetByTestId("chat-textarea").FillAsync("最後の質問です");
        await page.GetByTestId("send").ClickAsync();
        await Assertions.Expect(page.GetByTestId("closure-refused")).ToContainTextAsync(japanese ? "読み取り専用" : "read-only");
        Assert.Equal(1, await app.TenantDbAsync(tenant.Id, db => db.Conversations.CountAsync()));
        await page.ScreenshotAsync(screenshot + "-chat");

        // Restore: password and a newer code.
        await page.GotoAsync(app.TenantUri(identifier, "/settings/data").ToString());
        await page.WaitForInteractiveAsync();
        await page.Locator("#closure-password").FillAsync(TestPasswords.Default);
        await page.Locator("#closure-code").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(60)));
        await page.GetByTestId("closure-restore").ClickAsync();
        await Assertions.Expect(page.GetByTestId("closure-request")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("closure-banner")).ToHaveCountAsync(0);
        Assert.Equal(TenantStatus.Active, await StatusAsync(tenant.Id));
        await page.WaitForInteractiveAsync();
        await page.ScreenshotAsync(screenshot + "-restored");
    }

    private async Task<TenantStatus> StatusAsync(string tenantId)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Tenants.Where(t => t.Id == tenantId).Select(t => t.Status).SingleAsync();
    }

    private static string ScreenshotPath(string name)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name + ".png");
    }
}
