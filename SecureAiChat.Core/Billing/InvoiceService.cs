using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Billing;

/// <summary>Why recording a payment was refused (nothing recorded); the page words it, resource key <c>MarkPaidRefusal_{Code}</c>.</summary>
public enum MarkPaidRefusal
{
    NotFound,
    AlreadyPaid,

    /// <summary>No reason, a longer one than <see cref="InvoiceService.ReasonMaxLength"/>, an undefined method or a date in the future.</summary>
    Invalid,
}

/// <summary>A workspace with unpaid invoices past their due date by at least the asked number of days.</summary>
public sealed record OverdueWorkspace(string TenantId, string WorkspaceIdentifier, string CustomerName, int Invoices, long OutstandingYen, DateOnly OldestDueDate, int DaysOverdue);

/// <summary>The filters of the operator's invoice list.</summary>
public sealed record InvoiceFilter(string? Search = null, string? Month = null, InvoiceStatusFilter Status = InvoiceStatusFilter.All);

public enum InvoiceStatusFilter
{
    All,
    Unpaid,
    Overdue,
    Paid,
}

/// <summary>
/// Qualified invoices (platform scope): issuing one workspace's invoice for a month, the lists of the operator's page and
/// the Owner's plan page, recording payments and the overdue query the alerts read.
/// </summary>
public sealed class InvoiceService(AppDbContext db, IAuditLog audit, AuditActor actor, IOptions<BillingOptions> options, TimeProvider time)
{
    public const int ReasonMaxLength = 500;

    /// <summary>Days past the due date from which a workspace shows as overdue to operators (and raises the alert).</summary>
    public const int AlertOverdueDays = 30;

    private BillingOptions Billing => options.Value;

    /// <summary>The first day of the month before <paramref name="now"/>'s month (Tokyo): what a run on the 1st bills.</summary>
    public static DateOnly MonthBefore(DateTimeOffset now)
    {
        var today = InvoiceCalculator.WorkspaceDate(now);
        return new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
    }

    public static string MonthKey(DateOnly month) => month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The last day of the month <see cref="BillingOptions.PaymentTermMonths"/> after the issue date's month (翌月末).</summary>
    public DateOnly DueDateFor(DateOnly issueDate)
    {
        var month = new DateOnly(issueDate.Year, issueDate.Month, 1).AddMonths(Billing.PaymentTermMonths);
        return month.AddDays(DateTime.DaysInMonth(month.Year, month.Month) - 1);
    }

    /// <summary>
    /// Issues <paramref name="tenantId"/>'s invoice for <paramref name="month"/> (its first day) unless it exists, the
    /// workspace is not invoiceable or nothing is owed. Numbering, the invoice, its lines and the audit entry commit
    /// together; a second run (a retry, another instance at the same moment) finds the invoice and issues nothing.
    /// </summary>
    /// <returns>The invoice issued now; null when none was.</returns>
    public async Task<Invoice?> IssueAsync(string tenantId, DateOnly month, CancellationToken cancellationToken = default)
    {
        if (!Billing.IsConfigured) throw new InvalidOperationException("Billing is not configured (Billing:* keys).");
        var key = MonthKey(month);
        var workspace = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Id == tenantId, cancellationToken);
        if (workspace is null || !InvoiceableWorkspaces.IsInvoiceable(workspace)) return null;
        if (await db.Invoices.AnyAsync(i => i.TenantId == tenantId && i.BillingMonth == key, cancellationToken)) return null;

        var changes = await db.PlanChanges.AsNoTracking().Where(c => c.TenantId == tenantId && c.AppliedAt != null).ToListAsync(cancellationToken);
        var draft = InvoiceCalculator.Compute(month, InvoiceCalculator.WorkspaceDate(workspace.CreatedAt), workspace.Plan,
            changes.Select(c => new BilledPlanChange(c.EffectiveAt, c.FromPlan, c.ToPlan)));
        if (draft.SubtotalYen <= 0) return null;

