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
        foreach (var email in new[] { "signout@shell.example", "lang@shell.example", "drawer@shell.example" })
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

    [Fact]
    public async Task The_drawer_is_beside_the_page_on_a_wide_screen_and_over_it_on_a_phone()
    {
        var page = await browser.NewPageAsync(viewport: new ViewportSize { Width = 1280, Height = 860 });
        await page.SignInAsync(app.TenantUri("shell"), "drawer@shell.example");
        await page.WaitForInteractiveAsync();
        var drawer = page.Locator("[data-testid=drawer]");
        await Assertions.Expect(drawer).ToBeInViewportAsync();
        await page.Locator("[data-testid=drawer-toggle]").ClickAsync();
        await Assertions.Expect(drawer).Not.ToBeInViewportAsync();
        await page.Locator("[data-testid=drawer-toggle]").ClickAsync();
        await Assertions.Expect(drawer).ToBeInViewportAsync(new() { Ratio = 1 });
        await page.ScreenshotAsync("workspace-drawer-ja-desktop");

        // The app bar's menus open from their buttons and close on Escape or a click elsewhere.
        var userMenu = page.Locator("[data-testid=user-menu] [role=menu]");
        await page.Locator("[data-testid=user-menu-button]").ClickAsync();
        await Assertions.Expect(userMenu).ToBeVisibleAsync();
        await Assertions.Expect(userMenu.Locator("[data-testid=sign-out]")).ToBeVisibleAsync();
        await page.ScreenshotAsync("workspace-user-menu-ja");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(userMenu).Not.ToBeVisibleAsync();
        var languageMenu = page.Locator("[data-testid=language-menu] [role=menu]");
        await page.Locator("[data-testid=language-menu] button").ClickAsync();
        await Assertions.Expect(languageMenu.Locator("[data-testid=language-en-US]")).ToBeVisibleAsync();
        await page.ScreenshotAsync("workspace-language-menu-ja");
        await page.Locator("[data-testid=tenant-name]").ClickAsync();
        await Assertions.Expect(languageMenu).Not.ToBeVisibleAsync();

        // Phone: closed at first, opened from the menu button, closed again by following a link (and by the backdrop).
        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(drawer).Not.ToBeInViewportAsync();
        await page.ScreenshotAsync("workspace-drawer-ja-phone-closed");
        await page.Locator("[data-testid=drawer-toggle]").ClickAsync();
        await Assertions.Expect(drawer).ToBeInViewportAsync(new() { Ratio = 1 });
        await page.ScreenshotAsync("workspace-drawer-ja-phone-open");
        await drawer.Locator("[data-testid=nav-guide]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/guide$"));
        await Assertions.Expect(drawer).Not.ToBeInViewportAsync();
        await page.Locator("[data-testid=drawer-toggle]").ClickAsync();
        await Assertions.Expect(drawer).ToBeInViewportAsync(new() { Ratio = 1 });
        await page.Mouse.ClickAsync(380, 400);
        await Assertions.Expect(drawer).Not.ToBeInViewportAsync();
    }
}
