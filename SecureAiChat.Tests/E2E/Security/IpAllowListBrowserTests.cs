using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Security.AllowList;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.E2E.Security;

/// <summary>An app instance polling tenant changes every second (and caching tenants for five minutes).</summary>
public sealed class IpAllowListAppHost : AppHost
{
    public IpAllowListAppHost()
    {
        Configure("Tenancy:CacheSeconds", "300");
        Configure("Tenancy:ChangePollSeconds", "1");
    }
}

/// <summary>
/// The IP allow-list section of /settings/security in Chromium: the "my current address" helper, adding with a label,
/// a malformed entry, the confirmation before a change that locks out the admin, and an open page that ends with the
/// refusal page when its address stops being allowed (by the admin here, or by another instance). ja, en and phone.
/// </summary>
public sealed class IpAllowListBrowserTests(IpAllowListAppHost app, BrowserFixture browser) : IClassFixture<IpAllowListAppHost>, IClassFixture<BrowserFixture>
{
    // The browser reaches the loopback server from one of these, whichever the resolver picks for *.localhost.
    private static readonly string[] Loopback = ["127.0.0.0/8", "::1/128"];

    private async Task<(IPage Page, string Identifier)> SignedInAdminAsync(string locale = "ja-JP", ViewportSize? viewport = null, params string[] entries)
    {
        var identifier = "ipui" + Guid.NewGuid().ToString("N")[..8];
        var tenant = await app.CreateTenantAsync(identifier, "アクメ商事");
        foreach (var entry in entries)
            await app.InTenantAsync<IpAllowListService, Result<string, IpAllowListRefusal>>(tenant.Id, s => s.AddAsync(entry, entry == "::1/128" ? "" : "本社", "owner@example.jp", null, true));
        var email = $"admin@{identifier}.example.jp";
        await app.CreateUserAsync(tenant.Id, email, role: Roles.Admin, displayName: "管理 太郎");
        var page = await browser.NewPageAsync(locale, viewport);
        await page.SignInAsync(app.TenantUri(identifier), email);
        await page.GotoAsync(app.TenantUri(identifier, "/settings/security").ToString());
        await page.WaitForInteractiveAsync();
        return (page, identifier);
    }

    private static async Task AddAsync(IPage page, string entry, string label = "")
    {
        await page.Locator("#ip-entry").FillAsync(entry);
        await page.Locator("#ip-label").FillAsync(label);
        await page.Locator("[data-testid=ip-add]").ClickAsync();
    }

    [Fact]
    public async Task Admin_adds_the_current_address_with_a_label_then_removing_it_asks_first_and_the_page_ends_when_confirmed()
    {
        var (page, identifier) = await SignedInAdminAsync();
        await Assertions.Expect(page.Locator("[data-testid=ip-unrestricted]")).ToBeVisibleAsync();
        var current = (await page.Locator("[data-testid=ip-current-address]").TextContentAsync())!.Trim();
        Assert.True(System.Net.IPAddress.TryParse(current, out var address), current);

        await page.Locator("[data-testid=ip-use-current]").ClickAsync();
        await Assertions.Expect(page.Locator("#ip-entry")).ToHaveValueAsync(current);
        await page.Locator("#ip-label").FillAsync("本社");
        await page.Locator("[data-testid=ip-add]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=ip-saved]")).ToBeVisibleAsync();
        var own = IpRange.SingleAddress(address);
        await Assertions.Expect(page.Locator("[data-testid=ip-rule-network]")).ToHaveTextAsync([own]);
        await Assertions.Expect(page.Locator("[data-testid=ip-current-status]")).ToHaveTextAsync("許可されています");

        await AddAsync(page, "10.0.0.0/33");
        await Assertions.Expect(page.Locator("[data-testid=ip-error]")).ToContainTextAsync("プレフィックス長が範囲外です");
        await AddAsync(page, "10.0.0.1/8");
        await Assertions.Expect(page.Locator("[data-testid=ip-error]")).ToContainTextAsync("10.0.0.0/8");
        await AddAsync(page, "192.0.2.0/24", "大阪支店 VPN");
        await Assertions.Expect(page.Locator("[data-testid=ip-rule-network]")).ToHaveTextAsync([own, "192.0.2.0/24"]);
        await page.ScreenshotAsync("ip-allowlist-ja");

