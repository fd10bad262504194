using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.E2E.Operations;

/// <summary>An app instance polling tenant changes every second (and caching tenants for five minutes).</summary>
public sealed class TenantConsoleAppHost : AppHost
{
    public TenantConsoleAppHost()
    {
        Configure("Tenancy:CacheSeconds", "300");
        Configure("Tenancy:ChangePollSeconds", "1");
    }
}

/// <summary>
/// The operator's tenant console and the Owner's plan page in Chromium: the operator suspends a workspace from its page
/// (a member's open page ends with the suspended page) and resumes it; an Owner upgrades on /settings/plan. ja, en, phone.
/// </summary>
public sealed class TenantConsoleBrowserTests(TenantConsoleAppHost app, BrowserFixture browser) : IClassFixture<TenantConsoleAppHost>, IClassFixture<BrowserFixture>
{
    private async Task<IPage> OperatorPageAsync(string locale = "ja-JP", ViewportSize? viewport = null)
    {
        var email = await app.CreateOperatorAsync();
        var page = await browser.NewPageAsync(locale, viewport);
        await page.SignInAsync(app.PlatformUri, email, authenticatorKey: app.OperatorAuthenticatorKey(email));
        return page;
    }

    [Fact]
    public async Task An_operator_suspends_a_workspace_from_its_page_the_members_open_page_ends_and_resuming_brings_it_back()
    {
        var identifier = "tcui" + Guid.NewGuid().ToString("N")[..6];
        var tenant = await app.CreateTenantAsync(identifier, "停止テスト商事", plan: "Standard");
        await app.CreateUserAsync(tenant.Id, $"owner@{identifier}.example.jp", role: Roles.Owner);
        var memberEmail = $"member@{identifier}.example.jp";
        await app.CreateUserAsync(tenant.Id, memberEmail);
        var member = await browser.NewPageAsync();
        await member.SignInAsync(app.TenantUri(identifier), memberEmail);
        await member.GotoAsync(app.TenantUri(identifier, "/").ToString());
        await member.WaitForInteractiveAsync();

        var page = await OperatorPageAsync();
        await page.GotoAsync(new Uri(app.PlatformUri, "/ops/tenants").ToString());
        await page.WaitForInteractiveAsync();
        await page.Locator("#ops-tenants-search").FillAsync(identifier);
        await Assertions.Expect(page.Locator(".ops-tenant-row")).ToHaveCountAsync(1);
        await page.ScreenshotAsync("ops-tenants-ja");
        await page.Locator($"[data-testid=ops-tenant-{identifier}]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/ops/tenants/{identifier}$"));
        await page.WaitForInteractiveAsync();

