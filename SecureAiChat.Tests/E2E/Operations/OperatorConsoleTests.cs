using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecureAiChat.Core.Identity;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Tests.Integration.Provisioning;

namespace SecureAiChat.Tests.E2E.Operations;

public sealed class OperatorConsoleTests(ProvisioningHost app, BrowserFixture browser) : IClassFixture<ProvisioningHost>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_operator_sees_provisioning_requests_and_the_platform_bar_links_to_the_console()
    {
        var result = await app.SignUpAsync(ProvisioningHost.ValidForm("ops-view", "owner@ops-view.example.jp"));
        await app.WaitForCompletionAsync(result.Value!.RequestId!);
        var email = await app.CreateOperatorAsync();

        var page = await browser.NewPageAsync();
        await page.SignInAsync(app.PlatformUri, email, authenticatorKey: app.OperatorAuthenticatorKey(email));
        await page.GotoAsync(new Uri(app.PlatformUri, "/ops").ToString());
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=status-ops-view]")).ToHaveTextAsync("完了");
        await page.ScreenshotAsync("ops-provisioning-ja");
    }

    [Fact]
    public async Task A_visitor_s_sales_inquiry_reaches_the_operator_console()
    {
        var company = "株式会社リード" + Guid.NewGuid().ToString("N")[..6];
        var visitor = await browser.NewPageAsync();
        await visitor.GotoAsync(new Uri(app.PlatformUri, "/contact").ToString());
        await visitor.WaitForInteractiveAsync();
        // Refused first (no company or name, a malformed address): each field says what is wrong under itself.
        await visitor.Locator("[data-testid=contact-email]").FillAsync("not-an-email");
        await visitor.Locator("[data-testid=contact-submit]").ClickAsync();
        var errors = visitor.Locator(".mud-input-helper-text.mud-input-error");
        await Assertions.Expect(errors).ToHaveCountAsync(3);
        await Assertions.Expect(errors.Nth(0)).ToHaveTextAsync("会社名を入力してください");
        await Assertions.Expect(errors.Nth(2)).ToHaveTextAsync("メールアドレスの形式が正しくありません");
        await visitor.ScreenshotAsync("contact-refused-ja");
        await visitor.Locator("[data-testid=contact-company]").FillAsync(company);
        await visitor.Locator("[data-testid=contact-name]").FillAsync("鈴木 一郎");
        await visitor.Locator("[data-testid=contact-email]").FillAsync("ichiro@lead.example.jp");
        await visitor.Locator("[data-testid=contact-submit]").ClickAsync();
        await Assertions.Expect(visitor.Locator("[data-testid=contact-thanks]")).ToBeVisibleAsync();

        var page = await browser.NewPageAsync();
        var email = await app.CreateOperatorAsync();
        await page.SignInAsync(app.PlatformUri, email, authenticatorKey: app.OperatorAuthenticatorKey(email));
        await page.GotoAsync(new Uri(app.PlatformUri, "/ops/leads").ToString());
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=sales-leads]")).ToContainTextAsync(company);
        await Assertions.Expect(page.Locator("[data-testid=sales-leads]")).ToContainTextAsync("ichiro@lead.example.jp");
        await page.ScreenshotAsync("ops-leads-ja");
    }

    [Fact]
    public async Task An_operator_reads_and_verifies_the_platform_audit_chain_in_Japanese_English_and_at_phone_width()
    {
        var email = await app.CreateOperatorAsync();
        var page = await browser.NewPageAsync();
        // The sign-in itself is the platform chain's newest entry.
        await page.SignInAsync(app.PlatformUri, email, authenticatorKey: app.OperatorAuthenticatorKey(email));
        await page.GotoAsync(new Uri(app.PlatformUri, "/ops/audit").ToString());
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=audit-row-action]").First).ToBeVisibleAsync();
        await page.Locator("[data-testid=audit-verify]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=audit-verify-result]")).ToBeVisibleAsync();
        await page.ScreenshotAsync("ops-audit-ja");

        // An operator of its own per page: a TOTP code is accepted once, and the pages sign in within one 30 s step.
        var englishEmail = await app.CreateOperatorAsync();
        var english = await browser.NewPageAsync("en-US");
        await english.SignInAsync(app.PlatformUri, englishEmail, authenticatorKey: app.OperatorAuthenticatorKey(englishEmail));
        await english.GotoAsync(new Uri(app.PlatformUri, "/ops/audit").ToString());
        await english.WaitForInteractiveAsync();
        await Assertions.Expect(english.Locator("[data-testid=audit-row-action]").First).ToBeVisibleAsync();
        await english.ScreenshotAsync("ops-audit-en");

        var phoneEmail = await app.CreateOperatorAsync();
        var phone = await browser.NewPageAsync(viewport: new ViewportSize { Width = 390, Height = 844 });
        await phone.SignInAsync(app.PlatformUri, phoneEmail, authenticatorKey: app.OperatorAuthenticatorKey(phoneEmail));
        await phone.GotoAsync(new Uri(app.PlatformUri, "/ops/audit").ToString());
        await phone.WaitForInteractiveAsync();
        await Assertions.Expect(phone.Locator("[data-testid=ops-audit-page]")).ToBeVisibleAsync();
        Assert.False(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), "/ops/audit scrolls sideways at phone width");
        await phone.ScreenshotAsync("ops-audit-phone");
    }
}
