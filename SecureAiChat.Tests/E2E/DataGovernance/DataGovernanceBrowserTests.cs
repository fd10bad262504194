using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.DataGovernance;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Team;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.E2E.DataGovernance;

/// <summary>
/// The データ管理 page in Chromium, as an Owner: a shorter retention window shows how many conversations the next run
/// deletes and saves only on the second confirmation; a legal hold is placed and lifted (Japanese, English, phone width).
/// </summary>
public sealed class DataGovernanceBrowserTests(AppHost app, BrowserFixture browser) : IClassFixture<AppHost>, IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData("ja-JP", 1280, 900, "data-governance-ja")]
    [InlineData("en-US", 1280, 900, "data-governance-en")]
    [InlineData("ja-JP", 390, 844, "data-governance-ja-phone")]
    public async Task An_owner_shortens_retention_after_seeing_the_count_and_places_and_lifts_a_hold(string locale, int width, int height, string screenshot)
    {
        var japanese = locale.StartsWith("ja", StringComparison.Ordinal);
        var identifier = "govui" + Guid.NewGuid().ToString("N")[..8];
        var tenant = await app.CreateTenantAsync(identifier, "データ管理商事");
        var owner = await app.CreateUserAsync(tenant.Id, $"owner@{identifier}.example.jp", role: Roles.Owner, displayName: "オーナー 花子");
        var member = await app.CreateUserAsync(tenant.Id, $"member@{identifier}.example.jp", displayName: "社員 太郎");
        await app.TenantDbAsync(tenant.Id, async db =>
        {
            db.Departments.Add(new Department { Name = "営業部" });
            // Three conversations idle for 100 days and one from yesterday: a 30-day window deletes three.
            foreach (var daysAgo in new[] { 100, 100, 100, 1 })
            {
                var at = DateTime.UtcNow.AddDays(-daysAgo);
                db.Conversations.Add(new Conversation { UserId = member.Id, Title = "会話", Model = "gpt-4o-mini", CreatedAt = at, UpdatedAt = at });
            }

            return await db.SaveChangesAsync();
        });

        var page = await browser.NewPageAsync(locale, new ViewportSize { Width = width, Height = height });
        await page.SignInAsync(app.TenantUri(identifier), owner.Email!);
        await page.GotoAsync(app.TenantUri(identifier, "/settings/data").ToString());
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(japanese ? "データ管理" : "Data management");

        await page.GetByTestId("gov-delete").ClickAsync();
        await page.Locator("#gov-days").FillAsync("30");
        await page.GetByTestId("gov-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("gov-preview")).ToContainTextAsync(japanese ? "3 件の会話が削除され" : "will delete 3 conversations");
        Assert.False(await app.TenantDbAsync(tenant.Id, db => db.RetentionPolicies.AnyAsync()));
        await page.ScreenshotAsync(screenshot + "-confirm");
        await page.GetByTestId("gov-confirm-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("gov-saved")).ToBeVisibleAsync();
        Assert.Equal(30, await app.TenantDbAsync(tenant.Id, db => db.RetentionPolicies.Select(p => p.RetentionDays).SingleAsync()));

        // A hold without a reason is refused with a message; with one it is listed as active, by whom.
        await page.GetByTestId("gov-hold-member").ClickAsync();
        await page.Locator(".mud-popover-open").GetByText("社員 太郎").ClickAsync();
        // As a member sees it before pressing the button: the select shows the choice. The choice reaches the page through
        // MudSelect's own asynchronous handling, which a click sent at once could overtake on a loaded machine (the hold
        // was then also refused for naming no member: two messages where the test expects one).
        await Assertions.Expect(page.GetByTestId("gov-hold-member")).ToContainTextAsync("社員 太郎");
        await page.GetByTestId("gov-hold-place").ClickAsync();
        await Assertions.Expect(page.GetByTestId("gov-error")).ToHaveTextAsync(japanese ? "理由を入力してください。" : "Enter a reason.");
        await page.Locator("#gov-hold-reason").FillAsync("取引先との紛争に備えた保存");
        await page.Locator("#gov-hold-reference").FillAsync("LEGAL-2026-014");
        await page.GetByTestId("gov-hold-place").ClickAsync();
        var row = page.GetByTestId("gov-hold-list").Locator("tbody tr").First;
        await Assertions.Expect(row).ToContainTextAsync("社員 太郎");
        await Assertions.Expect(row).ToContainTextAsync("LEGAL-2026-014");
        await Assertions.Expect(row).ToContainTextAsync("オーナー 花子");
        await Assertions.Expect(row.GetByTestId("gov-hold-status")).ToContainTextAsync(japanese ? "ホールド中" : "Active");

        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "The data management page scrolls sideways.");
        await page.ScreenshotAsync(screenshot);

        await row.GetByTestId("gov-hold-lift").ClickAsync();
        await page.Locator("#gov-lift-reason").FillAsync("紛争が和解で終了");
        await page.GetByTestId("gov-lift-confirm").ClickAsync();
        await Assertions.Expect(row.GetByTestId("gov-hold-status")).ToContainTextAsync("紛争が和解で終了");
        Assert.NotNull(await app.TenantDbAsync(tenant.Id, db => db.LegalHolds.Select(h => h.LiftedAt).SingleAsync()));
        await page.ScreenshotAsync(screenshot + "-lifted");
    }

    [Fact]
    public async Task A_held_member_who_deletes_a_conversation_in_chat_is_told_why_and_it_stays()
    {
        var identifier = "govchat" + Guid.NewGuid().ToString("N")[..8];
        var tenant = await app.CreateTenantAsync(identifier, "データ管理商事");
        var owner = await app.CreateUserAsync(tenant.Id, $"owner@{identifier}.example.jp", role: Roles.Owner, displayName: "オーナー 花子");
        var member = await app.CreateUserAsync(tenant.Id, $"member@{identifier}.example.jp", displayName: "社員 太郎");
        var conversation = await app.TenantDbAsync(tenant.Id, async db =>
        {
            var c = db.Conversations.Add(new Conversation { UserId = member.Id, Title = "取引先との交渉メモ", Model = "gpt-4o-mini", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow }).Entity;
            await db.SaveChangesAsync();
            return c.Id;
        });
        await using (var scope = await app.TenantScopeAsync(tenant.Id))
        {
            var ownerPrincipal = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
                [new(System.Security.Claims.ClaimTypes.NameIdentifier, owner.Id), new(System.Security.Claims.ClaimTypes.Role, Roles.Owner)], "test"));
            Assert.Empty((await scope.ServiceProvider.GetRequiredService<DataGovernanceService>()
                .PlaceHoldAsync(ownerPrincipal, new LegalHoldInput(LegalHoldScope.Member, member.Id, null, "訴訟対応", null))).Problems);
        }

        var page = await browser.NewPageAsync("ja-JP");
        await page.SignInAsync(app.TenantUri(identifier), member.Email!);
        await page.GotoAsync(app.TenantUri(identifier, "/chat").ToString());
        await page.WaitForInteractiveAsync();
        var item = page.Locator("[data-testid=conversation-item]", new() { HasText = "取引先との交渉メモ" });
        await item.HoverAsync();
        await item.Locator("[data-testid=delete]").ClickAsync();
        await page.Locator(".mud-dialog button", new() { HasText = "削除" }).ClickAsync();

        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("保存義務（リーガルホールド）の対象のため、この会話は削除できません");
        await Assertions.Expect(item).ToHaveCountAsync(1);
        Assert.True(await app.TenantDbAsync(tenant.Id, db => db.Conversations.AnyAsync(c => c.Id == conversation)));
        await page.ScreenshotAsync("data-governance-chat-hold-ja");
    }
}
