using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Billing;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Sales;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace SecureAiChat.Tests.Integration.Billing;

/// <summary>
/// The pages around invoices and quotes: Owners see their invoices on /settings/plan, Operators see every invoice, the
/// CSV and what is 30+ days overdue (also on the tenant page); nobody else reaches them. Quotes for leads: numbered
/// without gaps, recorded in the platform chain, their PDF text checked.
/// </summary>
public sealed class BillingConsoleTests(AppHost app) : IClassFixture<AppHost>
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

    /// <summary>A workspace with its January 2020 invoice, issued on 1 February 2020 and due 31 March 2020: long overdue today.</summary>
    private async Task<(AppTenantInfo Workspace, Invoice Invoice)> OverdueWorkspaceAsync(string prefix)
    {
        var workspace = await app.CreateTenantAsync(prefix + Guid.NewGuid().ToString("N")[..6], prefix + " 商事株式会社", plan: "Standard");
        await PlatformAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            (await db.Tenants.SingleAsync(t => t.Id == workspace.Id)).CreatedAt = new DateTimeOffset(2019, 6, 1, 0, 0, 0, TimeSpan.Zero);
            return await db.SaveChangesAsync();
        });
        var invoice = await PlatformAsync(sp => ActivatorUtilities.CreateInstance<InvoiceService>(sp, (TimeProvider)new FixedTime(new DateTimeOffset(2020, 2, 1, 6, 0, 0, TimeSpan.FromHours(9))))
            .IssueAsync(workspace.Id, new DateOnly(2020, 1, 1)));
        return (workspace, invoice!);
    }

    private async Task<HttpClient> OperatorAsync()
    {
        var ops = app.CreateLoopbackClient(new CookieContainer());
        await app.SignInOperatorAsync(ops, await app.CreateOperatorAsync());
        return ops;
    }

    [Fact]
    public async Task Operators_see_every_invoice_what_is_overdue_and_the_tenant_page_says_so()
    {
        var (workspace, invoice) = await OverdueWorkspaceAsync("bcops");
        using var ops = await OperatorAsync();

        var list = await ops.GetStringAsync(new Uri(app.PlatformUri, "/ops/invoices"));
        Assert.Contains(invoice.DisplayNumber, list, StringComparison.Ordinal);
        Assert.Contains(workspace.Name, list, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"overdue-invoices-list\"", list, StringComparison.Ordinal);
        Assert.Contains("ops-tab-invoices", list, StringComparison.Ordinal);

        var tenantPage = await ops.GetStringAsync(new Uri(app.PlatformUri, $"/ops/tenants/{workspace.Identifier}"));
        Assert.Contains("data-testid=\"overdue-invoices-list\"", tenantPage, StringComparison.Ordinal);
        Assert.Contains("¥54,780", tenantPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_csv_has_the_filtered_invoices_in_yen_and_its_download_is_recorded()
    {
        var (workspace, invoice) = await OverdueWorkspaceAsync("bccsv");
        using var ops = await OperatorAsync();

        var response = await ops.GetAsync(new Uri(app.PlatformUri, $"/ops/invoices/export?q={workspace.Identifier}&status=Overdue"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("請求書番号,対象月,ワークスペース,請求先,発行日,支払期限,税抜金額,消費税,合計（税込）,状態,入金日,支払方法,メモ", lines[0]);
        Assert.Equal($"{invoice.DisplayNumber},2020-01,{workspace.Identifier},{workspace.Name},2020-02-01,2020-03-31,49800,4980,54780,期限超過,,,", Assert.Single(lines.Skip(1)));
        Assert.Equal(HttpStatusCode.BadRequest, (await ops.GetAsync(new Uri(app.PlatformUri, "/ops/invoices/export?status=Lost"))).StatusCode);
        Assert.True(await PlatformAsync(sp => sp.GetRequiredService<AppDbContext>().PlatformAuditEntries
            .AnyAsync(e => e.Action == AuditActions.InvoicesExported && e.Details!.Contains(workspace.Identifier))));
    }

    [Fact]
    public async Task Owners_see_their_invoices_on_the_plan_page_and_admins_do_not()
    {
        var (workspace, invoice) = await OverdueWorkspaceAsync("bcown");
        var (other, otherInvoice) = await OverdueWorkspaceAsync("bcoth");
        var owner = $"owner@{workspace.Identifier}.example.jp";
        var admin = $"admin@{workspace.Identifier}.example.jp";
        await app.CreateUserAsync(workspace.Id, owner, role: Roles.Owner);
        await app.CreateUserAsync(workspace.Id, admin, role: Roles.Admin);

        using var ownerClient = await app.SignInAsync(workspace.Identifier, owner);
        var page = await ownerClient.GetStringAsync(app.TenantUri(workspace.Identifier, "/settings/plan"));
        Assert.Contains("data-testid=\"plan-invoice-list\"", page, StringComparison.Ordinal);
        Assert.Contains($"/settings/plan/invoices/{invoice.Id}", page, StringComparison.Ordinal);
        Assert.DoesNotContain(otherInvoice.Id.ToString(), page, StringComparison.Ordinal);
        Assert.DoesNotContain(other.Name, page, StringComparison.Ordinal);

        using var adminClient = await app.SignInAsync(workspace.Identifier, admin);
        var adminPage = await adminClient.GetStringAsync(app.TenantUri(workspace.Identifier, "/settings/plan"));
        Assert.DoesNotContain("plan-invoices", adminPage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Owner)]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Member)]
    public async Task Workspace_members_of_any_role_reach_neither_the_invoice_console_nor_its_csv(string role)
    {
        var (secret, _) = await OverdueWorkspaceAsync("bcsec");
        var identifier = "bcrole" + Guid.NewGuid().ToString("N")[..6];
        var tenant = await app.CreateTenantAsync(identifier);
        var email = $"{role.ToLowerInvariant()}@{identifier}.example.jp";
        await app.CreateUserAsync(tenant.Id, email, role: role);
        using var member = await app.SignInAsync(identifier, email);
        using var anonymous = app.CreateLoopbackClient(new CookieContainer());

        foreach (var path in new[] { "/ops/invoices", "/ops/invoices/export" })
        {
            foreach (var response in new[] { await member.GetAsync(app.TenantUri(identifier, path)), await anonymous.GetAsync(new Uri(app.PlatformUri, path)) })
            {
                Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
                Assert.DoesNotContain(secret.Name, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task A_quote_for_a_lead_is_numbered_without_gaps_recorded_and_prints_plan_tax_total_and_issuer()
    {
        var lead = new SalesLead { CompanyName = "見積テスト株式会社", ContactName = "山田 太郎", Email = "yamada@example.jp", PreferredPlan = "Professional", ExpectedSeats = 120 };
        await PlatformAsync(sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            db.SalesLeads.Add(lead);
            return db.SaveChangesAsync();
        });
        var at = new DateTimeOffset(2031, 7, 10, 3, 0, 0, TimeSpan.Zero);
        Task<Result<Quote, QuoteRefusal>> IssueQuoteAsync(Guid id, string plan, int seats, int months) =>
            PlatformAsync(sp => ActivatorUtilities.CreateInstance<QuoteService>(sp, (TimeProvider)new FixedTime(at)).IssueAsync(id, plan, seats, months));

        Assert.Equal(QuoteRefusal.Invalid, (await IssueQuoteAsync(lead.Id, "Starter", 11, 12)).Code); // Starter has 10 seats
        Assert.Equal(QuoteRefusal.Invalid, (await IssueQuoteAsync(lead.Id, "Professional", 120, 0)).Code);
        Assert.Equal(QuoteRefusal.NotFound, (await IssueQuoteAsync(Guid.NewGuid(), "Professional", 120, 12)).Code);
        var first = await IssueQuoteAsync(lead.Id, "Professional", 120, 12);
        var second = await IssueQuoteAsync(lead.Id, "Standard", 40, 6);

        // 98,000 × 12 = 1,176,000; tax 117,600; total 1,293,600.
        Assert.Equal(1_293_600L, first.Value!.TotalYen);
        Assert.Equal(long.Parse(first.Value!.Number[2..], System.Globalization.CultureInfo.InvariantCulture) + 1,
            long.Parse(second.Value!.Number[2..], System.Globalization.CultureInfo.InvariantCulture));
        using var pdf = PdfDocument.Open(first.Value!.Pdf);
        var text = string.Concat(pdf.GetPages().Select(p => p.Text));
        foreach (var expected in new[]
                 {
                     "御見積書", "見積番号: " + first.Value!.Number, "見積日: 2031年7月10日", "有効期限: 2031年8月9日", "見積テスト株式会社 御中", "株式会社セキュアAIテスト",
                     "登録番号: " + TestBilling.RegistrationNumber, "Professional プラン（120 名）", "12か月", "¥1,176,000", "消費税（10%）", "¥117,600", "¥1,293,600",
                 })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
        var recorded = await PlatformAsync(sp => sp.GetRequiredService<AppDbContext>().PlatformAuditEntries.AsNoTracking()
            .Where(e => e.Action == AuditActions.QuoteIssued && e.TargetId == lead.Id.ToString()).ToListAsync());
        Assert.Equal(2, recorded.Count);
        Assert.Contains(recorded, e => e.Details!.Contains(first.Value!.Number, StringComparison.Ordinal));
    }
}
