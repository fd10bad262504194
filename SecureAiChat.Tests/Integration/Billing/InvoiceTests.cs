using SecureAiChat.Core.Alerts;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Billing;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace SecureAiChat.Tests.Integration.Billing;

/// <summary>
/// Qualified invoices on a real database: issued once per workspace and month (re-runs and concurrent runs included),
/// numbered without gaps per issuer, prorated from the plan history, never for suspended workspaces; payments recorded
/// in the platform chain; overdue workspaces; the PDF's text; who may download which invoice.
/// </summary>
public sealed class InvoiceTests(AppHost app) : IClassFixture<AppHost>
{
    private static readonly TimeSpan Tokyo = TimeSpan.FromHours(9);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static DateTimeOffset TokyoTime(int year, int month, int day, int hour = 6) => new(year, month, day, hour, 0, 0, Tokyo);

    private async Task<AppTenantInfo> WorkspaceAsync(string prefix, string plan = "Starter", TenantStatus status = TenantStatus.Active, DateTimeOffset? createdAt = null)
    {
        var tenant = await app.CreateTenantAsync(prefix + Guid.NewGuid().ToString("N")[..6], prefix + " 工業株式会社", status, plan);
        await PlatformDbAsync(async db =>
        {
            var row = await db.Tenants.SingleAsync(t => t.Id == tenant.Id);
            row.CreatedAt = createdAt ?? new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
            return await db.SaveChangesAsync();
        });
        return tenant;
    }

