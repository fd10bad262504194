using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SecureAiChat.Core.Identity;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.E2E.Shell;

public sealed class WorkspaceShellTests(AppHost app, BrowserFixture browser) : IClassFixture<AppHost>, IClassFixture<BrowserFixture>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        var tenant = await app.EnsureTenantAsync("shell", "シェル株式会社");
        foreach (var email in new[] { "signout@shell.example", "lang@shell.example" })
        {
            try { await app.CreateUserAsync(tenant.Id, email); } catch (InvalidOperationException) { /* created by an earlier test */ }
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Sign_out_works_from_a_static_account_page()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync(app.TenantUri("shell"), "signout@shell.example");
        await page.GotoAsync(app.TenantUri("shell", "/Account/Manage").ToString());
        await page.Locator("[data-testid=sign-out]").ClickAsync();
        await page.GotoAsync(app.TenantUri("shell").ToString());
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/Account/Login"));
    }

    [Fact]
    public async Task Language_links_work_on_static_pages()
    {
        var page = await browser.NewPageAsync("ja-JP");
        await page.GotoAsync(app.TenantUri("shell", "/Account/Login").ToString());
        await page.Locator(".static-language-links [data-testid='language-en-US']").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");
    }

    [Fact]
    public async Task Workspace_app_bar_shows_the_tenant_and_the_user()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync(app.TenantUri("shell"), "lang@shell.example");
        await Assertions.Expect(page.Locator("[data-testid=tenant-name]")).ToHaveTextAsync("シェル株式会社");
        await page.ScreenshotAsync("workspace-home-ja");
    }
}
