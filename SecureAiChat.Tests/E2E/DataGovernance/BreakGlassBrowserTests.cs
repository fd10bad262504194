using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.DataGovernance.BreakGlass;
using SecureAiChat.Core.Identity;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.E2E.DataGovernance;

/// <summary>
/// Break-glass access in Chromium: an Owner requests it from データ管理 (a request without a reason is refused first), a
/// second Owner approves it in their own browser, the member sees the banner, the requester opens the member's
/// conversation read-only and finds the opening in the audit log (Japanese, English, phone width, with screenshots).
/// </summary>
public sealed partial class BreakGlassBrowserTests(AppHost app, BrowserFixture browser) : IClassFixture<AppHost>, IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData("ja-JP", 1280, 900, "break-glass-ja")]
    [InlineData("en-US", 1280, 900, "break-glass-en")]
    [InlineData("ja-JP", 390, 844, "break-glass-ja-phone")]
    public async Task An_owner_requests_a_second_owner_approves_and_the_requester_reads_a_conversation_recorded_in_the_audit_log(string locale, int width, int height, string screenshot)
    {
        var japanese = locale.StartsWith("ja", StringComparison.Ordinal);
        var viewport = new ViewportSize { Width = width, Height = height };
        var identifier = "bgui" + Guid.NewGuid().ToString("N")[..8];
        var tenant = await app.CreateTenantAsync(identifier, "緊急閲覧商事");
        var owner = await app.CreateUserAsync(tenant.Id, $"owner@{identifier}.example.jp", role: Roles.Owner, displayName: "オーナー 花子");
        var second = await app.CreateUserAsync(tenant.Id, $"owner2@{identifier}.example.jp", role: Roles.Owner, displayName: "オーナー 二郎");
        var member = await app.CreateUserAsync(tenant.Id, $"member@{identifier}.example.jp", displayName: "社員 太郎");
        var conversation = await app.TenantDbAsync(tenant.Id, async db =>
        {
            var c = db.Conversations.Add(new Conversation { UserId = member.Id, Title = "見積もりの相談", Model = "gpt-4o-mini", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow }).Entity;
            db.Set<ConversationMessage>().Add(new ConversationMessage { ConversationId = c.Id, Role = MessageRole.User, Content = "A社向けの見積もりを作って", CreatedAt = DateTime.UtcNow });
            db.Set<ConversationMessage>().Add(new ConversationMessage
            {
                ConversationId = c.Id, Role = MessageRole.Assistant, Content = "**見積もり案**です。", RenderedHtml = "<p><strong>見積もり案</strong>です。</p>",
                Model = "gpt-4o-mini", CreatedAt = DateTime.UtcNow.AddSeconds(2),
            });
            await db.SaveChangesAsync();
            return c.Id;
        });

        // The requester: from データ管理 to the break-glass page; a request without a reason is refused.
        var page = await browser.NewPageAsync(locale, viewport);
        await page.SignInAsync(app.TenantUri(identifier), owner.Email!);
        await page.GotoAsync(app.TenantUri(identifier, "/settings/data").ToString());
        await page.WaitForInteractiveAsync();
        await page.GetByTestId("gov-break-glass-link").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(BreakGlassPath());
        await Assertions.Expect(page.GetByTestId("bg-request-submit")).ToBeEnabledAsync();
        await page.GetByTestId("bg-member").ClickAsync();
        await page.Locator(".mud-popover-open").GetByText("社員 太郎").ClickAsync();
        // The list closes once the choice reached the page.
        await Assertions.Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
        await page.GetByTestId("bg-request-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("bg-error")).ToHaveTextAsync(japanese ? "理由を入力してください。" : "Enter a reason.");
        await page.Locator("#bg-reason").FillAsync("顧客情報の持ち出し疑いの調査（INV-77）");
        await page.Locator("#bg-hours").FillAsync("8");
        await page.GetByTestId("bg-request-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("bg-row-state")).ToHaveAttributeAsync("data-state", "Pending");
        // The requester has no approve button on their own request.
        await Assertions.Expect(page.GetByTestId("bg-approve")).ToHaveCountAsync(0);
        await NoSidewaysScrollAsync(page);
        await page.ScreenshotAsync(screenshot + "-requested");

        // The second Owner approves in their own browser.
        var approver = await browser.NewPageAsync(locale, viewport);
        await approver.SignInAsync(app.TenantUri(identifier), second.Email!);
        await approver.GotoAsync(app.TenantUri(identifier, "/settings/break-glass").ToString());
        await approver.WaitForInteractiveAsync();
        await approver.GetByTestId("bg-approve").ClickAsync();
        await Assertions.Expect(approver.GetByTestId("bg-row-state")).ToHaveAttributeAsync("data-state", "Open");
        await Assertions.Expect(approver.GetByTestId("bg-view")).ToHaveCountAsync(0);
        Assert.Equal(BreakGlassStatus.Approved, await app.TenantDbAsync(tenant.Id, db => db.BreakGlassGrants.Select(g => g.Status).SingleAsync()));
        Assert.Single(app.PickedUpMailTo(member.Email!));

        // The member sees the banner.
        var memberPage = await browser.NewPageAsync(locale, viewport);
        await memberPage.SignInAsync(app.TenantUri(identifier), member.Email!);
        await memberPage.GotoAsync(app.TenantUri(identifier, "/chat").ToString());
        await memberPage.WaitForInteractiveAsync();
        await Assertions.Expect(memberPage.GetByTestId("break-glass-banner")).ToContainTextAsync("オーナー 花子");
        await memberPage.ScreenshotAsync(screenshot + "-member-banner");

        // The requester opens the viewer and the conversation, read-only.
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await page.GetByTestId("bg-view").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/settings/break-glass/[0-9a-f-]{36}$"));
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("bg-viewer-notice")).ToBeVisibleAsync();
        await page.GetByTestId("bg-conversation").ClickAsync();
        await Assertions.Expect(page.GetByTestId("bg-transcript-title")).ToHaveTextAsync("見積もりの相談");
        await Assertions.Expect(page.GetByTestId("bg-message")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("bg-transcript").Locator("strong", new() { HasText = "見積もり案" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("bg-transcript").Locator("textarea, input")).ToHaveCountAsync(0);
        await NoSidewaysScrollAsync(page);
        await page.ScreenshotAsync(screenshot + "-viewer");
        var opened = await app.TenantDbAsync(tenant.Id, db => db.AuditEntries.Where(e => e.Action == AuditActions.BreakGlassConversationOpened).ToListAsync());
        Assert.Equal(conversation.ToString("D"), Assert.Single(opened).TargetId);
        Assert.Equal(owner.Id, opened[0].ActorId);

        // The opening is in the audit log the Owners read.
        await page.GotoAsync(app.TenantUri(identifier, "/settings/audit").ToString());
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("audit-row-action").Filter(new() { HasText = japanese ? "緊急閲覧で会話を開いた" : "Opened a conversation under break-glass access" }))
            .ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("audit-row-action").Filter(new() { HasText = japanese ? "緊急閲覧を承認" : "Approved break-glass access" })).ToHaveCountAsync(1);
        await page.ScreenshotAsync(screenshot + "-audit");
    }

    private static async Task NoSidewaysScrollAsync(IPage page)
    {
        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "The page scrolls sideways.");
    }

    [GeneratedRegex("/settings/break-glass$")]
    private static partial Regex BreakGlassPath();
}