    private async Task<T> PlatformDbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private async Task<T> InvoicesAsync<T>(DateTimeOffset now, Func<InvoiceService, Task<T>> work)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope();
        return await work(ActivatorUtilities.CreateInstance<InvoiceService>(scope.ServiceProvider, (TimeProvider)new FixedTime(now)));
    }

    private InvoiceJob Job(DateTimeOffset now) => ActivatorUtilities.CreateInstance<InvoiceJob>(app.Services, (TimeProvider)new FixedTime(now));

    // By month: the job test's run bills every active workspace of the shared host for its own month.
    private Task<List<Invoice>> InvoicesOfAsync(string tenantId, string month) =>
        PlatformDbAsync(db => db.Invoices.AsNoTracking().Include(i => i.Lines).Where(i => i.TenantId == tenantId && i.BillingMonth == month).ToListAsync());

    [Fact]
    public async Task The_job_on_the_first_invoices_the_month_that_ended_once_and_skips_suspended_workspaces_and_running_trials()
    {
        var paying = await WorkspaceAsync("invjob", "Standard");
        var suspended = await WorkspaceAsync("invsusp", "Standard", TenantStatus.Suspended);
        var onTrial = await WorkspaceAsync("invtrial", "Professional");
        var converted = await WorkspaceAsync("invconv", "Professional");
        await PlatformDbAsync(async db =>
        {
            foreach (var row in await db.Tenants.Where(t => t.Id == onTrial.Id || t.Id == converted.Id).ToListAsync())
            {
                row.TrialStartedAt = new DateTimeOffset(2032, 2, 10, 0, 0, 0, TimeSpan.Zero);
                row.TrialEndsAt = new DateTimeOffset(2032, 3, 20, 0, 0, 0, TimeSpan.Zero);
                if (row.Id == converted.Id) row.TrialConvertedAt = new DateTimeOffset(2032, 2, 20, 0, 0, 0, TimeSpan.Zero);
            }
            return await db.SaveChangesAsync();
        });
        var runAt = TokyoTime(2032, 3, 1);

        await Job(runAt).RunAsync();
        await Job(runAt.AddHours(2)).RunAsync(); // a retry, or the job again on another instance

        var invoice = Assert.Single(await InvoicesOfAsync(paying.Id, "2032-02"));
        Assert.Equal(("2032-02", new DateOnly(2032, 2, 1), new DateOnly(2032, 2, 29)), (invoice.BillingMonth, invoice.PeriodStart, invoice.PeriodEnd));
        Assert.Equal((new DateOnly(2032, 3, 1), new DateOnly(2032, 4, 30)), (invoice.IssueDate, invoice.DueDate));
        Assert.Equal((49_800L, 4_980L, 54_780L), (invoice.SubtotalYen, invoice.TaxYen, invoice.TotalYen));
        Assert.Equal((paying.Name, TestBilling.RegistrationNumber, "株式会社セキュアAIテスト"), (invoice.CustomerName, invoice.IssuerRegistrationNumber, invoice.IssuerName));
        Assert.Empty(await InvoicesOfAsync(suspended.Id, "2032-02"));
        // A PoC trial is not invoiced; once converted to a contract it is.
        Assert.Empty(await InvoicesOfAsync(onTrial.Id, "2032-02"));
        Assert.Single(await InvoicesOfAsync(converted.Id, "2032-02"));
        Assert.True(await PlatformDbAsync(db => db.PlatformAuditEntries.AnyAsync(e => e.Action == AuditActions.InvoiceIssued && e.TargetDisplay == paying.Identifier)));
    }

    [Fact]
    public async Task Concurrent_issuers_hand_out_every_number_once_without_gaps_and_never_issue_a_month_twice()
    {
        var workspaces = new List<AppTenantInfo>();
        for (var i = 0; i < 8; i++) workspaces.Add(await WorkspaceAsync("invcc"));
        var now = TokyoTime(2033, 6, 1);
        var month = new DateOnly(2033, 5, 1);

        // Each workspace twice, all at once: 16 issuers racing for the series and for the 8 (workspace, month) keys.
        var issued = await Task.WhenAll(workspaces.Concat(workspaces).Select(w => Task.Run(() => InvoicesAsync(now, s => s.IssueAsync(w.Id, month)))));

        Assert.Equal(8, issued.Count(i => i is not null));
        foreach (var w in workspaces) Assert.Single(await InvoicesOfAsync(w.Id, "2033-05"));
        var numbers = await PlatformDbAsync(db => db.Invoices.Where(i => i.IssuerRegistrationNumber == TestBilling.RegistrationNumber)
            .Select(i => i.Number).OrderBy(n => n).ToListAsync());
        Assert.Equal(Enumerable.Range(1, numbers.Count).Select(n => (long)n), numbers);
        Assert.Equal(numbers.Count, await PlatformDbAsync(db => db.DocumentNumberSequences
            .Where(s => s.Series == DocumentNumbers.InvoiceSeries(TestBilling.RegistrationNumber)).Select(s => s.Last).SingleAsync()));
    }

    [Fact]
    public async Task A_mid_month_upgrade_is_prorated_by_day_from_the_plan_history()
    {
        var workspace = await WorkspaceAsync("invpro", "Standard");
        await PlatformDbAsync(db =>
        {
            var at = TokyoTime(2034, 12, 11, 15);
            db.PlanChanges.Add(new PlanChange
            {
                TenantId = workspace.Id, FromPlan = "Starter", ToPlan = "Standard", Source = PlanChangeSource.Owner, RequestedAt = at, EffectiveAt = at, AppliedAt = at,
            });
            // A downgrade that was withdrawn never counts.
            db.PlanChanges.Add(new PlanChange
            {
                TenantId = workspace.Id, FromPlan = "Standard", ToPlan = "Starter", Source = PlanChangeSource.Owner, RequestedAt = at,
                EffectiveAt = TokyoTime(2034, 12, 20, 0), CancelledAt = at,
            });
            return db.SaveChangesAsync();
        });

        var invoice = await InvoicesAsync(TokyoTime(2035, 1, 1), s => s.IssueAsync(workspace.Id, new DateOnly(2034, 12, 1)));

        Assert.NotNull(invoice);
        var stored = Assert.Single(await InvoicesOfAsync(workspace.Id, "2034-12"));
        Assert.Equal([("Starter", 10, 9_612L), ("Standard", 21, 33_735L)], stored.Lines.OrderBy(l => l.Position).Select(l => (l.Plan, l.Days, l.AmountYen)));
        Assert.Equal((43_347L, 4_334L, 47_681L), (stored.SubtotalYen, stored.TaxYen, stored.TotalYen));
    }

    [Fact]
    public async Task Payments_are_recorded_once_in_the_platform_chain_and_only_unpaid_invoices_30_days_past_due_are_overdue()
    {
        var late = await WorkspaceAsync("invlate");
        var payer = await WorkspaceAsync("invpaid");
        var issueAt = TokyoTime(2036, 2, 1);
        var lateInvoice = (await InvoicesAsync(issueAt, s => s.IssueAsync(late.Id, new DateOnly(2036, 1, 1))))!;
        var paidInvoice = (await InvoicesAsync(issueAt, s => s.IssueAsync(payer.Id, new DateOnly(2036, 1, 1))))!;
        Assert.Equal(new DateOnly(2036, 3, 31), lateInvoice.DueDate);

        var paidOn = new DateOnly(2036, 3, 15);
        Assert.Equal(MarkPaidRefusal.Invalid, (await InvoicesAsync(issueAt.AddDays(60), s => s.MarkPaidAsync(paidInvoice.Id, PaymentMethod.BankTransfer, paidOn, " "))).Code);
        Assert.True((await InvoicesAsync(issueAt.AddDays(60), s => s.MarkPaidAsync(paidInvoice.Id, PaymentMethod.BankTransfer, paidOn, "振込確認 3/15"))).Succeeded);
        Assert.Equal(MarkPaidRefusal.AlreadyPaid, (await InvoicesAsync(issueAt.AddDays(60), s => s.MarkPaidAsync(paidInvoice.Id, PaymentMethod.InvoicePayment, paidOn, "二重"))).Code);
        var paid = Assert.Single(await InvoicesOfAsync(payer.Id, "2036-01"));
        Assert.Equal((paidOn, PaymentMethod.BankTransfer, "振込確認 3/15"), (paid.PaidOn, paid.PaymentMethod, paid.PaymentNote));
        Assert.Single(await PlatformDbAsync(db => db.PlatformAuditEntries.Where(e => e.Action == AuditActions.InvoicePaid && e.TargetId == paidInvoice.Id.ToString()).ToListAsync()));

        // Due 31 March: 29 days later it is overdue but not yet 30 days; on 30 April it is.
        var day29 = await InvoicesAsync(TokyoTime(2036, 4, 29), s => s.OverdueAsync(30));
        var day30 = await InvoicesAsync(TokyoTime(2036, 4, 30), s => s.OverdueAsync(30));
        Assert.DoesNotContain(day29, w => w.TenantId == late.Id);
        var overdue = Assert.Single(day30, w => w.TenantId == late.Id);
        Assert.Equal((1, lateInvoice.TotalYen, 30, late.Identifier), (overdue.Invoices, overdue.OutstandingYen, overdue.DaysOverdue, overdue.WorkspaceIdentifier));
        Assert.DoesNotContain(day30, w => w.TenantId == payer.Id);

        // The platform's alerts raise it on the 30th day and close it once the payment is recorded.
        async Task<IReadOnlyList<PlatformAlert>> AlertsAtAsync(DateTimeOffset now) =>
            (await ActivatorUtilities.CreateInstance<PlatformAlertJob>(app.Services, (TimeProvider)new FixedTime(now)).EvaluateAsync())
                .Where(a => a.Kind == PlatformAlertKind.InvoiceOverdue && a.Subject == late.Id).ToList();
        Assert.Empty(await AlertsAtAsync(TokyoTime(2036, 4, 29)));
        var alert = Assert.Single(await AlertsAtAsync(TokyoTime(2036, 4, 30)));
        Assert.Equal((late.Identifier, 30d), (alert.Detail, alert.Value));
        Assert.True((await InvoicesAsync(TokyoTime(2036, 5, 1), s => s.MarkPaidAsync(lateInvoice.Id, PaymentMethod.InvoicePayment, new DateOnly(2036, 5, 1), "入金確認"))).Succeeded);
        Assert.Empty(await AlertsAtAsync(TokyoTime(2036, 5, 1)));
    }

    [Fact]
    public async Task The_pdf_carries_the_issuer_registration_number_customer_items_tax_per_rate_and_total_in_japanese()
    {
        var workspace = await WorkspaceAsync("invpdf", "Standard");
        var invoice = (await InvoicesAsync(TokyoTime(2037, 5, 1), s => s.IssueAsync(workspace.Id, new DateOnly(2037, 4, 1))))!;

        using var pdf = PdfDocument.Open(InvoicePdf.Render((await InvoicesAsync(TokyoTime(2037, 5, 1), s => s.FindAsync(invoice.Id)))!));
        var text = string.Concat(pdf.GetPages().Select(p => p.Text));

        foreach (var expected in new[]
                 {
                     "請求書", "株式会社セキュアAIテスト", "登録番号: " + TestBilling.RegistrationNumber, workspace.Name + " 御中", "請求書番号: " + invoice.DisplayNumber,
                     "発行日: 2037年5月1日", "10%対象（税抜）", "¥49,800", "消費税（10%）", "¥4,980", "合計（税込）", "¥54,780", "Standard プラン", "お支払期限: 2037年6月30日",
                 })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Owners_download_their_own_invoices_only_and_other_roles_and_hosts_get_nothing()
    {
        var mine = await WorkspaceAsync("invown");
        var other = await WorkspaceAsync("invoth");
        var now = TokyoTime(2038, 8, 1);
        var myInvoice = (await InvoicesAsync(now, s => s.IssueAsync(mine.Id, new DateOnly(2038, 7, 1))))!;
        var otherInvoice = (await InvoicesAsync(now, s => s.IssueAsync(other.Id, new DateOnly(2038, 7, 1))))!;
        var owner = $"owner@{mine.Identifier}.example.jp";
        var admin = $"admin@{mine.Identifier}.example.jp";
        await app.CreateUserAsync(mine.Id, owner, role: Roles.Owner);
        await app.CreateUserAsync(mine.Id, admin, role: Roles.Admin);

        using var ownerClient = await app.SignInAsync(mine.Identifier, owner);
        var response = await ownerClient.GetAsync(app.TenantUri(mine.Identifier, $"/settings/plan/invoices/{myInvoice.Id}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await ownerClient.GetAsync(app.TenantUri(mine.Identifier, $"/settings/plan/invoices/{otherInvoice.Id}"))).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await ownerClient.GetAsync(app.TenantUri(mine.Identifier, $"/ops/invoices/{myInvoice.Id}/pdf"))).StatusCode);

        using var adminClient = await app.SignInAsync(mine.Identifier, admin);
        Assert.NotEqual(HttpStatusCode.OK, (await adminClient.GetAsync(app.TenantUri(mine.Identifier, $"/settings/plan/invoices/{myInvoice.Id}"))).StatusCode);

        using var anonymous = app.CreateLoopbackClient(new CookieContainer());
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri(app.PlatformUri, $"/ops/invoices/{myInvoice.Id}/pdf"))).StatusCode);

        using var ops = app.CreateLoopbackClient(new CookieContainer());
        await app.SignInOperatorAsync(ops, await app.CreateOperatorAsync());
        var operatorPdf = await ops.GetAsync(new Uri(app.PlatformUri, $"/ops/invoices/{otherInvoice.Id}/pdf"));
        Assert.Equal(HttpStatusCode.OK, operatorPdf.StatusCode);
        Assert.Equal("application/pdf", operatorPdf.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await ops.GetAsync(new Uri(app.PlatformUri, $"/ops/invoices/{Guid.NewGuid()}/pdf"))).StatusCode);
    }
}
