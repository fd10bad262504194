using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Sales;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Tests.Integration.Provisioning;

namespace SecureAiChat.Tests.E2E.Operations;

/// <summary>
/// In Chromium (ja, en, phone): an operator starts a PoC trial from a lead's page (the workspace is provisioned), sees the
/// lead's stage and trial in the pipeline, the trial on the tenant page, and the MRR panel on /ops.
/// </summary>
public sealed class TrialsBrowserTests(ProvisioningHost app, BrowserFixture browser) : IClassFixture<ProvisioningHost>, IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData("ja-JP", 1280)]
    [InlineData("en-US", 1280)]
    [InlineData("ja-JP", 390)]
    public async Task An_operator_starts_a_trial_from_a_lead_and_sees_it_on_the_lead_the_tenant_and_the_mrr_panel(string locale, int width)
    {
        var suffix = $"{locale[..2]}{(width < 600 ? "-phone" : "")}";
        var lead = new SalesLead
        {
            CompanyName = "株式会社ピーオーシー " + suffix, ContactName = "高橋 美咲", Email = $"misaki@{Guid.NewGuid():N}.example.jp", PreferredPlan = "Professional",
            ExpectedSeats = 120, Message = "全社展開の前に 2 週間の検証を希望します。", Stage = SalesStage.Hearing, NextAction = "PoC 開始の連絡",
            NextActionDue = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)),
        };
        await app.PlatformDbAsync(db => { db.SalesLeads.Add(lead); return db.SaveChangesAsync(); });
        var identifier = "pocshot" + Guid.NewGuid().ToString("N")[..6];
        var email = await app.CreateOperatorAsync();
        var page = await browser.NewPageAsync(locale, new ViewportSize { Width = width, Height = 900 });
        await page.SignInAsync(app.PlatformUri, email, authenticatorKey: app.OperatorAuthenticatorKey(email));

        await page.GotoAsync(new Uri(app.PlatformUri, $"/ops/leads/{lead.Id}").ToString());
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=lead-overdue]")).ToBeVisibleAsync();
        await page.Locator("[data-testid=lead-trial-open]").ClickAsync();
        await page.Locator("#lead-trial-identifier").FillAsync(identifier);
        await page.Locator("[data-testid=lead-trial-confirm]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=lead-message]")).ToBeVisibleAsync();
        var tenantId = await app.PlatformDbAsync(db => db.SalesLeads.Where(l => l.Id == lead.Id).Select(l => l.TenantId).SingleAsync());
        var request = await app.PlatformDbAsync(db => db.ProvisioningRequests.AsNoTracking().SingleAsync(r => r.TenantId == tenantId));
        await app.WaitForCompletionAsync(request.Id);
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=lead-trial-link]")).ToContainTextAsync(identifier);
        await Assertions.Expect(page.Locator("[data-testid=ops-lead-page] [data-testid=trial-state]").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=lead-history]")).ToContainTextAsync(identifier);
        await page.ScreenshotAsync("ops-lead-trial-" + suffix);

        await page.GotoAsync(new Uri(app.PlatformUri, "/ops/leads").ToString());
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=sales-leads]")).ToContainTextAsync(lead.CompanyName);
        await page.ScreenshotAsync("ops-leads-pipeline-" + suffix);

        await page.GotoAsync(new Uri(app.PlatformUri, $"/ops/tenants/{identifier}").ToString());
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=ops-tenant-trial]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=ops-action-trial-convert]")).ToBeVisibleAsync();
        await page.ScreenshotAsync("ops-tenant-trial-" + suffix);

        await page.GotoAsync(new Uri(app.PlatformUri, "/ops").ToString());
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=ops-mrr]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=mrr-trials-value]")).Not.ToHaveTextAsync("0");
        await page.ScreenshotAsync("ops-mrr-" + suffix);
    }
}
