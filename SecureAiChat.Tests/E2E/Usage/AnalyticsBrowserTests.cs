using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Team;
using SecureAiChat.Core.Usage;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.E2E.Usage;

/// <summary>In Chromium: an owner opens 分析 with charts and the department table, in Japanese (light and dark), in English and at phone width. Screenshots of each.</summary>
public sealed class AnalyticsBrowserTests(AppHost app, BrowserFixture browser) : IClassFixture<AppHost>, IClassFixture<BrowserFixture>
{
    private const string Tenant = "analytics";

    [Fact]
    public async Task Owner_sees_charts_and_tables_of_the_last_30_days_in_Japanese_light_and_dark_English_and_at_phone_width()
    {
        var tenant = await app.EnsureTenantAsync(Tenant, "分析商事");
        var owner = await app.CreateUserAsync(tenant.Id, $"owner@{Tenant}.example.jp", role: Roles.Owner, displayName: "山田 太郎");
        var member = await app.CreateUserAsync(tenant.Id, $"hanako@{Tenant}.example.jp", displayName: "佐藤 花子");
        var sales = new Department { Name = "営業部" };
        var random = new Random(7);
        await app.TenantDbAsync(tenant.Id, db =>
        {
            db.Departments.Add(sales);
            for (var day = 0; day < 30; day++)
            {
                foreach (var (user, department) in new[] { (member.Id, (Guid?)sales.Id), (owner.Id, (Guid?)null) })
                {
                    if (random.Next(3) == 0) continue;
                    db.UsageRecords.Add(new UsageRecord
                    {
                        UserId = user, DepartmentId = department, Model = random.Next(3) == 0 ? "gpt-4o" : "gpt-4o-mini",
                        InputTokens = random.Next(1_000, 40_000), OutputTokens = random.Next(500, 20_000), Status = MessageStatus.Completed,
                        CreatedAt = DateTime.UtcNow.AddDays(-day).AddHours(-1),
                    });
                }
            }

            return db.SaveChangesAsync();
        });
        await app.Services.GetRequiredService<UsageRollupJob>().RollUpAsync(tenant.Id);
        var minutes = new SecureAiChat.Core.Templates.PromptTemplate { Title = "議事録要約", Body = "要約して" };
        await app.TenantDbAsync(tenant.Id, db =>
        {
            db.PromptTemplates.Add(minutes);
            return db.SaveChangesAsync();
        });
        await using (var scope = await app.TenantScopeAsync(tenant.Id))
        {
            await scope.ServiceProvider.GetRequiredService<SecureAiChat.Core.Templates.PromptTemplateService>()
                .RecordUseAsync(new SecureAiChat.Core.Templates.PromptTemplateUser(member.Id, false), minutes.Id);
        }

        var page = await browser.NewPageAsync();
        await page.SignInAsync(app.TenantUri(Tenant), owner.Email!);
        await page.GotoAsync(app.TenantUri(Tenant, "/analytics").ToString());
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("分析");
        await Assertions.Expect(page.Locator("[data-testid=analytics-by-department]")).ToContainTextAsync("営業部");
        await Assertions.Expect(page.Locator("[data-testid=analytics-by-department]")).ToContainTextAsync("部門なし");
        await Assertions.Expect(page.Locator("[data-testid=analytics-by-member]")).ToContainTextAsync("佐藤 花子");
        await Assertions.Expect(page.Locator("[data-testid=analytics-chart-tokens] svg").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=analytics-chart-models] svg").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=analytics-chart-weekly] svg").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=analytics-cost]")).ToContainTextAsync("¥");
        await Assertions.Expect(page.Locator("[data-testid=analytics-template]")).ToContainTextAsync("議事録要約");
        await page.ScreenshotAsync("analytics-ja");

        // Functions, not bare expressions: Playwright evaluates an expression string with eval, which the CSP forbids.
        const string background = "getComputedStyle(document.documentElement).getPropertyValue('--mud-palette-background').trim()";
        var light = await page.EvaluateAsync<string>($"() => {background}");
        await page.Locator("[data-testid=theme-toggle]").ClickAsync();
        await page.WaitForFunctionAsync($"() => {background} !== '{light}'");
        await Assertions.Expect(page.Locator("[data-testid=analytics-chart-cost] svg").First).ToBeVisibleAsync();
        await page.ScreenshotAsync("analytics-dark-ja");

        var english = await browser.NewPageAsync("en-US");
        await english.SignInAsync(app.TenantUri(Tenant), owner.Email!);
        await english.GotoAsync(app.TenantUri(Tenant, "/analytics").ToString());
        await english.WaitForInteractiveAsync();
        await Assertions.Expect(english.Locator("h1")).ToHaveTextAsync("Analytics");
        await Assertions.Expect(english.Locator("[data-testid=analytics-by-department]")).ToContainTextAsync("No department");
        await english.ScreenshotAsync("analytics-en");

        var phone = await browser.NewPageAsync(viewport: new ViewportSize { Width = 390, Height = 844 });
        await phone.SignInAsync(app.TenantUri(Tenant), owner.Email!);
        await phone.GotoAsync(app.TenantUri(Tenant, "/analytics").ToString());
        await phone.WaitForInteractiveAsync();
        await Assertions.Expect(phone.Locator("[data-testid=analytics-by-department]")).ToContainTextAsync("営業部");
        Assert.False(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), "the analytics page scrolls sideways at phone width");
        await phone.ScreenshotAsync("analytics-phone");
    }
}
