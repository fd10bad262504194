using System.IO.Compression;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Identity;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Tests.Integration.DataGovernance;

namespace SecureAiChat.Tests.E2E.DataGovernance;

/// <summary>
/// The workspace export in Chromium, as an Owner on データ管理: the request (a second one refused while it builds), the
/// built export shown ready, the mailed link downloading the ZIP, and the same link again landing on the export page with
/// a message (Japanese, English, phone width); a member's own export from the user menu.
/// </summary>
public sealed partial class DataExportBrowserTests(DataExportAppHost app, BrowserFixture browser) : IClassFixture<DataExportAppHost>, IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData("ja-JP", 1280, 900, "data-export-ja")]
    [InlineData("en-US", 1280, 900, "data-export-en")]
    [InlineData("ja-JP", 390, 844, "data-export-ja-phone")]
    public async Task An_owner_requests_the_workspace_export_and_downloads_it_once_from_the_mailed_link(string locale, int width, int height, string screenshot)
    {
        var japanese = locale.StartsWith("ja", StringComparison.Ordinal);
        var identifier = "expui" + Guid.NewGuid().ToString("N")[..8];
        var tenant = await app.CreateTenantAsync(identifier, "エクスポート商事");
        var owner = await app.CreateUserAsync(tenant.Id, $"owner@{identifier}.example.jp", role: Roles.Owner, displayName: "オーナー 花子");
        var member = await app.CreateUserAsync(tenant.Id, $"member@{identifier}.example.jp", displayName: "社員 太郎");
        if (!japanese) await app.TenantDbAsync(tenant.Id, db => db.Users.Where(u => u.Id == owner.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Culture, "en-US")));
        await app.TenantDbAsync(tenant.Id, db =>
        {
            var at = DateTime.UtcNow.AddDays(-1);
            var conversation = new Conversation { UserId = member.Id, Title = "見積もりの相談", Model = "gpt-4o-mini", CreatedAt = at, UpdatedAt = at };
            conversation.Messages.Add(new ConversationMessage { Role = MessageRole.User, Content = "単価を教えて", CreatedAt = at });
            db.Conversations.Add(conversation);
            return db.SaveChangesAsync();
        });

        var page = await browser.NewPageAsync(locale, new ViewportSize { Width = width, Height = height });
        await page.SignInAsync(app.TenantUri(identifier), owner.Email!);
        await page.GotoAsync(app.TenantUri(identifier, "/settings/data").ToString());
        await page.WaitForInteractiveAsync();
        var section = page.GetByTestId("export-workspace");
        await Assertions.Expect(section.GetByTestId("export-owner-notice"))
            .ToContainTextAsync(japanese ? "全メンバーの会話の本文が含まれます" : "holds the text of every member's conversations");

        await section.GetByTestId("export-request").ClickAsync();
        await Assertions.Expect(section.GetByTestId("export-requested")).ToBeVisibleAsync();
        await Assertions.Expect(section.GetByTestId("export-status")).ToHaveTextAsync(japanese ? "作成中" : "Building");
        await section.GetByTestId("export-request").ClickAsync();
        await Assertions.Expect(section.GetByTestId("export-error")).ToContainTextAsync(japanese ? "作成中のエクスポートがあります" : "still being built");
        Assert.Equal(1, await app.TenantDbAsync(tenant.Id, db => db.DataExports.CountAsync()));
        // Requested from the page: the entry names the Owner.
        Assert.Equal(owner.Id, await app.TenantDbAsync(tenant.Id, db => db.AuditEntries.Where(e => e.Action == AuditActions.DataExportRequested).Select(e => e.ActorId).SingleAsync()));
        await page.ScreenshotAsync(screenshot + "-building");

        Assert.Equal(1, await app.RunEnqueuedExportsAsync());
        await section.GetByTestId("export-refresh").ClickAsync();
        await Assertions.Expect(section.GetByTestId("export-status")).ToHaveTextAsync(japanese ? "ダウンロード可能" : "Ready");
        await Assertions.Expect(section.GetByTestId("export-error")).ToHaveCountAsync(0);
        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "The data management page scrolls sideways.");
        await section.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(screenshot);

        var mail = app.PickedUpMailTo(owner.Email!).Single();
        Assert.Contains(japanese ? "ワークスペースのエクスポートの準備ができました" : "Your workspace export is ready", mail.Subject, StringComparison.Ordinal);
        var link = app.ExportLinkMailedTo(owner.Email!).ToString();
        var download = await page.RunAndWaitForDownloadAsync(() => page.EvaluateAsync("url => window.location.assign(url)", link));
        Assert.Matches(ZipName(), download.SuggestedFilename);
        var saved = Path.Combine(app.DataRoot, download.SuggestedFilename);
        await download.SaveAsAsync(saved);
        using (var zip = ZipFile.OpenRead(saved))
        {
            Assert.Contains(zip.Entries, e => e.FullName == "manifest.json");
            Assert.Contains(zip.Entries, e => e.FullName == $"conversations/member@{identifier}.example.jp.json");
        }

        // The same link again: used up, so the export page says so.
        await page.GotoAsync(link);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/my/export\\?link=gone$"));
        await Assertions.Expect(page.GetByTestId("export-link-gone")).ToContainTextAsync(japanese ? "使用済みか期限切れ" : "already used or has expired");
        await page.WaitForInteractiveAsync();
        await page.ScreenshotAsync(screenshot + "-used");

        await page.GotoAsync(app.TenantUri(identifier, "/settings/data").ToString());
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("export-workspace").GetByTestId("export-status")).ToHaveTextAsync(japanese ? "ダウンロード済み" : "Downloaded");
    }

    [Fact]
    public async Task A_member_exports_their_own_conversations_from_the_user_menu()
    {
        var identifier = "expme" + Guid.NewGuid().ToString("N")[..8];
        var tenant = await app.CreateTenantAsync(identifier, "エクスポート商事");
        var member = await app.CreateUserAsync(tenant.Id, $"member@{identifier}.example.jp", displayName: "社員 太郎");
        var colleague = await app.CreateUserAsync(tenant.Id, $"colleague@{identifier}.example.jp", displayName: "同僚 次郎");
        await app.TenantDbAsync(tenant.Id, db =>
        {
            foreach (var (user, title) in new[] { (member, "自分の会話"), (colleague, "同僚の会話") })
                db.Conversations.Add(new Conversation { UserId = user.Id, Title = title, Model = "gpt-4o-mini", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow });
            return db.SaveChangesAsync();
        });

        var page = await browser.NewPageAsync("ja-JP", new ViewportSize { Width = 390, Height = 844 });
        await page.SignInAsync(app.TenantUri(identifier), member.Email!);
        await page.GetByTestId("user-menu-button").ClickAsync();
        await page.Locator("[data-testid=user-menu].app-menu-open").GetByText("自分のデータをエクスポート").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/my/export$"));
        await page.WaitForInteractiveAsync();
        var section = page.GetByTestId("export-member");
        await section.GetByTestId("export-request").ClickAsync();
        await Assertions.Expect(section.GetByTestId("export-status")).ToHaveTextAsync("作成中");
        Assert.Equal(1, await app.RunEnqueuedExportsAsync());
        await section.GetByTestId("export-refresh").ClickAsync();
        await Assertions.Expect(section.GetByTestId("export-status")).ToHaveTextAsync("ダウンロード可能");
        await page.ScreenshotAsync("data-export-member-ja-phone");

        var link = app.ExportLinkMailedTo(member.Email!).ToString();
        var download = await page.RunAndWaitForDownloadAsync(() => page.EvaluateAsync("url => window.location.assign(url)", link));
        var saved = Path.Combine(app.DataRoot, "member-" + download.SuggestedFilename);
        await download.SaveAsAsync(saved);
        using var zip = ZipFile.OpenRead(saved);
        Assert.Equal(["conversations/member@" + identifier + ".example.jp.json", "manifest.json"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        using var reader = new StreamReader(zip.GetEntry("conversations/member@" + identifier + ".example.jp.json")!.Open());
        var json = await reader.ReadToEndAsync();
        Assert.Contains("自分の会話", json, StringComparison.Ordinal);
        Assert.DoesNotContain("同僚の会話", json, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^expui[0-9a-f]{8}-workspace-\d{8}-\d{4}\.zip$")]
    private static partial Regex ZipName();
}
