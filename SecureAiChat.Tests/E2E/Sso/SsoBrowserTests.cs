using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Sso;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Tests.Integration.Accounts;
using SecureAiChat.Tests.Integration.Sso;

namespace SecureAiChat.Tests.E2E.Sso;

/// <summary>"Sign in with Microsoft" in Chromium against a real OpenID Connect provider on loopback issuing Entra-shaped tokens.</summary>
public sealed class SsoBrowserTests(SsoAppHost host, BrowserFixture browser) : IClassFixture<SsoAppHost>, IClassFixture<BrowserFixture>
{
    private async Task<AppTenantInfo> LinkedAsync(string workspace, Action<TenantSsoSettings>? change = null, string name = "コントソ株式会社")
    {
        var tenant = await host.EnsureTenantAsync(workspace, name);
        await using var scope = await host.TenantScopeAsync(tenant.Id);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var settings = new TenantSsoSettings { DirectoryId = SsoAppHost.Contoso, Provisioning = SsoProvisioningMode.AllowedDomains, AllowedDomains = "contoso.co.jp" };
        change?.Invoke(settings);
        db.TenantSsoSettings.Add(settings);
        await db.SaveChangesAsync();
        return tenant;
    }

    /// <summary>Login page → "Microsoft でログイン" → the provider's account chooser → back on the workspace.</summary>
    private async Task<IPage> SignInWithMicrosoftAsync(string workspace, OidcTestAccount account, string locale = "ja-JP")
    {
        var page = await browser.NewPageAsync(locale);
        await page.GotoAsync(host.TenantUri(workspace, "/Account/Login").ToString());
        await page.GetByTestId("sso-login").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(host.Peer.Issuer + "/interaction/")));
        await page.GetByTestId("account-" + account.Id).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(host.TenantUri(workspace).ToString()) + "(?!.*(/signin-oidc|/ExternalLoginCallback))"));
        return page;
    }

    private async Task<AppUser?> UserAsync(AppTenantInfo tenant, string email)
    {
        await using var scope = await host.TenantScopeAsync(tenant.Id);
        return await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email);
    }

    private async Task<IList<string>> RolesAsync(AppTenantInfo tenant, AppUser user)
    {
        await using var scope = await host.TenantScopeAsync(tenant.Id);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return await users.GetRolesAsync((await users.FindByIdAsync(user.Id))!);
    }

    [Fact]
    public async Task A_member_of_the_linked_directory_signs_in_with_microsoft_and_gets_an_account_just_in_time()
    {
        var tenant = await LinkedAsync("sso-jit");

        var page = await SignInWithMicrosoftAsync("sso-jit", SsoAppHost.NewMember);

        await page.WaitForInteractiveAsync();
        Assert.Equal(host.TenantUri("sso-jit").ToString(), page.Url);
        await Assertions.Expect(page.GetByTestId("workspace-home")).ToContainTextAsync("コントソ株式会社");
        var user = await UserAsync(tenant, SsoAppHost.NewMember.Email);
        Assert.NotNull(user);
        Assert.Equal("新規 太郎", user.DisplayName);
        Assert.Equal([Roles.Member], await RolesAsync(tenant, user));
        await using var scope = await host.TenantScopeAsync(tenant.Id);
        var settings = await scope.ServiceProvider.GetRequiredService<AppDbContext>().TenantSsoSettings.SingleAsync();
        Assert.NotNull(settings.LastSignInAt);
        Assert.Equal(SsoAppHost.NewMember.Email, settings.LastSignInName);
    }

    [Fact]
    public async Task A_token_from_another_directory_is_refused_with_a_clear_page_and_nothing_is_created()
    {
        var tenant = await LinkedAsync("sso-foreign");

        var page = await SignInWithMicrosoftAsync("sso-foreign", SsoAppHost.Foreign);

        Assert.Contains("/Account/SsoRefused", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByTestId("sso-refused")).ToContainTextAsync("このワークスペースに連携されていません");
        await page.ScreenshotAsync("sso-refused-wrong-directory-ja");
        Assert.Null(await UserAsync(tenant, SsoAppHost.Foreign.Email));
        await using var scope = await host.TenantScopeAsync(tenant.Id);
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.CountAsync());
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == AccountTestKit.SessionCookie);
    }

    [Fact]
    public async Task Sso_required_refuses_password_sign_in_for_a_member_and_allows_it_for_the_owner()
    {
        var tenant = await LinkedAsync("sso-required", s => s.SsoRequired = true);
        await host.CreateUserAsync(tenant.Id, "member@contoso.co.jp");
        await host.CreateUserAsync(tenant.Id, "owner@contoso.co.jp", role: Roles.Owner);

        var page = await browser.NewPageAsync("ja-JP");
        await page.GotoAsync(host.TenantUri("sso-required", "/Account/Login").ToString());
        await page.Locator("#Input\\.Email").FillAsync("member@contoso.co.jp");
        await page.Locator("#Input\\.Password").FillAsync(TestPasswords.Default);
        await page.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("status-message")).ToContainTextAsync("Microsoft でのログインが必要です");
        Assert.Contains("/Account/Login", page.Url, StringComparison.Ordinal);

        var ownerPage = await browser.NewPageAsync("ja-JP");
        await ownerPage.GotoAsync(host.TenantUri("sso-required", "/Account/Login").ToString());
        await ownerPage.Locator("#Input\\.Email").FillAsync("owner@contoso.co.jp");
        await ownerPage.Locator("#Input\\.Password").FillAsync(TestPasswords.Default);
        await ownerPage.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(ownerPage).ToHaveURLAsync(host.TenantUri("sso-required").ToString());
        await Assertions.Expect(ownerPage.GetByTestId("workspace-home")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task When_the_seats_are_full_a_new_person_is_refused_with_the_seats_message()
    {
        var tenant = await LinkedAsync("sso-seats"); // Starter: 10 seats
        for (var i = 0; i < 10; i++) await host.CreateUserAsync(tenant.Id, $"seat{i}@contoso.co.jp");

        var page = await SignInWithMicrosoftAsync("sso-seats", SsoAppHost.NewMember);

        await Assertions.Expect(page.GetByTestId("sso-refused")).ToContainTextAsync("シート数の上限");
        Assert.Null(await UserAsync(tenant, SsoAppHost.NewMember.Email));
    }

    [Fact]
    public async Task A_deactivated_user_is_refused()
    {
        var tenant = await LinkedAsync("sso-deact");
        var user = await host.CreateUserAsync(tenant.Id, SsoAppHost.ExistingMember.Email);
        await host.UpdateUserAsync(tenant.Id, user.Id, u => u.IsActive = false);

        var page = await SignInWithMicrosoftAsync("sso-deact", SsoAppHost.ExistingMember);

        await Assertions.Expect(page.GetByTestId("sso-refused")).ToContainTextAsync("無効化されています");
    }

    [Fact]
    public async Task A_mapped_app_role_makes_the_person_an_admin_who_can_open_the_sso_settings()
    {
        var tenant = await LinkedAsync("sso-roles", s => s.AdminRoleMappings = "SecureAiChat.Admin");

        var page = await SignInWithMicrosoftAsync("sso-roles", SsoAppHost.RoleAdmin);
        await page.WaitForInteractiveAsync();

        var user = await UserAsync(tenant, SsoAppHost.RoleAdmin.Email);
        Assert.NotNull(user);
        Assert.Equal([Roles.Admin], await RolesAsync(tenant, user));
        await page.GotoAsync(host.TenantUri("sso-roles", "/settings/sso").ToString());
        await Assertions.Expect(page.GetByTestId("sso-status")).ToContainTextAsync(SsoAppHost.Contoso);
    }

    [Fact]
    public async Task An_existing_password_account_is_linked_on_its_first_microsoft_sign_in()
    {
        var tenant = await LinkedAsync("sso-link", s => { s.Provisioning = SsoProvisioningMode.InvitedOnly; s.AllowedDomains = ""; });
        var existing = await host.CreateUserAsync(tenant.Id, SsoAppHost.ExistingMember.Email, displayName: "既存 花子");

        var page = await SignInWithMicrosoftAsync("sso-link", SsoAppHost.ExistingMember);
        await page.WaitForInteractiveAsync();

        await using var scope = await host.TenantScopeAsync(tenant.Id);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(1, await db.Users.CountAsync());
        var login = await db.UserLogins.SingleAsync();
        Assert.Equal(existing.Id, login.UserId);
        Assert.Equal($"{SsoAppHost.Contoso}/{SsoAppHost.ExistingMember.ObjectId}", login.ProviderKey);
    }

    [Theory]
    [InlineData("sso-shot", "ja-JP", "ja")]
    [InlineData("sso-shot-en", "en-US", "en")]
    public async Task An_owner_links_the_directory_on_the_settings_page_and_the_login_page_then_offers_microsoft_first(string workspace, string locale, string suffix)
    {
        var tenant = await host.EnsureTenantAsync(workspace, suffix == "ja" ? "コントソ株式会社" : "Contoso Ltd.");
        await host.CreateUserAsync(tenant.Id, "owner@contoso.co.jp", role: Roles.Owner, displayName: "オーナー");
        var page = await browser.NewPageAsync(locale);
        await page.SignInAsync(host.TenantUri(workspace), "owner@contoso.co.jp");

        await page.GotoAsync(host.TenantUri(workspace, "/settings/sso").ToString());
        await page.WaitForInteractiveAsync();
        await page.Locator("#sso-directory").FillAsync("not-a-guid");
        await page.GetByTestId("sso-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("sso-error").First).ToBeVisibleAsync();

        await page.Locator("#sso-directory").FillAsync(SsoAppHost.Contoso);
        await page.GetByTestId("sso-mode-domains").ClickAsync();
        await page.Locator("#sso-domains").FillAsync("contoso.co.jp, @Contoso.com");
        await page.GetByTestId("sso-required").ClickAsync();
        await page.Locator("#sso-admin-mappings").FillAsync("SecureAiChat.Admin");
        await page.Locator("#sso-admin-mappings").BlurAsync();
        await page.GetByTestId("sso-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("sso-saved")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("sso-status")).ToContainTextAsync(SsoAppHost.Contoso);
        await Assertions.Expect(page.GetByTestId("sso-redirect-uri")).ToHaveTextAsync(host.TenantUri(workspace, "/signin-oidc").ToString());
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await page.ScreenshotAsync($"sso-settings-{suffix}");

        await using (var scope = await host.TenantScopeAsync(tenant.Id))
        {
            var settings = await scope.ServiceProvider.GetRequiredService<AppDbContext>().TenantSsoSettings.SingleAsync();
            Assert.Equal(SsoAppHost.Contoso, settings.DirectoryId);
            Assert.Equal(SsoProvisioningMode.AllowedDomains, settings.Provisioning);
            Assert.Equal("contoso.co.jp, contoso.com", settings.AllowedDomains);
            Assert.True(settings.SsoRequired);
            Assert.Equal("SecureAiChat.Admin", settings.AdminRoleMappings);
        }

        var visitor = await browser.NewPageAsync(locale);
        await visitor.GotoAsync(host.TenantUri(workspace, "/Account/Login").ToString());
        await Assertions.Expect(visitor.GetByTestId("sso-login")).ToHaveTextAsync(suffix == "ja" ? "Microsoft でログイン" : "Sign in with Microsoft");
        // Microsoft comes first, before the password form.
        var ssoTop = (await visitor.GetByTestId("sso-login").BoundingBoxAsync())!.Y;
        var emailTop = (await visitor.Locator("#Input\\.Email").BoundingBoxAsync())!.Y;
        Assert.True(ssoTop < emailTop);
        await visitor.ScreenshotAsync($"sso-login-{suffix}");
    }
}