        // Removing the entry that admits the admin while another stays would lock them out: asked first.
        await page.Locator($"[data-testid='ip-remove-{own}']").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync(current);
        await page.ScreenshotAsync("ip-allowlist-confirm-ja");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "キャンセル" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=ip-rule-network]")).ToHaveTextAsync([own, "192.0.2.0/24"]);

        await page.Locator($"[data-testid='ip-remove-{own}']").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "締め出されても保存する" }).ClickAsync();
        // The open page ends on the change poll and its reload meets the refusal page, which names the address.
        await Assertions.Expect(page.Locator("[data-testid=ip-refused]")).ToHaveTextAsync("このネットワークからは利用できません");
        await Assertions.Expect(page.Locator("[data-testid=ip-refused-address]")).ToHaveTextAsync(current);
        await page.ScreenshotAsync("ip-refused-ja");
        var reload = await page.GotoAsync(app.TenantUri(identifier, "/Account/Login").ToString());
        Assert.Equal(403, reload!.Status);
    }

    [Fact]
    public async Task A_first_entry_that_excludes_the_admin_asks_in_english_and_locks_the_page_out_when_confirmed()
    {
        var (page, _) = await SignedInAdminAsync("en-US");
        await AddAsync(page, "192.0.2.0/24", "Osaka VPN");
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("This locks out your own address");
        await page.ScreenshotAsync("ip-allowlist-confirm-en");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=ip-unrestricted]")).ToBeVisibleAsync();
        await page.Locator("[data-testid=ip-use-current]").ClickAsync();
        await page.Locator("#ip-label").FillAsync("Head office");
        await page.Locator("[data-testid=ip-add]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=ip-current-status]")).ToHaveTextAsync("Allowed");
        await page.ScreenshotAsync("ip-allowlist-en");
    }

    [Fact]
    public async Task On_a_phone_an_open_page_ends_when_another_instance_removes_its_address()
    {
        var (page, identifier) = await SignedInAdminAsync("ja-JP", new ViewportSize { Width = 390, Height = 844 }, [.. Loopback, "192.0.2.0/24"]);
        await Assertions.Expect(page.Locator("[data-testid=ip-rule-network]")).ToHaveCountAsync(3);
        await page.ScreenshotAsync("ip-allowlist-phone");

        // Another instance removes the loopback entries straight in the database; this instance hears of it through the poll.
        var tenant = await app.EnsureTenantAsync(identifier);
        await app.OtherInstanceDbAsync(tenant.Id, async db =>
        {
            db.IpAllowRules.RemoveRange(db.IpAllowRules.Where(r => Loopback.Contains(r.Network)));
            return await db.SaveChangesAsync();
        });
        await Assertions.Expect(page.Locator("[data-testid=ip-refused]")).ToBeVisibleAsync();
        await page.ScreenshotAsync("ip-refused-phone");
    }

    [Theory]
    [InlineData("ja-JP", 1280)]
    [InlineData("en-US", 1280)]
    [InlineData("ja-JP", 390)]
    public async Task An_operator_clears_a_locked_out_workspace_only_with_a_reason(string locale, int width)
    {
        var identifier = "iplock" + Guid.NewGuid().ToString("N")[..8];
        var tenant = await app.CreateTenantAsync(identifier, "締め出し商事");
        await app.InTenantAsync<IpAllowListService, Result<string, IpAllowListRefusal>>(tenant.Id, s => s.AddAsync("192.0.2.0/24", "VPN", "owner@example.jp", null, true));
        var email = await app.CreateOperatorAsync();
        var page = await browser.NewPageAsync(locale, new ViewportSize { Width = width, Height = 844 });
        await page.SignInAsync(app.PlatformUri, email, authenticatorKey: app.OperatorAuthenticatorKey(email));
        await page.GotoAsync(new Uri(app.PlatformUri, "/ops/ip-allowlists").ToString());
        await page.WaitForInteractiveAsync();

        await page.Locator($"[data-testid=ops-ip-clear-{identifier}]").ClickAsync();
        await page.Locator("[data-testid=ops-ip-confirm]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=ops-ip-reason-error]")).ToBeVisibleAsync();
        Assert.Equal(1, await app.TenantDbAsync(tenant.Id, db => db.IpAllowRules.CountAsync()));
        await page.Locator("#ops-ip-reason").FillAsync("Owner called support, verified by phone (#4711)");
        var suffix = $"{locale[..2]}{(width < 600 ? "-phone" : "")}";
        await page.ScreenshotAsync("ops-ip-allowlists-" + suffix);
        await page.Locator("[data-testid=ops-ip-confirm]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=ops-ip-message]")).ToContainTextAsync(identifier);
        await Assertions.Expect(page.Locator($"[data-testid=ops-ip-clear-{identifier}]")).ToHaveCountAsync(0);
        Assert.Equal(0, await app.TenantDbAsync(tenant.Id, db => db.IpAllowRules.CountAsync()));
        await page.ScreenshotAsync("ops-ip-allowlists-cleared-" + suffix);
    }
}
