using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Budgets;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Team;
using SecureAiChat.Core.Usage;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.E2E.Budgets;

/// <summary>
/// In Chromium: a member refused by the department's hard stop asks for more from the refusal (dialog, bad input first),
/// the department's manager approves a smaller amount on /settings/budgets (in English), and the member's next answer goes
/// through; the member's /usage with the raised budget and the request's status at phone width.
/// </summary>
public sealed class BudgetRequestBrowserTests(ChatAppHost app, BrowserFixture browser) : IClassFixture<ChatAppHost>, IClassFixture<BrowserFixture>
{
    private const string Tenant = "budgetreq";

    [Fact]
    public async Task A_refused_member_requests_more_and_the_department_manager_approves_a_smaller_amount()
    {
        var tenant = await app.EnsureTenantAsync(Tenant, "稟議商事");
        await app.CreateUserAsync(tenant.Id, $"admin@{Tenant}.example.jp", role: Roles.Admin, displayName: "管理 花子");
        var manager = await app.CreateUserAsync(tenant.Id, $"manager@{Tenant}.example.jp", displayName: "部長 次郎");
        var member = await app.CreateUserAsync(tenant.Id, $"member@{Tenant}.example.jp", displayName: "利用 太郎");
        var department = await app.TenantDbAsync(tenant.Id, async db =>
        {
            var sales = new Department { Name = "営業部" };
            db.Departments.Add(sales);
            foreach (var user in db.Users.Where(u => u.Id == member.Id || u.Id == manager.Id)) user.DepartmentId = sales.Id;
            db.Budgets.Add(new Budget
            {
                Level = BudgetLevel.Department, DepartmentId = sales.Id, Scope = Budget.DepartmentScope(sales.Id), Unit = BudgetUnit.Yen, Amount = 20, Mode = BudgetMode.HardStop,
            });
            // ¥22.5 of gpt-4o-mini already used this month by the department: past its ¥20.
            db.UsageRecords.Add(new UsageRecord
            {
                UserId = member.Id, DepartmentId = sales.Id, Model = ChatAppHost.Model, InputTokens = 1_000_000, Status = MessageStatus.Completed, CreatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
            return sales.Id;
        });
        await using (var scope = await app.TenantScopeAsync(tenant.Id))
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<DepartmentService>().AddManagerAsync(department, manager.Id)).Succeeded);
        }

        // The member is refused and asks for more right from the refusal.
        var chat = await browser.NewPageAsync();
        await chat.SignInAsync(app.TenantUri(Tenant), member.Email!);
        await chat.GotoAsync(app.TenantUri(Tenant, "/chat").ToString());
        await chat.WaitForInteractiveAsync();
        await chat.Locator("textarea[data-testid=chat-textarea][data-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(chat.Locator("[data-testid=budget-banner]")).ToHaveAttributeAsync("data-threshold", "100");
        var marker = "q" + Guid.NewGuid().ToString("N")[..10];
        await chat.Locator("[data-testid=chat-textarea]").FillAsync("提案書の下書き " + marker);
        await chat.Locator("[data-testid=chat-textarea]").PressAsync("Enter");
        var refusal = chat.Locator("[data-testid=message-assistant]").Last;
        await Assertions.Expect(refusal).ToContainTextAsync("部署の予算上限に達した");
        Assert.Empty(app.RequestsWith(marker));
        await chat.ScreenshotAsync("budget-request-refusal-ja");

        await refusal.Locator("[data-testid=budget-request-open]").ClickAsync();
        var dialog = chat.Locator(".mud-dialog");
        await Assertions.Expect(dialog).ToContainTextAsync("予算の追加を依頼");
        await Assertions.Expect(dialog.Locator("[data-testid=budget-request-budget]")).ToContainTextAsync("部署");
        await chat.Locator("#budget-request-amount").FillAsync("100");
        await chat.Locator("[data-testid=budget-request-send]").ClickAsync();
        await Assertions.Expect(dialog.Locator("[data-testid=budget-request-error]")).ToHaveAttributeAsync("data-code", "ReasonRequired");
        await chat.Locator("#budget-request-reason").FillAsync("月末の提案書を 5 件仕上げるため");
        await chat.ScreenshotAsync("budget-request-dialog-ja");
        await chat.Locator("[data-testid=budget-request-send]").ClickAsync();
        await Assertions.Expect(chat.Locator(".mud-snackbar")).ToContainTextAsync("依頼を送りました");
        await Assertions.Expect(dialog).ToHaveCountAsync(0);

        // The manager (a member otherwise) decides on /settings/budgets, in English: ¥50 of the ¥100 asked.
        var approver = await browser.NewPageAsync("en-US");
        await approver.SignInAsync(app.TenantUri(Tenant), manager.Email!);
        await approver.GotoAsync(app.TenantUri(Tenant, "/settings/budgets").ToString());
        await approver.WaitForInteractiveAsync();
        await Assertions.Expect(approver.Locator("[data-testid=budget-requests-count]")).ToHaveTextAsync("1");
        var row = approver.Locator("[data-testid=budget-request-row]");
        await Assertions.Expect(row).ToContainTextAsync("月末の提案書");
        await Assertions.Expect(row).ToContainTextAsync("¥100");
        await Assertions.Expect(approver.Locator("[data-testid=budget-list]")).ToHaveCountAsync(0); // managers decide, they do not set budgets
        await row.Locator("input[id^=budget-approve-amount-]").FillAsync("150");
        await row.Locator("[data-testid=budget-request-approve]").ClickAsync();
        await Assertions.Expect(approver.Locator("[data-testid=budget-request-error]")).ToHaveAttributeAsync("data-code", "AboveRequested");
        await approver.ScreenshotAsync("budget-request-approval-en");
        await row.Locator("input[id^=budget-approve-amount-]").FillAsync("50");
        await row.Locator("[data-testid=budget-request-approve]").ClickAsync();
        await Assertions.Expect(approver.Locator("[data-testid=budget-request-decided]")).ToContainTextAsync("Request approved");
        await Assertions.Expect(approver.Locator("[data-testid=budget-requests-none]")).ToBeVisibleAsync();
        await approver.ScreenshotAsync("budget-request-approved-en");

        // The member's next answer fits in ¥20 + ¥50.
        var next = "n" + Guid.NewGuid().ToString("N")[..10];
        app.Script(next, new UpstreamScript { Reply = "承知しました。" });
        await chat.ReloadAsync();
        await chat.WaitForInteractiveAsync();
        await chat.Locator("textarea[data-testid=chat-textarea][data-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await chat.Locator("[data-testid=chat-textarea]").FillAsync("もう一度 " + next);
        await chat.Locator("[data-testid=chat-textarea]").PressAsync("Enter");
        await Assertions.Expect(chat.Locator("[data-testid=message-assistant]").Last).ToContainTextAsync("承知しました。");

        // At phone width: /usage with the banner, the budget and the decided request.
        var phone = await browser.NewPageAsync(viewport: new ViewportSize { Width = 390, Height = 844 });
        await phone.SignInAsync(app.TenantUri(Tenant), member.Email!);
        await phone.GotoAsync(app.TenantUri(Tenant, "/usage").ToString());
        await phone.WaitForInteractiveAsync();
        await Assertions.Expect(phone.Locator("[data-testid=budget-request-mine]")).ToHaveAttributeAsync("data-status", "Approved");
        await Assertions.Expect(phone.Locator("[data-testid=budget-request-mine]")).ToContainTextAsync("承認（¥50）");
        // ¥22.5 of ¥20 + ¥50: below 50% now, so no banner any more.
        await Assertions.Expect(phone.Locator("[data-testid=budget-remaining-Department]")).ToContainTextAsync("/ ¥70");
        await Assertions.Expect(phone.Locator("[data-testid=budget-banner]")).ToHaveCountAsync(0);
        Assert.False(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), "/usage scrolls sideways at phone width");
        await phone.ScreenshotAsync("budget-request-usage-phone");
        await phone.Locator("[data-testid=budget-remaining-list] [data-testid=budget-request-open]").ClickAsync();
        await Assertions.Expect(phone.Locator(".mud-dialog")).ToContainTextAsync("予算の追加を依頼");
        await phone.ScreenshotAsync("budget-request-dialog-phone");
    }

