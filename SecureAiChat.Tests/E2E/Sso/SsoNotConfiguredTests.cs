using Microsoft.Playwright;
using SecureAiChat.Core.Identity;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Tests.Integration.Accounts;

namespace SecureAiChat.Tests.E2E.Sso;

/// <summary>Without AzureAd:* the platform has no SSO: no Microsoft button, and the settings page says what the operator must configure.</summary>
public sealed class SsoNotConfiguredTests(AccountsAppHost host, BrowserFixture browser) : IClassFixture<AccountsAppHost>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Settings_page_explains_the_platform_configuration_and_login_has_no_microsoft_button()
    {
        var tenant = await host.NewTenantAsync("ssooff", "オフ株式会社");
        await host.CreateUserAsync(tenant.Id, "owner@off.example.jp", role: Roles.Owner);
        var page = await browser.NewPageAsync("ja-JP");

        await page.GotoAsync(host.TenantUri(tenant.Identifier, "/Account/Login").ToString());
        Assert.Equal(0, await page.GetByTestId("sso-login").CountAsync());

        await page.SignInAsync(host.TenantUri(tenant.Identifier), "owner@off.example.jp");
        await page.GotoAsync(host.TenantUri(tenant.Identifier, "/settings/sso").ToString());
        await Assertions.Expect(page.GetByTestId("sso-not-configured")).ToContainTextAsync("AzureAd:ClientId");
        await page.ScreenshotAsync("sso-settings-not-configured-ja");
    }

    [Fact]
    public async Task A_member_cannot_open_the_sso_settings()
    {
        var tenant = await host.NewTenantAsync("ssomem");
        await host.CreateUserAsync(tenant.Id, "member@off.example.jp");
        var page = await browser.NewPageAsync("ja-JP");
        await page.SignInAsync(host.TenantUri(tenant.Identifier), "member@off.example.jp");

        await page.GotoAsync(host.TenantUri(tenant.Identifier, "/settings/sso").ToString());

        Assert.Equal(0, await page.GetByTestId("sso-settings").CountAsync());
    }

    [Fact]
    public async Task The_challenge_endpoint_refuses_when_sso_is_off()
    {
        var tenant = await host.NewTenantAsync("ssochal");
        var client = host.CreateLoopbackClient();
        var login = host.TenantUri(tenant.Identifier, "/Account/Login");
        var token = await AccountForms.AntiforgeryTokenAsync(client, login);
        var response = await client.PostAsync(host.TenantUri(tenant.Identifier, "/Account/ExternalLogin"),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["returnUrl"] = "/" }));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/SsoRefused?reason=NotLinked", AccountTestKit.LocationPath(response));
    }
}