        var now = time.GetUtcNow();
        var issueDate = InvoiceCalculator.WorkspaceDate(now);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
                {
                    db.ChangeTracker.Clear();
                    await using var transaction = await db.Database.BeginTransactionAsync(ct);
                    // The number first: it is the transaction's first write, which serializes issuers (see DocumentNumbers).
                    var number = await DocumentNumbers.NextAsync(db, DocumentNumbers.InvoiceSeries(Billing.RegistrationNumber!), ct);
                    if (await db.Invoices.AnyAsync(i => i.TenantId == tenantId && i.BillingMonth == key, ct))
                    {
                        await transaction.RollbackAsync(ct);
                        return null;
                    }
                    var invoice = new Invoice
                    {
                        TenantId = tenantId, BillingMonth = key, IssuerRegistrationNumber = Billing.RegistrationNumber!, Number = number,
                        IssuerName = Billing.IssuerName!, IssuerAddress = Billing.Address!, IssuerContact = Billing.Contact, BankAccount = Billing.BankAccount!,
                        CustomerName = workspace.Name, WorkspaceIdentifier = workspace.Identifier, IssueDate = issueDate,
                        PeriodStart = month, PeriodEnd = month.AddMonths(1).AddDays(-1), DueDate = DueDateFor(issueDate),
                        SubtotalYen = draft.SubtotalYen, TaxYen = draft.TaxYen, TotalYen = draft.TotalYen, IssuedAt = now,
                        Lines = draft.Lines.Select(l => Copy(l)).ToList(),
                    };
                    db.Invoices.Add(invoice);
                    audit.Record(db, AuditActions.InvoiceIssued, new AuditTarget("workspace", workspace.Id, workspace.Identifier),
                        new { number = invoice.DisplayNumber, month = key, totalYen = invoice.TotalYen });
                    await db.SaveChangesAsync(ct);
                    await transaction.CommitAsync(ct);
                    return invoice;
                }, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another issuer created the series or the same month's invoice first: try again, which finds its work.
                db.ChangeTracker.Clear();
            }
        }
    }

    private static InvoiceLine Copy(InvoiceLine line) => new()
    {
        Position = line.Position, Plan = line.Plan, From = line.From, To = line.To, Days = line.Days, DaysInMonth = line.DaysInMonth,
        MonthlyPriceYen = line.MonthlyPriceYen, AmountYen = line.AmountYen, TaxRatePercent = line.TaxRatePercent,
    };

    /// <summary>One workspace's invoices, newest first (the Owner's plan page).</summary>
    public async Task<IReadOnlyList<Invoice>> ForWorkspaceAsync(string tenantId, CancellationToken cancellationToken = default) =>
        await db.Invoices.AsNoTracking().Where(i => i.TenantId == tenantId).OrderByDescending(i => i.BillingMonth).ToListAsync(cancellationToken);

    /// <summary>One invoice with its lines; null when it does not exist or (with <paramref name="tenantId"/>) is another workspace's.</summary>
    public async Task<Invoice?> FindAsync(Guid id, string? tenantId = null, CancellationToken cancellationToken = default) =>
        await db.Invoices.AsNoTracking().Include(i => i.Lines.OrderBy(l => l.Position))
            .SingleOrDefaultAsync(i => i.Id == id && (tenantId == null || i.TenantId == tenantId), cancellationToken);

    /// <summary>All invoices matching <paramref name="filter"/>, newest first (the operator's page and its CSV).</summary>
    public async Task<IReadOnlyList<Invoice>> ListAsync(InvoiceFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = db.Invoices.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Month)) query = query.Where(i => i.BillingMonth == filter.Month);
        var today = InvoiceCalculator.WorkspaceDate(time.GetUtcNow());
        query = filter.Status switch
        {
            InvoiceStatusFilter.Paid => query.Where(i => i.PaidOn != null),
            InvoiceStatusFilter.Unpaid => query.Where(i => i.PaidOn == null),
            InvoiceStatusFilter.Overdue => query.Where(i => i.PaidOn == null && i.DueDate < today),
            _ => query,
        };
        var rows = await query.OrderByDescending(i => i.BillingMonth).ThenByDescending(i => i.Number).ToListAsync(cancellationToken);
        return rows.Where(i => MatchesSearch(i, filter.Search)).ToList();
    }

    /// <summary>Whether the company, the workspace identifier or the number contains <paramref name="search"/> (empty: all).</summary>
    public static bool MatchesSearch(Invoice invoice, string? search)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        return search?.Trim() is not { Length: > 0 } text
            || invoice.CustomerName.Contains(text, StringComparison.OrdinalIgnoreCase)
            || invoice.WorkspaceIdentifier.Contains(text, StringComparison.OrdinalIgnoreCase)
            || invoice.DisplayNumber.Contains(text, StringComparison.Ordinal);
    }

    /// <summary>Whether an unpaid invoice is past its due date today (Tokyo).</summary>
    public bool IsOverdue(Invoice invoice) => invoice is { PaidOn: null } && invoice.DueDate < InvoiceCalculator.WorkspaceDate(time.GetUtcNow());

    /// <summary>
    /// Workspaces with an unpaid invoice at least <paramref name="days"/> days past its due date (Tokyo today), the
    /// longest overdue first: the tenant page shows them and the alerts raise one (suspension stays a human decision).
    /// </summary>
    public async Task<IReadOnlyList<OverdueWorkspace>> OverdueAsync(int days, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var today = InvoiceCalculator.WorkspaceDate(time.GetUtcNow());
        var dueBefore = today.AddDays(-days);
        var unpaid = await db.Invoices.AsNoTracking().Where(i => i.PaidOn == null && i.DueDate <= dueBefore).ToListAsync(cancellationToken);
        // Still "past due" when days is 0: the due date itself is not overdue.
        return unpaid.Where(i => i.DueDate < today).GroupBy(i => i.TenantId)
            .Select(g =>
            {
                var oldest = g.Min(i => i.DueDate);
                var latest = g.OrderByDescending(i => i.IssueDate).First();
                return new OverdueWorkspace(g.Key, latest.WorkspaceIdentifier, latest.CustomerName, g.Count(), g.Sum(i => i.TotalYen), oldest,
                    today.DayNumber - oldest.DayNumber);
            })
            .OrderByDescending(w => w.DaysOverdue).ToList();
    }

    /// <summary>Records an invoice's payment (operator), in the platform audit chain in the same save.</summary>
    public async Task<Result<MarkPaidRefusal>> MarkPaidAsync(Guid invoiceId, PaymentMethod method, DateOnly paidOn, string? reason, CancellationToken cancellationToken = default)
    {
        var why = reason?.Trim();
        if (why is not { Length: > 0 and <= ReasonMaxLength } || !Enum.IsDefined(method) || paidOn > InvoiceCalculator.WorkspaceDate(time.GetUtcNow()))
            return MarkPaidRefusal.Invalid;
        var invoice = await db.Invoices.AsNoTracking().SingleOrDefaultAsync(i => i.Id == invoiceId, cancellationToken);
        if (invoice is null) return MarkPaidRefusal.NotFound;
        if (invoice.IsPaid) return MarkPaidRefusal.AlreadyPaid;
        if (paidOn < invoice.IssueDate) return MarkPaidRefusal.Invalid;

        // A concurrent second "mark paid" (another operator, another instance) must not overwrite this one: the row is
        // claimed with a conditional update in the transaction that records the rest and the audit entry.
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var claimed = await db.Invoices.Where(i => i.Id == invoiceId && i.PaidOn == null)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.PaidOn, paidOn)
                    .SetProperty(i => i.PaymentMethod, method).SetProperty(i => i.PaymentNote, why).SetProperty(i => i.PaidRecordedBy, actor.Name), ct);
            if (claimed == 0) return MarkPaidRefusal.AlreadyPaid;
            audit.Record(db, AuditActions.InvoicePaid, new AuditTarget("invoice", invoice.Id.ToString(), invoice.DisplayNumber),
                new { workspace = invoice.WorkspaceIdentifier, month = invoice.BillingMonth, method = method.ToString(), paidOn, totalYen = invoice.TotalYen, reason = why });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return Result<MarkPaidRefusal>.Ok;
        }, cancellationToken);
    }
}
