using Microsoft.Playwright;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Tests.Integration.Accounts;

namespace SecureAiChat.Tests.E2E.Accounts;

/// <summary>The static sign-in and profile pages in Chromium on a tenant host, with screenshots for people to look at.</summary>
public sealed class SignInBrowserTests(AccountsAppHost host, BrowserFixture browser) : IClassFixture<AccountsAppHost>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Signing_in_on_a_tenant_host_lands_on_the_workspace_home_showing_the_tenant_name()
    {
        var tenant = await host.NewTenantAsync("browser", "さくら商事株式会社");
        await host.CreateUserAsync(tenant.Id, "sakura@example.jp", displayName: "佐藤 さくら");
        var page = await browser.NewPageAsync("ja-JP");

        await page.GotoAsync(host.TenantUri(tenant.Identifier, "/Account/Login").ToString());
        Assert.Equal("ログイン", await page.Locator("h1").InnerTextAsync());
        Assert.Equal("さくら商事株式会社", await page.GetByTestId("workspace-name").InnerTextAsync());
        await page.ScreenshotAsync("accounts-login-ja");

        await page.Locator("#Input\\.Email").FillAsync("sakura@example.jp");
        await page.Locator("#Input\\.Password").FillAsync(TestPasswords.Default);
        await page.GetByTestId("login-submit").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(host.TenantUri(tenant.Identifier, "/").ToString());
        await Assertions.Expect(page.GetByTestId("tenant-name")).ToHaveTextAsync("さくら商事株式会社");
        await Assertions.Expect(page.GetByTestId("workspace-home")).ToContainTextAsync("さくら商事株式会社");

        await page.GotoAsync(host.TenantUri(tenant.Identifier, "/Account/Manage").ToString());
        Assert.Equal("プロフィール", await page.Locator("h1").InnerTextAsync());
        Assert.Equal("佐藤 さくら", await page.Locator("#Input\\.DisplayName").InputValueAsync());
        Assert.Equal("Asia/Tokyo", await page.Locator("#Input\\.TimeZoneId").InputValueAsync());
        await page.ScreenshotAsync("accounts-profile-ja");

        await page.Locator("#Input\\.Culture").SelectOptionAsync("en-US");
        await page.GetByTestId("profile-save").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Profile");
        await Assertions.Expect(page.GetByTestId("status-message")).ToHaveTextAsync("Your profile has been saved.");
        await page.ScreenshotAsync("accounts-profile-en");
    }

    [Fact]
    public async Task Login_page_in_English_for_an_English_browser_with_a_wrong_password_message()
    {
        var tenant = await host.NewTenantAsync("browseren", "Globex Corporation");
        var page = await browser.NewPageAsync("en-US");

        await page.GotoAsync(host.TenantUri(tenant.Identifier, "/Account/Login").ToString());
        Assert.Equal("Sign in", await page.Locator("h1").InnerTextAsync());
        await page.Locator("#Input\\.Email").FillAsync("nobody@example.com");
        await page.Locator("#Input\\.Password").FillAsync("wrong-password-1");
        await page.GetByTestId("login-submit").ClickAsync();

        await Assertions.Expect(page.GetByTestId("status-message")).ToHaveTextAsync("The email address or password is incorrect.");
        await page.ScreenshotAsync("accounts-login-en");
    }
}
