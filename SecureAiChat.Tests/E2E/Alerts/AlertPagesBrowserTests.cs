using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Provisioning;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Tests.Integration.Alerts;

namespace SecureAiChat.Tests.E2E.Alerts;

/// <summary>
/// In Chromium: an admin with an open "key rejected" alert sees the banner, opens /settings/alerts from the navigation,
/// is told what is wrong with a refused threshold and saves a good one (Japanese, English, phone width); an operator
/// sees a failed provisioning on /ops/alerts.
/// </summary>
public sealed class AlertPagesBrowserTests(AlertsAppHost app, BrowserFixture browser) : IClassFixture<AlertsAppHost>, IClassFixture<BrowserFixture>
{
    private const string Tenant = "alertpage";

    [Fact]
    public async Task Admin_sees_the_banner_tunes_thresholds_and_the_operator_sees_platform_alerts()
    {
        // Real time throughout: sign-in codes and cookies follow the clock.
        var tenant = await app.EnsureTenantAsync(Tenant, "アラート商事");
        var admin = await app.CreateUserAsync(tenant.Id, $"admin@{Tenant}.example.jp", role: Roles.Admin, displayName: "管理 花子");
        await app.ChatAnswersAsync(tenant.Id, "KeyRejected", "KeyRejected", "KeyRejected");
        await app.AnswersAsync(tenant.Id, completed: 2, failed: 3);
        await app.EvaluateAsync(tenant.Id);

        var page = await browser.NewPageAsync();
        await page.SignInAsync(app.TenantUri(Tenant), admin.Email!);
        await page.GotoAsync(app.TenantUri(Tenant, "/").ToString());
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=workspace-alert-banner][data-kind=KeyRejected]")).ToContainTextAsync("のキーが拒否されました: AI 設定で置き換えてください");
        await page.Locator("[data-testid=nav-alerts]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/settings/alerts$"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("アラート");
        await Assertions.Expect(page.Locator("[data-testid=alerts-list] [data-testid=alert-row][data-open=true]")).ToHaveCountAsync(2);

        // A refused rate: the field says why and nothing is saved; then a good one is saved.
        await page.Locator("#alerts-failure-percent").FillAsync("0");
        await page.Locator("[data-testid=alerts-save]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=alerts-message]")).ToContainTextAsync("何も保存していません");
        await Assertions.Expect(page.Locator("[data-testid=alerts-errors]")).ToHaveTextAsync("失敗率は 1〜100 の整数で入力してください。");
        await page.ScreenshotAsync("alerts-settings-refused-ja");
        await page.Locator("#alerts-failure-percent").FillAsync("30");
        await page.Locator("[data-testid=alerts-save]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=alerts-message]")).ToHaveTextAsync("保存しました。");
        Assert.Equal(30, (await app.TenantDbAsync(tenant.Id, db => SecureAiChat.Core.Alerts.AlertSettings.ReadAsync(db))).FailureRatePercent);
        await page.ScreenshotAsync("alerts-settings-ja");

        var english = await browser.NewPageAsync("en-US");
        await english.SignInAsync(app.TenantUri(Tenant), admin.Email!);
        await english.GotoAsync(app.TenantUri(Tenant, "/settings/alerts").ToString());
        await english.WaitForInteractiveAsync();
        await Assertions.Expect(english.Locator("h1")).ToHaveTextAsync("Alerts");
        await Assertions.Expect(english.Locator("[data-testid=workspace-alert-banner][data-kind=KeyRejected]")).ToContainTextAsync("key was rejected");
        await english.ScreenshotAsync("alerts-settings-en");

        var phone = await browser.NewPageAsync(viewport: new ViewportSize { Width = 390, Height = 844 });
        await phone.SignInAsync(app.TenantUri(Tenant), admin.Email!);
        await phone.GotoAsync(app.TenantUri(Tenant, "/settings/alerts").ToString());
        await phone.WaitForInteractiveAsync();
        await Assertions.Expect(phone.Locator("[data-testid=alerts-settings]")).ToBeVisibleAsync();
        Assert.False(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), "the alerts page scrolls sideways at phone width");
        await phone.ScreenshotAsync("alerts-settings-phone");

        // The operator's list.
        await using (var scope = app.Services.GetRequiredService<SecureAiChat.Core.Tenancy.TenantScopeFactory>().CreatePlatformScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SecureAiChat.Core.Data.AppDbContext>();
            db.ProvisioningRequests.Add(new ProvisioningRequest { Identifier = "failedco", CompanyName = "失敗商事", AdminName = "管理", AdminEmail = "f@example.jp", Plan = "Starter", Status = ProvisioningStatus.Failed });
            await db.SaveChangesAsync();
        }
        await app.EvaluatePlatformAsync();
        var operatorEmail = await app.CreateOperatorAsync();
        var ops = await browser.NewPageAsync();
        await ops.SignInAsync(app.PlatformUri, operatorEmail, authenticatorKey: app.OperatorAuthenticatorKey(operatorEmail));
        await ops.GotoAsync(new Uri(app.PlatformUri, "/ops/alerts").ToString());
        await ops.WaitForInteractiveAsync();
        await Assertions.Expect(ops.Locator("[data-testid=ops-alerts] [data-kind=ProvisioningFailed]")).ToContainTextAsync("ワークスペース failedco のプロビジョニングが失敗しました");
        await ops.ScreenshotAsync("ops-alerts-ja");
        // The same signed-in page at phone width (a second sign-in would replay the authenticator code, which is refused).
        var opsPhone = ops;
        await opsPhone.SetViewportSizeAsync(390, 844);
        await opsPhone.ReloadAsync();
        await opsPhone.WaitForInteractiveAsync();
        await Assertions.Expect(opsPhone.Locator("[data-testid=ops-alerts]")).ToBeVisibleAsync();
        await opsPhone.ScreenshotAsync("ops-alerts-phone");
    }
}
