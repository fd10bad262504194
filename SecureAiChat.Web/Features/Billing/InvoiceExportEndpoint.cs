using System.Globalization;
using System.Text;
using Microsoft.Extensions.Localization;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Billing;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Web.Features.Billing;

/// <summary>
/// <c>GET /ops/invoices/export?q=&amp;month=&amp;status=&amp;format=csv|csv-sjis</c>: the operator's invoice list as CSV with the
/// page's filters (root host, Operators only), recorded in the platform audit chain before a byte is sent.
/// </summary>
public static class InvoiceExportEndpoint
{
    public const string Path = "/ops/invoices/export";

    public static WebApplication MapInvoiceExport(this WebApplication app)
    {
        app.MapGet(Path, ExportAsync).RequireAuthorization(policy => policy.RequireRole(Roles.Operator)).ExcludeFromDescription();
        return app;
    }

    public static string Href(string? search, string? month, InvoiceStatusFilter status)
    {
        var query = new List<string>();
        if (!string.IsNullOrWhiteSpace(search)) query.Add("q=" + Uri.EscapeDataString(search.Trim()));
        if (!string.IsNullOrWhiteSpace(month)) query.Add("month=" + Uri.EscapeDataString(month.Trim()));
        if (status != InvoiceStatusFilter.All) query.Add("status=" + status);
        return query.Count == 0 ? Path : Path + "?" + string.Join('&', query);
    }

    private static async Task ExportAsync(HttpContext http, IMultiTenantContextAccessor<AppTenantInfo> tenant, AppDbContext db, InvoiceService invoices,
        IAuditLog audit, IStringLocalizer<BillingStrings> L, TimeProvider time)
    {
        http.Response.Headers.CacheControl = "no-store";
        if (tenant.MultiTenantContext.TenantInfo is not null)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        string? statusText = http.Request.Query["status"];
        var status = InvoiceStatusFilter.All;
        string? format = http.Request.Query["format"];
        if ((!string.IsNullOrEmpty(statusText) && (!Enum.TryParse(statusText, ignoreCase: true, out status) || !Enum.IsDefined(status)))
            || format is not (null or "" or "csv" or "csv-sjis"))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsync("invalid status or format", http.RequestAborted);
            return;
        }

        var filter = new InvoiceFilter(http.Request.Query["q"], ((string?)http.Request.Query["month"])?.Trim(), status);
        var rows = await invoices.ListAsync(filter, http.RequestAborted);
        audit.Record(db, AuditActions.InvoicesExported, new AuditTarget("invoice-list"), new { filter.Search, filter.Month, status = status.ToString(), rows = rows.Count });
        await db.SaveChangesAsync(http.RequestAborted);

        var stamp = TimeZoneInfo.ConvertTime(time.GetUtcNow(), WorkspaceTime.Tokyo).ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
        var encoding = format == "csv-sjis" ? CsvText.ShiftJis : new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        http.Response.ContentType = $"text/csv; charset={(format == "csv-sjis" ? "shift_jis" : "utf-8")}";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"invoices-{stamp}.csv\"";
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(Write(rows, L, InvoiceCalculator.WorkspaceDate(time.GetUtcNow())))).ToArray();
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
    }

    /// <summary>A localized header row, then one row per invoice with plain numbers (whole yen, no separators) and ISO dates.</summary>
    public static string Write(IEnumerable<Invoice> rows, IStringLocalizer<BillingStrings> L, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(L);
        var csv = new StringBuilder();
        string[] header = ["Col_Number", "Col_Month", "Col_Workspace", "Col_Customer", "Col_IssueDate", "Col_DueDate", "Col_Subtotal", "Col_Tax", "Col_Total",
            "Col_Status", "Col_PaidOn", "Col_Method", "Col_Note"];
        csv.AppendJoin(',', header.Select(h => CsvText.Cell(L[h]))).Append("\r\n");
        var invariant = CultureInfo.InvariantCulture;
        foreach (var i in rows)
        {
            var state = i.IsPaid ? "Paid" : i.DueDate < today ? "Overdue" : "Unpaid";
            string?[] cells =
            [
                i.DisplayNumber, i.BillingMonth, i.WorkspaceIdentifier, i.CustomerName, i.IssueDate.ToString("yyyy-MM-dd", invariant), i.DueDate.ToString("yyyy-MM-dd", invariant),
                i.SubtotalYen.ToString(invariant), i.TaxYen.ToString(invariant), i.TotalYen.ToString(invariant), L["Status_" + state].Value,
                i.PaidOn?.ToString("yyyy-MM-dd", invariant), i.PaymentMethod is { } method ? L["Method_" + method].Value : null, i.PaymentNote,
            ];
            csv.AppendJoin(',', cells.Select(CsvText.Cell)).Append("\r\n");
        }
        return csv.ToString();
    }
}
