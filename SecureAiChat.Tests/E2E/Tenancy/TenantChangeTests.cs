using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.E2E.Tenancy;

/// <summary>An app instance whose tenant cache would hold a tenant for five minutes, polling for changes every second.</summary>
public sealed class CachingTenantsAppHost : AppHost
{
    public CachingTenantsAppHost()
    {
        Configure("Tenancy:CacheSeconds", "300");
        Configure("Tenancy:ChangePollSeconds", "1");
    }
}

/// <summary>
/// A tenant change saved by another instance (here: straight through the database, bypassing this instance's
/// cache invalidation) reaches this instance's tenant cache and its open pages through the change poll, not
/// after the cache's five minutes.
/// </summary>
public sealed class TenantChangeTests(CachingTenantsAppHost app, BrowserFixture browser) : IClassFixture<CachingTenantsAppHost>, IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    // What another instance does: load the row, change it, save (AppDbContext bumps the version).
    private async Task ChangeElsewhereAsync(string tenantId, Action<AppTenantInfo> change)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tenant = await db.Tenants.SingleAsync(t => t.Id == tenantId);
        change(tenant);
        await db.SaveChangesAsync();
    }

    private async Task<AppTenantInfo?> ResolveAsync(string identifier)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMultiTenantStore<AppTenantInfo>>().GetByIdentifierAsync(identifier);
    }

    [Fact]
    public async Task A_change_saved_elsewhere_reaches_the_cached_tenant_and_bumps_its_version()
    {
        var tenant = await app.CreateTenantAsync("chg" + Guid.NewGuid().ToString("N")[..8], "変更前商事");
        Assert.Equal("変更前商事", (await ResolveAsync(tenant.Identifier))!.Name); // now cached for five minutes

        await ChangeElsewhereAsync(tenant.Id, t => t.Name = "変更後商事");

        var deadline = DateTime.UtcNow + Patience;
        AppTenantInfo? seen;
        while ((seen = await ResolveAsync(tenant.Identifier))!.Name != "変更後商事" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal("変更後商事", seen.Name);
        Assert.Equal(1, seen.Version);
    }

    [Fact]
    public async Task An_open_page_of_a_workspace_suspended_elsewhere_ends_and_shows_why()
    {
        var identifier = "sus" + Guid.NewGuid().ToString("N")[..8];
        var tenant = await app.CreateTenantAsync(identifier, "停止テスト商事");
        var member = await app.CreateUserAsync(tenant.Id, $"member@{identifier}.example.jp");
        var page = await browser.NewPageAsync();
        await page.SignInAsync(app.TenantUri(identifier), member.Email!);
        await page.GotoAsync(app.TenantUri(identifier, "/guide").ToString());
        await page.WaitForInteractiveAsync();

        await ChangeElsewhereAsync(tenant.Id, t => { t.Status = TenantStatus.Suspended; t.SuspendedAt = DateTimeOffset.UtcNow; });

        await Assertions.Expect(page.Locator("[data-testid=workspace-unavailable]"))
            .ToHaveAttributeAsync("data-reason", "Suspended", new() { Timeout = (float)Patience.TotalMilliseconds });
        await Assertions.Expect(page.Locator("[data-testid=workspace-unavailable]")).ToHaveTextAsync("このワークスペースは停止中です");
        await page.ScreenshotAsync("workspace-suspended-while-open");
    }
}