    [Fact]
    public async Task An_admin_designates_and_removes_a_department_manager_on_the_team_page()
    {
        const string tenantName = "budgetmgr";
        var tenant = await app.EnsureTenantAsync(tenantName, "管理者指名商事");
        var admin = await app.CreateUserAsync(tenant.Id, $"admin@{tenantName}.example.jp", role: Roles.Admin, displayName: "管理 花子");
        var chosen = await app.CreateUserAsync(tenant.Id, $"chief@{tenantName}.example.jp", displayName: "課長 三郎");
        var department = await app.TenantDbAsync(tenant.Id, async db =>
        {
            var sales = new Department { Name = "開発部" };
            db.Departments.Add(sales);
            await db.SaveChangesAsync();
            return sales.Id;
        });

        foreach (var (locale, viewport, name) in new[] { ("ja-JP", (ViewportSize?)null, "ja"), ("en-US", new ViewportSize { Width = 390, Height = 844 }, "phone-en") })
        {
            var page = await browser.NewPageAsync(locale, viewport);
            await page.SignInAsync(app.TenantUri(tenantName), admin.Email!);
            await page.GotoAsync(app.TenantUri(tenantName, "/settings/members").ToString());
            await page.WaitForInteractiveAsync();
            await page.GetByText(locale == "ja-JP" ? "部署と段階導入" : "Departments and rollout").First.ClickAsync();
            var managers = page.Locator("[data-testid=department-managers]");
            await managers.Locator("[data-testid=department-manager-add]").ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "課長 三郎" }).ClickAsync();
            await Assertions.Expect(managers.Locator("[data-testid=department-manager]")).ToHaveTextAsync("課長 三郎");
            await Assertions.Expect(managers.Locator("[data-testid=department-manager-add]")).Not.ToContainTextAsync(chosen.Id);
            Assert.Equal(1, await app.TenantDbAsync(tenant.Id, db => db.DepartmentManagers.CountAsync(m => m.DepartmentId == department && m.UserId == chosen.Id)));
            Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), "the departments panel scrolls sideways");
            await page.ScreenshotAsync("department-managers-" + name);

            await managers.Locator("[data-testid=department-manager] .mud-chip-close-button").ClickAsync();
            await Assertions.Expect(managers.Locator("[data-testid=department-manager]")).ToHaveCountAsync(0);
            Assert.Equal(0, await app.TenantDbAsync(tenant.Id, db => db.DepartmentManagers.CountAsync()));
        }

        Assert.Equal(
            [Core.Audit.AuditActions.DepartmentManagerAdded, Core.Audit.AuditActions.DepartmentManagerRemoved, Core.Audit.AuditActions.DepartmentManagerAdded, Core.Audit.AuditActions.DepartmentManagerRemoved],
            await app.TenantDbAsync(tenant.Id, db => db.AuditEntries.Where(e => e.Action.StartsWith("team.department.manager")).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync()));
    }
}
