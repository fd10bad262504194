using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Results;

namespace SecureAiChat.Core.Billing;

/// <summary>Why a quote was not made (no number taken); the page words it, resource key <c>QuoteRefusal_{Code}</c>.</summary>
public enum QuoteRefusal
{
    NotFound,

    /// <summary>An unknown plan, seats outside 1 and the plan's seats, or months outside 1–<see cref="QuoteService.MaxMonths"/>.</summary>
    Invalid,

    /// <summary>Billing (the issuer's details) is not configured.</summary>
    NotConfigured,
}

/// <summary>A quote made for a lead: its number, the PDF and the total with tax.</summary>
public sealed record Quote(string Number, byte[] Pdf, long TotalYen);

/// <summary>
/// A quote (見積書) for a sales lead: a plan, seats and months at the catalog's monthly price, tax per rate rounded down,
/// the issuer's details and a validity date. The quote number is gapless per issuer like invoice numbers; the quote is
/// recorded in the platform audit chain (number, plan, seats, months, total) in the transaction that takes the number.
/// The PDF is not stored: the audit entry is the record.
/// </summary>
public sealed class QuoteService(AppDbContext db, IAuditLog audit, IOptions<BillingOptions> options, TimeProvider time)
{
    public const int MaxMonths = 60;

    public const int MaxSeats = 1_000_000;

    public static string FormatNumber(long number) => "Q-" + Invoice.FormatNumber(number);

    public async Task<Result<Quote, QuoteRefusal>> IssueAsync(Guid leadId, string? plan, int seats, int months, CancellationToken cancellationToken = default)
    {
        var billing = options.Value;
        if (!billing.IsConfigured) return QuoteRefusal.NotConfigured;
        if (!PlanCatalog.TryFind(plan, out var chosen) || seats is < 1 or > MaxSeats || months is < 1 or > MaxMonths
            || PlanLimits.Seats(chosen.Code.ToString(), PlanLimits.TakesCustomLimits(chosen.Code) ? seats : null) is { } limit && seats > limit)
            return QuoteRefusal.Invalid;
        var lead = await db.SalesLeads.AsNoTracking().SingleOrDefaultAsync(l => l.Id == leadId, cancellationToken);
        if (lead is null) return QuoteRefusal.NotFound;

        var today = InvoiceCalculator.WorkspaceDate(time.GetUtcNow());
        var monthly = (long)chosen.MonthlyPriceYen;
        var item = new PdfItem($"Secure AI Chat {chosen.Code} プラン（{seats:N0} 名）", $"{months}か月", monthly, monthly * months, InvoiceCalculator.StandardRatePercent);
        var tax = InvoiceCalculator.TaxRoundedDown(item.AmountYen, item.TaxRatePercent);
        var number = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var next = await DocumentNumbers.NextAsync(db, DocumentNumbers.QuoteSeries(billing.RegistrationNumber!), ct);
            audit.Record(db, AuditActions.QuoteIssued, new AuditTarget("lead", lead.Id.ToString(), lead.CompanyName),
                new { number = FormatNumber(next), plan = chosen.Code.ToString(), seats, months, totalYen = item.AmountYen + tax });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return FormatNumber(next);
        }, cancellationToken);

        var pdf = BillingPdf.Render("御見積書", "お見積金額",
            [("見積番号", number), ("見積日", BillingPdf.Date(today)), ("有効期限", BillingPdf.Date(today.AddDays(billing.QuoteValidityDays)))],
            lead.CompanyName, new PdfIssuer(billing.IssuerName!, billing.RegistrationNumber!, billing.Address!, billing.Contact), [item],
            [$"ご契約期間: {months}か月（月額 {BillingPdf.Yen(monthly)}・税抜）", "お支払方法: 毎月の請求書による銀行振込（翌月末払い）",
             "本見積書の有効期限を過ぎた場合は、改めてお見積りいたします。"]);
        return new Quote(number, pdf, item.AmountYen + tax);
    }
}
