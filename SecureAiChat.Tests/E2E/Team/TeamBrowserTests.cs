using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecureAiChat.Core.Team;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Tests.Integration.Team;

namespace SecureAiChat.Tests.E2E.Team;

/// <summary>An admin invites a member in Chromium; the member follows the mailed link, joins, and reaches chat.</summary>
public sealed class TeamBrowserTests(TeamAppHost app, BrowserFixture browser) : IClassFixture<TeamAppHost>, IClassFixture<BrowserFixture>
{
    private async Task<(string TenantId, string Id, Core.Identity.AppUser Owner)> PopulatedWorkspaceAsync(string prefix)
    {
        var (tenantId, id, owner) = await app.WorkspaceAsync(prefix);
        await app.InTenantAsync(tenantId, async sp =>
        {
            var departments = sp.GetRequiredService<DepartmentService>();
            await departments.CreateAsync("営業部");
            await departments.CreateAsync("法務部");
            return 0;
        });
        var sales = (await app.InTenantAsync(tenantId, sp => sp.GetRequiredService<DepartmentService>().ListAsync())).Single(d => d.Name == "営業部");
        var tanaka = await app.CreateUserAsync(tenantId, $"tanaka@{id}.example.jp", displayName: "田中 一郎");
        await app.CreateUserAsync(tenantId, $"suzuki@{id}.example.jp", role: Core.Identity.Roles.Admin, displayName: "鈴木 花子");
        var leaver = await app.CreateUserAsync(tenantId, $"leaver@{id}.example.jp", displayName: "退職 予定");
        await app.InTenantAsync(tenantId, async sp =>
        {
            var members = sp.GetRequiredService<MemberService>();
            await members.SetDepartmentAsync(tanaka.Id, sales.Id);
            await members.SetActiveAsync(owner.Id, leaver.Id, active: false);
            return 0;
        });
        return (tenantId, id, owner);
    }

    private async Task<IPage> MembersPageAsync(string id, string ownerEmail, ViewportSize? viewport = null)
    {
        var page = await browser.NewPageAsync(viewport: viewport);
        await page.SignInAsync(app.TenantUri(id), ownerEmail);
        await page.GotoAsync(app.TenantUri(id, "/settings/members").ToString());
        await page.WaitForInteractiveAsync();
        return page;
    }

    [Fact]
    public async Task An_admin_invites_a_member_who_accepts_from_the_mail_signs_in_and_reaches_chat()
    {
        var (_, id, owner) = await PopulatedWorkspaceAsync("e2e-team");
        var admin = await MembersPageAsync(id, owner.Email!);
        await Assertions.Expect(admin.GetByTestId("member-email")).ToHaveCountAsync(4);
        await admin.ScreenshotAsync("team-members");

        await admin.GetByTestId("invite-open").ClickAsync();
        var invitee = $"yamada@{id}.example.jp";
        await admin.Locator("#invite-addresses").FillAsync($"山田 太郎 <{invitee}>");
        await admin.ScreenshotAsync("team-invite-dialog");
        await admin.GetByTestId("invite-send").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("members-message")).ToContainTextAsync("1 件の招待を送信しました");
        await Assertions.Expect(admin.Locator("[data-status=Invited]")).ToHaveCountAsync(1);

        var link = await app.AcceptLinkAsync(invitee);
        var member = await browser.NewPageAsync();
        await member.GotoAsync(link.ToString());
        await Assertions.Expect(member.GetByTestId("accept-form")).ToBeVisibleAsync();
        await member.ScreenshotAsync("team-accept");
        await member.Locator("#Input\\.DisplayName").FillAsync("山田 太郎");
        await member.Locator("#Input\\.Password").FillAsync(TestPasswords.Default);
        await member.Locator("#Input\\.ConfirmPassword").FillAsync(TestPasswords.Default);
        await member.GetByTestId("accept-submit").ClickAsync();
        await Assertions.Expect(member).Not.ToHaveURLAsync(new Regex("/invite/"));
        await member.GotoAsync(app.TenantUri(id, "/chat").ToString());
        await Assertions.Expect(member.GetByTestId("chat-page")).ToBeVisibleAsync();

