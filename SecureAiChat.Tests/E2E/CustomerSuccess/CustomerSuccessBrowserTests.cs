using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecureAiChat.Core.FeatureRequests;
using SecureAiChat.Core.Support;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.E2E.CustomerSuccess;

/// <summary>The support, feature request and operator support pages in Chromium: Japanese, English and phone width, with screenshots.</summary>
public sealed class CustomerSuccessBrowserTests(AppHost app, BrowserFixture browser) : IClassFixture<AppHost>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_member_sends_a_support_request_and_sees_feature_requests_and_an_operator_sees_the_queue()
    {
        var tenant = await app.EnsureTenantAsync("cs-e2e", "顧客成功株式会社", plan: "Standard");
        var member = await app.CreateUserAsync(tenant.Id, "member@cs-e2e.example.jp");
        await using (var scope = await app.TenantScopeAsync(tenant.Id))
        {
            await scope.ServiceProvider.GetRequiredService<FeatureRequestService>().PostAsync(member.Id, "Teams 連携", "Teams から質問したい");
            await scope.ServiceProvider.GetRequiredService<SupportService>().SubmitAsync(member.Id, member.Email!,
                new SupportSubmission(SupportCategory.Question, SupportPriority.Normal, "CSV の出力方法を教えてください", []));
        }

        var page = await browser.NewPageAsync();
        await page.SignInAsync(app.TenantUri("cs-e2e"), member.Email!);
        await page.GotoAsync(app.TenantUri("cs-e2e", "/support").ToString());
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=support-level]")).ToContainTextAsync("平日のメール・チャットサポート");
        await page.Locator("textarea[data-testid=support-description], [data-testid=support-description] textarea").First.FillAsync("回答が途中で止まります");
        await page.Locator("input[type=file]").First.SetInputFilesAsync(new FilePayload { Name = "notes.png", MimeType = "image/png", Buffer = "not an image"u8.ToArray() });
        await page.Locator("[data-testid=support-send]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=support-error]")).ToContainTextAsync("画像");
        await Assertions.Expect(page.Locator("[data-testid=support-request]")).ToHaveCountAsync(1);
        await page.ScreenshotAsync("support-ja");

        await page.GotoAsync(app.TenantUri("cs-e2e", "/feature-requests").ToString());
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=features-request]")).ToContainTextAsync("Teams 連携");
        await page.ScreenshotAsync("feature-requests-ja");

        var english = await browser.NewPageAsync("en-US");
        await english.SignInAsync(app.TenantUri("cs-e2e"), member.Email!);
        await english.GotoAsync(app.TenantUri("cs-e2e", "/support").ToString());
        await english.WaitForInteractiveAsync();
        await Assertions.Expect(english.Locator("[data-testid=support-level]")).ToContainTextAsync("Mail and chat support on weekdays");
        await english.ScreenshotAsync("support-en");
        await english.GotoAsync(app.TenantUri("cs-e2e", "/feature-requests").ToString());
        await english.WaitForInteractiveAsync();
        await Assertions.Expect(english.Locator("[data-testid=features-request]")).ToContainTextAsync("Teams 連携");
        await english.ScreenshotAsync("feature-requests-en");

        var phone = await browser.NewPageAsync(viewport: new ViewportSize { Width = 390, Height = 844 });
        await phone.SignInAsync(app.TenantUri("cs-e2e"), member.Email!);
        foreach (var (path, name) in new[] { ("/support", "support-phone"), ("/feature-requests", "feature-requests-phone") })
        {
            await phone.GotoAsync(app.TenantUri("cs-e2e", path).ToString());
            await phone.WaitForInteractiveAsync();
            Assert.False(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), $"{path} scrolls sideways at phone width");
            await phone.ScreenshotAsync(name);
        }

        var email = await app.CreateOperatorAsync();
        var ops = await browser.NewPageAsync();
        await ops.SignInAsync(app.PlatformUri, email, authenticatorKey: app.OperatorAuthenticatorKey(email));
        await ops.GotoAsync(new Uri(app.PlatformUri, "/ops/support").ToString());
        await ops.WaitForInteractiveAsync();
        await Assertions.Expect(ops.Locator("[data-testid=ops-support-request]").First).ToContainTextAsync("cs-e2e");
        await ops.ScreenshotAsync("ops-support-ja");

        var opsPhoneEmail = await app.CreateOperatorAsync();
        var opsPhone = await browser.NewPageAsync(viewport: new ViewportSize { Width = 390, Height = 844 });
        await opsPhone.SignInAsync(app.PlatformUri, opsPhoneEmail, authenticatorKey: app.OperatorAuthenticatorKey(opsPhoneEmail));
        await opsPhone.GotoAsync(new Uri(app.PlatformUri, "/ops/support").ToString());
        await opsPhone.WaitForInteractiveAsync();
        await Assertions.Expect(opsPhone.Locator("[data-testid=ops-support-request]").First).ToBeVisibleAsync();
        await opsPhone.ScreenshotAsync("ops-support-phone");
    }
}