        await page.Locator("[data-testid=ops-action-suspend]").ClickAsync();
        await page.Locator("[data-testid=ops-action-confirm]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=ops-tenant-message]")).ToContainTextAsync("理由を入力してください");
        await page.GetByText("不正利用").ClickAsync();
        await page.Locator("#ops-action-reason").FillAsync("大量の自動リクエスト（チケット #881）");
        await page.ScreenshotAsync("ops-tenant-suspend-ja");
        await page.Locator("[data-testid=ops-action-confirm]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=ops-tenant-message]")).ToContainTextAsync("オーナー 1 名");
        await Assertions.Expect(page.Locator("[data-testid=ops-tenant-status]")).ToHaveTextAsync("停止中");
        await Assertions.Expect(page.Locator("[data-testid=ops-tenant-audit-action]").First).ToHaveTextAsync("ワークスペースを運営が停止");
        await Assertions.Expect(member.Locator("[data-testid=workspace-unavailable]")).ToHaveAttributeAsync("data-reason", "Suspended");
        await page.ScreenshotAsync("ops-tenant-suspended-ja");

        await page.Locator("[data-testid=ops-action-resume]").ClickAsync();
        await page.Locator("#ops-action-reason").FillAsync("対策を確認");
        await page.Locator("[data-testid=ops-action-confirm]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=ops-tenant-status]")).ToHaveTextAsync("利用中");
        Assert.Equal(TenantStatus.Active, await app.TenantDbAsync(tenant.Id, db => db.Tenants.Where(t => t.Id == tenant.Id).Select(t => t.Status).SingleAsync()));
        await member.GotoAsync(app.TenantUri(identifier, "/Account/Login").ToString());
        await Assertions.Expect(member.Locator("[data-testid=workspace-unavailable]")).ToHaveCountAsync(0);
    }

    [Theory]
    [InlineData("en-US", 1280)]
    [InlineData("ja-JP", 390)]
    public async Task The_tenant_list_and_page_read_well_in_english_and_on_a_phone(string locale, int width)
    {
        var identifier = "tcshot" + Guid.NewGuid().ToString("N")[..6];
        var tenant = await app.CreateTenantAsync(identifier, "Screenshot Trading", plan: "Enterprise");
        await app.CreateUserAsync(tenant.Id, $"owner@{identifier}.example.jp", role: Roles.Owner);
        var page = await OperatorPageAsync(locale, new ViewportSize { Width = width, Height = 900 });
        var suffix = $"{locale[..2]}{(width < 600 ? "-phone" : "")}";

        await page.GotoAsync(new Uri(app.PlatformUri, "/ops/tenants").ToString());
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator($"[data-testid=ops-tenant-{identifier}]")).ToBeVisibleAsync();
        await page.ScreenshotAsync("ops-tenants-" + suffix);

        await page.GotoAsync(new Uri(app.PlatformUri, $"/ops/tenants/{identifier}").ToString());
        await page.WaitForInteractiveAsync();
        await page.Locator("[data-testid=ops-action-plan]").ClickAsync();
        await Assertions.Expect(page.Locator("#ops-custom-seats")).ToBeVisibleAsync();
        await page.Locator("#ops-custom-seats").FillAsync("300");
        await page.Locator("#ops-action-reason").FillAsync(locale == "en-US" ? "Contract #2027-01 signed" : "契約 #2027-01 締結");
        await page.Locator("[data-testid=ops-action-confirm]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=ops-tenant-seats]")).ToContainTextAsync("300");
        await Assertions.Expect(page.Locator("[data-testid=ops-plan-history-change]")).ToContainTextAsync("Enterprise → Enterprise");
        await page.ScreenshotAsync("ops-tenant-" + suffix);
    }

    [Theory]
    [InlineData("ja-JP", 1280)]
    [InlineData("en-US", 1280)]
    [InlineData("ja-JP", 390)]
    public async Task An_owner_upgrades_to_standard_on_the_plan_page(string locale, int width)
    {
        var identifier = "tcplan" + Guid.NewGuid().ToString("N")[..6];
        var tenant = await app.CreateTenantAsync(identifier, "アップグレード商事", plan: "Starter");
        var email = $"owner@{identifier}.example.jp";
        await app.CreateUserAsync(tenant.Id, email, role: Roles.Owner);
        var page = await browser.NewPageAsync(locale, new ViewportSize { Width = width, Height = 900 });
        await page.SignInAsync(app.TenantUri(identifier), email);
        await page.GotoAsync(app.TenantUri(identifier, "/settings/plan").ToString());
        await page.WaitForInteractiveAsync();
        var suffix = $"{locale[..2]}{(width < 600 ? "-phone" : "")}";
        await page.Locator("[data-testid=plan-self-change]").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync("plan-change-" + suffix);

        await page.Locator("[data-testid=plan-upgrade]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=plan-change-message]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=plan-name]")).ToHaveTextAsync("Standard");
        await Assertions.Expect(page.Locator("[data-testid=plan-downgrade]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=plan-history] li")).ToHaveCountAsync(1);
        Assert.Equal("Standard", await app.TenantDbAsync(tenant.Id, db => db.Tenants.Where(t => t.Id == tenant.Id).Select(t => t.Plan).SingleAsync()));
        await page.Locator("[data-testid=plan-self-change]").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync("plan-upgraded-" + suffix);
    }
}
