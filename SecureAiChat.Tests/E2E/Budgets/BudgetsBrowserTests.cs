using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Usage;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.E2E.Budgets;

/// <summary>
/// In Chromium: an admin sets a workspace budget on /settings/budgets (a negative amount is refused first), a member
/// at the limit is refused in the chat with a message naming the workspace budget, and sees the chip of what remains;
/// the settings page in English and the refusal at phone width.
/// </summary>
public sealed class BudgetsBrowserTests(ChatAppHost app, BrowserFixture browser) : IClassFixture<ChatAppHost>, IClassFixture<BrowserFixture>
{
    private const string Tenant = "budgetui";

    [Fact]
    public async Task An_admin_sets_a_workspace_budget_and_a_member_at_the_limit_is_refused_in_the_chat()
    {
        var tenant = await app.EnsureTenantAsync(Tenant, "予算商事");
        var admin = await app.CreateUserAsync(tenant.Id, $"admin@{Tenant}.example.jp", role: Roles.Admin, displayName: "管理 花子");
        var member = await app.CreateUserAsync(tenant.Id, $"member@{Tenant}.example.jp", displayName: "利用 太郎");

        var page = await browser.NewPageAsync();
        await page.SignInAsync(app.TenantUri(Tenant), admin.Email!);
        await page.GotoAsync(app.TenantUri(Tenant, "/settings/budgets").ToString());
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("予算");
        await Assertions.Expect(page.Locator("[data-testid=nav-budgets]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=budget-none]")).ToBeVisibleAsync();

        await page.Locator("#budget-amount").FillAsync("-5");
        await page.Locator("[data-testid=budget-save]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=budget-error]")).ToHaveAttributeAsync("data-code", "AmountOutOfRange");
        await Assertions.Expect(page.Locator("[data-testid=budget-error]")).ToContainTextAsync("保存していません");
        await Assertions.Expect(page.Locator("[data-testid=budget-none]")).ToBeVisibleAsync();
        await page.ScreenshotAsync("budgets-error-ja");

