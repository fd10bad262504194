using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Billing;

/// <summary>How an invoice was paid (recorded by an operator).</summary>
public enum PaymentMethod
{
    /// <summary>銀行振込: transferred to the account on the invoice.</summary>
    BankTransfer = 0,

    /// <summary>請求書払い: settled through the customer's invoice-payment (accounts payable) process or a factoring service.</summary>
    InvoicePayment = 1,
}

/// <summary>
/// A qualified invoice (適格請求書) for one workspace and one billing month. Global, like <see cref="Plans.PlanChange"/>:
/// billing is the platform's record, every read names the tenant. The issuer's details are copied onto the row so an
/// issued invoice reads the same after configuration changes. Amounts are whole yen (long: exact in every provider).
/// One invoice per workspace and month (unique index): the job can run twice and never issues twice.
/// </summary>
public sealed class Invoice : IGlobalEntity
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    /// <summary>The billed month, "yyyy-MM" (Asia/Tokyo).</summary>
    public string BillingMonth { get; set; } = "";

    /// <summary>The issuer's registration number (T + 13 digits); invoice numbers run per issuer.</summary>
    public string IssuerRegistrationNumber { get; set; } = "";

    /// <summary>The gapless sequence number of this issuer's invoices (1, 2, 3, …).</summary>
    public long Number { get; set; }

    public string IssuerName { get; set; } = "";

    public string IssuerAddress { get; set; } = "";

    public string? IssuerContact { get; set; }

    public string BankAccount { get; set; } = "";

    /// <summary>The customer: the workspace's company name when the invoice was issued.</summary>
    public string CustomerName { get; set; } = "";

    public string WorkspaceIdentifier { get; set; } = "";

    public DateOnly IssueDate { get; set; }

    public DateOnly PeriodStart { get; set; }

    public DateOnly PeriodEnd { get; set; }

    public DateOnly DueDate { get; set; }

    /// <summary>Sum of the 10% lines, tax excluded.</summary>
    public long SubtotalYen { get; set; }

    /// <summary>Consumption tax of the 10% lines: floor(subtotal × 10%), once per rate.</summary>
    public long TaxYen { get; set; }

    public long TotalYen { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    public DateOnly? PaidOn { get; set; }

    public PaymentMethod? PaymentMethod { get; set; }

    /// <summary>The operator's note when marking paid (e.g. the transfer's reference).</summary>
    public string? PaymentNote { get; set; }

    public string? PaidRecordedBy { get; set; }

    public List<InvoiceLine> Lines { get; set; } = [];

    /// <summary>The number as printed: the issuer's sequence, six digits (e.g. 000042).</summary>
    public string DisplayNumber => FormatNumber(Number);

    public bool IsPaid => PaidOn is not null;

    public static string FormatNumber(long number) => number.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>One item of an invoice: a plan for some days of the month.</summary>
public sealed class InvoiceLine : IGlobalEntity
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid InvoiceId { get; set; }

    public int Position { get; set; }

    /// <summary>The plan code (Starter, Standard, …).</summary>
    public string Plan { get; set; } = "";

    public DateOnly From { get; set; }

    /// <summary>The last day billed (inclusive).</summary>
    public DateOnly To { get; set; }

    public int Days { get; set; }

    public int DaysInMonth { get; set; }

    /// <summary>The plan's monthly price, tax excluded.</summary>
    public long MonthlyPriceYen { get; set; }

    /// <summary>floor(monthly price × days ÷ days in month); the monthly price when the whole month is billed.</summary>
    public long AmountYen { get; set; }

    /// <summary>The consumption tax rate of the line in percent (10).</summary>
    public int TaxRatePercent { get; set; } = 10;
}

/// <summary>
/// The last number handed out per series (an issuer's invoices, an issuer's quotes). Bumped with a conditional update in
/// the transaction that saves the document, so a rolled-back issue leaves no gap and two issuers never share a number.
/// </summary>
public sealed class DocumentNumberSequence : IGlobalEntity
{
    /// <summary>"invoice:T…" or "quote:T…".</summary>
    public string Series { get; set; } = "";

    public long Last { get; set; }
}
