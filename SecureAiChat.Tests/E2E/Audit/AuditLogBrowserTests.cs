using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.E2E.Audit;

/// <summary>
/// In Chromium: an owner filters the audit log, opens an entry's drawer and verifies the chain, in Japanese; the
/// page in English; and at phone width without sideways scrolling. Screenshots of each.
/// </summary>
public sealed class AuditLogBrowserTests(AppHost app, BrowserFixture browser) : IClassFixture<AppHost>, IClassFixture<BrowserFixture>
{
    private const string Tenant = "auditview";

    [Fact]
    public async Task Owner_filters_opens_an_entry_and_verifies_the_chain_in_Japanese_English_and_at_phone_width()
    {
        var tenant = await app.EnsureTenantAsync(Tenant, "監査商事");
        var owner = await app.CreateUserAsync(tenant.Id, $"owner@{Tenant}.example.jp", role: Roles.Owner, displayName: "山田 太郎");
        await using (var scope = await app.TenantScopeAsync(tenant.Id))
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
            audit.Record(db, AuditActions.DepartmentCreated, new AuditTarget("department", "1", "経理部"), new { name = "経理部" });
            audit.Record(db, AuditActions.SignInFailed, new AuditTarget("user", null, "taro@auditview.example.jp"), new { reason = "password" }, AuditOutcome.Failure);
            audit.Record(db, AuditActions.SecuritySettingsChanged, new AuditTarget("workspace"), new { idleTimeoutMinutes = 30 });
            await db.SaveChangesAsync();
        }

        var page = await browser.NewPageAsync();
        await page.SignInAsync(app.TenantUri(Tenant), owner.Email!);
        await page.GotoAsync(app.TenantUri(Tenant, "/settings/audit").ToString());
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("監査ログ");
        await Assertions.Expect(page.Locator("[data-testid=audit-row-action]").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=audit-table]")).ToContainTextAsync("サインイン失敗");

        await page.Locator("#audit-target").FillAsync("経理");
        await page.Locator("[data-testid=audit-search]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=audit-row-action]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=audit-row-action]")).ToHaveTextAsync("部署を作成");

        await page.Locator("[data-testid=audit-verify]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=audit-verify-result]")).ToContainTextAsync("改ざんは見つかりませんでした");
        await page.ScreenshotAsync("audit-log-ja");

        await page.Locator("[data-testid=audit-row-action]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=audit-details]")).ToContainTextAsync("\"name\": \"経理部\"");
        await page.ScreenshotAsync("audit-log-drawer-ja");

        var english = await browser.NewPageAsync("en-US");
        await english.SignInAsync(app.TenantUri(Tenant), owner.Email!);
        await english.GotoAsync(app.TenantUri(Tenant, "/settings/audit").ToString());
        await english.WaitForInteractiveAsync();
        await Assertions.Expect(english.Locator("h1")).ToHaveTextAsync("Audit log");
        await Assertions.Expect(english.Locator("[data-testid=audit-table]")).ToContainTextAsync("Sign-in failed");
        await english.ScreenshotAsync("audit-log-en");

        var phone = await browser.NewPageAsync(viewport: new ViewportSize { Width = 390, Height = 844 });
        await phone.SignInAsync(app.TenantUri(Tenant), owner.Email!);
        await phone.GotoAsync(app.TenantUri(Tenant, "/settings/audit").ToString());
        await phone.WaitForInteractiveAsync();
        await Assertions.Expect(phone.Locator("[data-testid=audit-table]")).ToContainTextAsync("セキュリティ設定を変更");
        Assert.False(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), "the audit log scrolls sideways at phone width");
        await phone.ScreenshotAsync("audit-log-phone");
    }
}