        // The member signs in again with the password chosen on the accept page.
        var again = await browser.NewPageAsync();
        await again.SignInAsync(app.TenantUri(id), invitee);
        await again.GotoAsync(app.TenantUri(id, "/chat").ToString());
        await Assertions.Expect(again.GetByTestId("chat-page")).ToBeVisibleAsync();

        await admin.ReloadAsync();
        await admin.WaitForInteractiveAsync();
        await Assertions.Expect(admin.Locator("[data-status=Invited]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_bad_address_is_named_in_the_dialog_and_nobody_is_invited()
    {
        var (_, id, owner) = await app.WorkspaceAsync("e2e-bad");
        var admin = await MembersPageAsync(id, owner.Email!);
        await admin.GetByTestId("invite-open").ClickAsync();
        await admin.Locator("#invite-addresses").FillAsync($"ok@{id}.example.jp\nnot-an-address");
        await admin.GetByTestId("invite-send").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("invite-error")).ToContainTextAsync("2 行目");
        await Assertions.Expect(admin.GetByTestId("invite-error")).ToContainTextAsync("not-an-address");
        await admin.ScreenshotAsync("team-invite-error");
        await Assertions.Expect(admin.Locator("[data-status=Invited]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_admin_deletes_a_department_after_the_dialog_says_how_many_members_lose_it()
    {
        var (_, id, owner) = await PopulatedWorkspaceAsync("e2e-dept");
        var admin = await MembersPageAsync(id, owner.Email!);
        await admin.GetByText("部署と段階導入").ClickAsync();
        var sales = admin.GetByTestId("department-row").Filter(new() { HasText = "営業部" });
        await sales.GetByTestId("department-delete").ClickAsync();
        var dialog = admin.Locator(".mud-dialog");
        await Assertions.Expect(dialog).ToContainTextAsync("部署「営業部」を削除しますか？");
        await Assertions.Expect(dialog).ToContainTextAsync("メンバー 1 人");
        await admin.ScreenshotAsync("department-delete-ja");

        await dialog.Locator("button", new() { HasText = "削除する" }).ClickAsync();
        await Assertions.Expect(admin.GetByTestId("department-deleted")).ToContainTextAsync("部署「営業部」を削除しました。");
        await Assertions.Expect(admin.GetByTestId("department-name")).ToHaveTextAsync(["法務部"]);
        await admin.ScreenshotAsync("department-deleted-ja");
    }

    [Fact]
    public async Task Security_settings_and_the_members_page_at_phone_width()
    {
        var (_, id, owner) = await PopulatedWorkspaceAsync("e2e-sec");
        var admin = await MembersPageAsync(id, owner.Email!);
        await admin.GetByText("部署と段階導入").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("department-name")).ToHaveCountAsync(2);
        await admin.ScreenshotAsync("team-departments");

        await admin.GotoAsync(app.TenantUri(id, "/settings/security").ToString());
        await admin.WaitForInteractiveAsync();
        await admin.Locator("#security-domains").FillAsync($"{id}.example.jp, example.co.jp");
        await admin.GetByTestId("security-2fa-Admins").ClickAsync();
        await admin.GetByTestId("security-save").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("security-saved")).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByTestId("security-changes").Locator("tbody tr")).ToHaveCountAsync(2);
        await admin.ScreenshotAsync("team-security");

        // The requirement applies at once: the admin (no authenticator yet) is led to set one up.
        await admin.GotoAsync(app.TenantUri(id, "/settings/members").ToString());
        await Assertions.Expect(admin.GetByTestId("2fa-required")).ToBeVisibleAsync();
        await admin.ScreenshotAsync("team-2fa-required");

        var (_, other, otherOwner) = await PopulatedWorkspaceAsync("e2e-phone");
        var phone = await MembersPageAsync(other, otherOwner.Email!, new ViewportSize { Width = 390, Height = 844 });
        await Assertions.Expect(phone.GetByTestId("member-email")).ToHaveCountAsync(4);
        await phone.ScreenshotAsync("team-members-phone");
        await phone.GetByTestId("invite-open").ClickAsync();
        await Assertions.Expect(phone.Locator("#invite-addresses")).ToBeVisibleAsync();
        await phone.ScreenshotAsync("team-invite-dialog-phone");
    }
}
