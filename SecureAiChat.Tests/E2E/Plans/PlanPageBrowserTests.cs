using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SecureAiChat.Core.Identity;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.E2E.Plans;

/// <summary>
/// In Chromium: an admin opens the plan page from the checklist item "プランを見直す", sees the Standard plan and the
/// seats in use, and the item is then done; the page in English, and a nearly full workspace at phone width.
/// </summary>
public sealed class PlanPageBrowserTests(AppHost app, BrowserFixture browser) : IClassFixture<AppHost>, IClassFixture<BrowserFixture>
{
    private const string Tenant = "planpage";

    [Fact]
    public async Task Admin_opens_the_plan_page_from_the_checklist_and_the_item_is_done_in_Japanese_and_English()
    {
        var tenant = await app.EnsureTenantAsync(Tenant, "プラン商事", plan: "Standard");
        await app.SeedDefaultsAsync(tenant.Id);
        var admin = await app.CreateUserAsync(tenant.Id, $"admin@{Tenant}.example.jp", role: Roles.Admin, displayName: "管理 花子");
        await app.CreateUserAsync(tenant.Id, $"member1@{Tenant}.example.jp");
        await app.CreateUserAsync(tenant.Id, $"member2@{Tenant}.example.jp");

        var page = await browser.NewPageAsync();
        await page.SignInAsync(app.TenantUri(Tenant), admin.Email!);
        await page.GotoAsync(app.TenantUri(Tenant, "/onboarding").ToString());
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=item-review-plan]")).ToHaveAttributeAsync("data-done", "false");

        await page.Locator("[data-testid=item-review-plan] [data-testid=item-open]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/settings/plan$"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("プランと契約");
        await Assertions.Expect(page.Locator("[data-testid=plan-name]")).ToHaveTextAsync("Standard");
        await Assertions.Expect(page.Locator("[data-testid=plan-price]")).ToHaveTextAsync("¥49,800 / 月（税抜）");
        await Assertions.Expect(page.Locator("[data-testid=plan-price-incl]")).ToHaveTextAsync("税込 ¥54,780");
        await Assertions.Expect(page.Locator("[data-testid=seat-summary]")).ToContainTextAsync("3 / 50 席を使用中");
        await Assertions.Expect(page.Locator("[data-testid=plan-advice]")).ToHaveAttributeAsync("data-fits", "true");
        await Assertions.Expect(page.Locator("[data-testid=plan-change]")).ToHaveAttributeAsync("href", $"http://localhost:{app.Port}/pricing");
        await Assertions.Expect(page.Locator("[data-testid=nav-plan]")).ToBeVisibleAsync();
        await page.ScreenshotAsync("plan-page-ja");

        await page.GotoAsync(app.TenantUri(Tenant, "/onboarding").ToString());
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=item-review-plan]")).ToHaveAttributeAsync("data-done", "true");
        await Assertions.Expect(page.Locator("[data-testid=item-review-plan] input[type=checkbox]")).ToBeDisabledAsync();

        var english = await browser.NewPageAsync("en-US");
        await english.SignInAsync(app.TenantUri(Tenant), admin.Email!);
        await english.GotoAsync(app.TenantUri(Tenant, "/settings/plan").ToString());
        await english.WaitForInteractiveAsync();
        await Assertions.Expect(english.Locator("h1")).ToHaveTextAsync("Plan and subscription");
        await Assertions.Expect(english.Locator("[data-testid=plan-name]")).ToHaveTextAsync("Standard");
        await Assertions.Expect(english.Locator("[data-testid=seat-summary]")).ToContainTextAsync("3 of 50 seats used");
        await english.ScreenshotAsync("plan-page-en");

        // A full Starter workspace at phone width: the recommendation names Standard.
        var full = await app.EnsureTenantAsync("planfull", "満席商事", plan: "Starter");
        var owner = await app.CreateUserAsync(full.Id, "owner@planfull.example.jp", role: Roles.Owner);
        for (var i = 0; i < 8; i++) await app.CreateUserAsync(full.Id, $"m{i}@planfull.example.jp");
        var phone = await browser.NewPageAsync(viewport: new ViewportSize { Width = 390, Height = 844 });
        await phone.SignInAsync(app.TenantUri("planfull"), owner.Email!);
        await phone.GotoAsync(app.TenantUri("planfull", "/settings/plan").ToString());
        await phone.WaitForInteractiveAsync();
        await Assertions.Expect(phone.Locator("[data-testid=plan-advice]")).ToHaveAttributeAsync("data-suggested", "Standard");
        await Assertions.Expect(phone.Locator("[data-testid=plan-advice-text]")).ToContainTextAsync("Standard プラン");
        Assert.False(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), "the plan page scrolls sideways at phone width");
        await phone.ScreenshotAsync("plan-page-phone");
    }
}
