using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecureAiChat.Core.Billing;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Sales;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.E2E.Billing;

/// <summary>
/// Invoices and quotes in Chromium: the Owner's invoices on /settings/plan, the operator's /ops/invoices where a payment is
/// recorded, and a quote PDF downloaded from a lead's page. Screenshots in Japanese, English and at phone width (390 px).
/// </summary>
public sealed class InvoiceBrowserTests(AppHost app, BrowserFixture browser) : IClassFixture<AppHost>, IClassFixture<BrowserFixture>
{
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private async Task<T> PlatformAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>A Standard workspace since 2019 with invoices for January 2020 (long overdue) and February 2020.</summary>
    private async Task<AppTenantInfo> WorkspaceWithInvoicesAsync(string prefix, string name)
    {
        var workspace = await app.CreateTenantAsync(prefix + Guid.NewGuid().ToString("N")[..6], name, plan: "Standard");
        await PlatformAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            (await db.Tenants.SingleAsync(t => t.Id == workspace.Id)).CreatedAt = new DateTimeOffset(2019, 6, 1, 0, 0, 0, TimeSpan.Zero);
            return await db.SaveChangesAsync();
        });
        foreach (var month in new[] { new DateOnly(2020, 1, 1), new DateOnly(2020, 2, 1) })
        {
            var issueAt = new DateTimeOffset(month.AddMonths(1).ToDateTime(new TimeOnly(6, 0)), TimeSpan.FromHours(9));
            await PlatformAsync(sp => ActivatorUtilities.CreateInstance<InvoiceService>(sp, (TimeProvider)new FixedTime(issueAt)).IssueAsync(workspace.Id, month));
        }
        return workspace;
    }

    private async Task<IPage> OperatorPageAsync(string locale, ViewportSize viewport)
    {
        var email = await app.CreateOperatorAsync();
        var page = await browser.NewPageAsync(locale, viewport);
        await page.SignInAsync(app.PlatformUri, email, authenticatorKey: app.OperatorAuthenticatorKey(email));
        return page;
    }

    [Theory]
    [InlineData("ja-JP", 1280)]
    [InlineData("en-US", 1280)]
    [InlineData("ja-JP", 390)]
    public async Task An_owner_downloads_invoices_and_an_operator_records_a_payment(string locale, int width)
    {
        var suffix = $"{locale[..2]}{(width < 600 ? "-phone" : "")}";
        var viewport = new ViewportSize { Width = width, Height = 900 };
        var workspace = await WorkspaceWithInvoicesAsync("ivui", locale == "en-US" ? "Invoice Trading Co." : "請求テスト商事株式会社");
        var email = $"owner@{workspace.Identifier}.example.jp";
        await app.CreateUserAsync(workspace.Id, email, role: Roles.Owner);

        var owner = await browser.NewPageAsync(locale, viewport);
        await owner.SignInAsync(app.TenantUri(workspace.Identifier), email);
        await owner.GotoAsync(app.TenantUri(workspace.Identifier, "/settings/plan").ToString());
        await owner.WaitForInteractiveAsync();
        await Assertions.Expect(owner.Locator("[data-testid=plan-invoice-list] tbody tr")).ToHaveCountAsync(2);
        await owner.Locator("[data-testid=plan-invoices]").ScrollIntoViewIfNeededAsync();
        await owner.ScreenshotAsync("plan-invoices-" + suffix);
        // Fetched by the page itself (its cookies, its host): Chromium resolves *.localhost, Playwright's request client does not.
        var href = await owner.Locator("[data-testid=plan-invoice-pdf-2020-01]").GetAttributeAsync("href");
        Assert.Equal("application/pdf", await owner.EvaluateAsync<string>("async href => (await fetch(href)).headers.get('content-type')", href));

        var page = await OperatorPageAsync(locale, viewport);
        await page.GotoAsync(new Uri(app.PlatformUri, "/ops/invoices").ToString());
        await page.WaitForInteractiveAsync();
        await page.Locator("#ops-invoices-search").FillAsync(workspace.Identifier);
        await Assertions.Expect(page.Locator("[data-testid=ops-invoices] tbody tr")).ToHaveCountAsync(2);
        await page.ScreenshotAsync("ops-invoices-" + suffix);

        var number = await PlatformAsync(sp => sp.GetRequiredService<AppDbContext>().Invoices
            .Where(i => i.TenantId == workspace.Id && i.BillingMonth == "2020-01").Select(i => i.Number).SingleAsync());
        await page.Locator($"[data-testid=ops-invoice-pay-{Invoice.FormatNumber(number)}]").ClickAsync();
        await page.Locator("#ops-invoice-reason").FillAsync(locale == "en-US" ? "Transfer received" : "振込を確認（みずほ 3/15）");
        await page.ScreenshotAsync("ops-invoice-pay-" + suffix);
        await page.Locator("[data-testid=ops-invoice-save]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=ops-invoices-message]")).ToContainTextAsync(Invoice.FormatNumber(number));
        await Assertions.Expect(page.Locator("[data-testid=ops-invoices] [data-testid=invoice-status]").Filter(new() { HasText = locale == "en-US" ? "Paid" : "入金済み" }))
            .ToHaveCountAsync(1);
        Assert.NotNull(await PlatformAsync(sp => sp.GetRequiredService<AppDbContext>().Invoices
            .Where(i => i.TenantId == workspace.Id && i.BillingMonth == "2020-01").Select(i => i.PaidOn).SingleAsync()));
        await page.ScreenshotAsync("ops-invoices-paid-" + suffix);
    }

    [Fact]
    public async Task An_operator_downloads_a_quote_for_a_lead()
    {
        var lead = new SalesLead { CompanyName = "見積依頼株式会社" + Guid.NewGuid().ToString("N")[..4], ContactName = "佐藤 花子", Email = "sato@example.jp", PreferredPlan = "Professional", ExpectedSeats = 80 };
        await PlatformAsync(sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            db.SalesLeads.Add(lead);
            return db.SaveChangesAsync();
        });
        var page = await OperatorPageAsync("ja-JP", new ViewportSize { Width = 1280, Height = 900 });
        // The quote is one of the lead page's actions, beside starting a trial.
        await page.GotoAsync(new Uri(app.PlatformUri, $"/ops/leads/{lead.Id}").ToString());
        await page.WaitForInteractiveAsync();

        await page.Locator($"[data-testid=lead-actions] [data-testid=lead-quote-{lead.Id}]").ClickAsync();
        await Assertions.Expect(page.Locator("#lead-quote-seats")).ToHaveValueAsync("80");
        await page.ScreenshotAsync("lead-quote-ja");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=lead-quote-make]").ClickAsync());

        Assert.Matches("^quote-Q-[0-9]{6}\\.pdf$", download.SuggestedFilename);
        await Assertions.Expect(page.Locator("[data-testid=lead-quote-message]")).ToContainTextAsync("¥1,293,600"); // 98,000 × 12 months + 10% tax
    }
}