        await page.Locator("#budget-amount").FillAsync("20");
        await page.Locator("[data-testid=budget-save]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=budget-saved]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=budget-row-workspace]")).ToHaveTextAsync("ワークスペース全体");

        // ¥22.5 of gpt-4o-mini already used this month: past the ¥20 budget.
        await app.TenantDbAsync(tenant.Id, db =>
        {
            db.UsageRecords.Add(new UsageRecord
            {
                UserId = member.Id, Model = ChatAppHost.Model, InputTokens = 1_000_000, OutputTokens = 0, Status = MessageStatus.Completed, CreatedAt = DateTime.UtcNow,
            });
            return db.SaveChangesAsync();
        });
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=budget-spent]")).ToContainTextAsync("¥23 / ¥20");
        await page.ScreenshotAsync("budgets-page-ja");

        var marker = "m" + Guid.NewGuid().ToString("N")[..10];
        var chat = await browser.NewPageAsync();
        await chat.SignInAsync(app.TenantUri(Tenant), member.Email!);
        await chat.GotoAsync(app.TenantUri(Tenant, "/chat").ToString());
        await chat.WaitForInteractiveAsync();
        await chat.Locator("textarea[data-testid=chat-textarea][data-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(chat.Locator("[data-testid=budget-remaining]")).ToHaveTextAsync("予算の残り ¥0");
        await chat.Locator("[data-testid=chat-textarea]").FillAsync("予算のテスト " + marker);
        await chat.Locator("[data-testid=chat-textarea]").PressAsync("Enter");
        var answer = chat.Locator("[data-testid=message-assistant]").Last;
        await Assertions.Expect(answer).ToContainTextAsync("ワークスペースの予算上限に達した");
        await Assertions.Expect(answer).ToContainTextAsync("管理者に依頼できます");
        Assert.Empty(app.RequestsWith(marker));
        await chat.ScreenshotAsync("budgets-refusal-ja");

        var english = await browser.NewPageAsync("en-US");
        await english.SignInAsync(app.TenantUri(Tenant), admin.Email!);
        await english.GotoAsync(app.TenantUri(Tenant, "/settings/budgets").ToString());
        await english.WaitForInteractiveAsync();
        await Assertions.Expect(english.Locator("h1")).ToHaveTextAsync("Budgets");
        await Assertions.Expect(english.Locator("[data-testid=budget-row-workspace]")).ToHaveTextAsync("Whole workspace");
        await english.ScreenshotAsync("budgets-page-en");

        var phone = await browser.NewPageAsync(viewport: new ViewportSize { Width = 390, Height = 844 });
        await phone.SignInAsync(app.TenantUri(Tenant), member.Email!);
        await phone.GotoAsync(app.TenantUri(Tenant, "/chat").ToString());
        await phone.WaitForInteractiveAsync();
        await phone.Locator("textarea[data-testid=chat-textarea][data-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await phone.Locator("[data-testid=chat-textarea]").FillAsync("もう一度 " + marker);
        await phone.Locator("[data-testid=chat-textarea]").PressAsync("Enter");
        await Assertions.Expect(phone.Locator("[data-testid=message-assistant]").Last).ToContainTextAsync("予算上限");
        Assert.False(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), "the chat scrolls sideways at phone width");
        await phone.ScreenshotAsync("budgets-refusal-phone");

        var phoneSettings = await browser.NewPageAsync(viewport: new ViewportSize { Width = 390, Height = 844 });
        await phoneSettings.SignInAsync(app.TenantUri(Tenant), admin.Email!);
        await phoneSettings.GotoAsync(app.TenantUri(Tenant, "/settings/budgets").ToString());
        await phoneSettings.WaitForInteractiveAsync();
        Assert.False(await phoneSettings.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), "the budgets page scrolls sideways at phone width");
        await phoneSettings.ScreenshotAsync("budgets-page-phone");
    }

    [Fact]
    public async Task An_admin_moves_the_fiscal_year_to_January_confirming_for_the_fiscal_year_budget_and_analytics_follows()
    {
        const string identifier = "fiscalui";
        var tenant = await app.EnsureTenantAsync(identifier, "年度商事");
        var admin = await app.CreateUserAsync(tenant.Id, $"admin@{identifier}.example.jp", role: Roles.Admin, displayName: "管理 花子");
        await app.TenantDbAsync(tenant.Id, db =>
        {
            db.Budgets.Add(new SecureAiChat.Core.Budgets.Budget
            {
                Scope = SecureAiChat.Core.Budgets.Budget.WorkspaceScope, Level = SecureAiChat.Core.Budgets.BudgetLevel.Workspace, Amount = 100_000,
                Period = SecureAiChat.Core.Budgets.BudgetPeriod.FiscalYear,
            });
            return db.SaveChangesAsync();
        });

        var page = await browser.NewPageAsync();
        await page.SignInAsync(app.TenantUri(identifier), admin.Email!);
        await page.GotoAsync(app.TenantUri(identifier, "/analytics?range=ThisFiscalYear").ToString());
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=analytics-fiscal-year]")).ToContainTextAsync("会計年度は4月始まりです。");
        await page.Locator("[data-testid=analytics-fiscal-year-link]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/settings/budgets#fiscal-year$"));
        await page.WaitForInteractiveAsync();

        var card = page.Locator("[data-testid=fiscal-year]");
        await card.Locator("[data-testid=fiscal-year-month]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "1月" }).First.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
        await card.Locator("[data-testid=fiscal-year-save]").ClickAsync();
        await Assertions.Expect(card.Locator("[data-testid=fiscal-year-error]")).ToHaveAttributeAsync("data-code", "ChangeNeedsConfirmation");
        await page.ScreenshotAsync("budgets-fiscal-year-confirm-ja");
        await card.Locator("[data-testid=fiscal-year-confirm]").ClickAsync();
        await card.Locator("[data-testid=fiscal-year-save]").ClickAsync();
        await Assertions.Expect(card.Locator("[data-testid=fiscal-year-saved]")).ToContainTextAsync("1月");
        Assert.Equal(1, await app.TenantDbAsync(tenant.Id, db => db.Tenants.Where(t => t.Id == tenant.Id).Select(t => t.FiscalYearStartMonth).SingleAsync()));

        await page.GotoAsync(app.TenantUri(identifier, "/analytics?range=ThisFiscalYear").ToString());
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=analytics-fiscal-year]")).ToContainTextAsync("会計年度は1月始まりです。");
        await Assertions.Expect(page.Locator("[data-testid=analytics-range-text]")).ToContainTextAsync($"{DateTime.UtcNow.AddHours(9).Year}年1月1日 〜");

        var english = await browser.NewPageAsync("en-US", new ViewportSize { Width = 390, Height = 844 });
        await english.SignInAsync(app.TenantUri(identifier), admin.Email!);
        await english.GotoAsync(app.TenantUri(identifier, "/settings/budgets").ToString());
        await english.WaitForInteractiveAsync();
        await Assertions.Expect(english.Locator("[data-testid=fiscal-year] h2")).ToHaveTextAsync("Fiscal year");
        Assert.False(await english.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), "the budgets page scrolls sideways at phone width");
        await english.ScreenshotAsync("budgets-fiscal-year-phone-en");
    }
}
