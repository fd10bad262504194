using System.Globalization;
using System.Text;
using Microsoft.Extensions.Localization;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Operations;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Web.Features.Operations;

/// <summary>
/// <c>GET /ops/tenants/export?q=&amp;plan=&amp;status=&amp;format=csv|csv-sjis</c>: the operator's tenant list as CSV, with the
/// same search and filters as the page (root host, Operators only; a workspace host has no such address). The download is
/// recorded in the platform audit chain first.
/// </summary>
public static class TenantExportEndpoint
{
    public const string Path = "/ops/tenants/export";

    public static WebApplication MapTenantExport(this WebApplication app)
    {
        app.MapGet(Path, ExportAsync).RequireAuthorization(policy => policy.RequireRole(Roles.Operator)).ExcludeFromDescription();
        return app;
    }

    /// <summary>The address of the export with the page's current search and filters.</summary>
    public static string Href(string? search, string? plan, string? status)
    {
        var query = new List<string>();
        if (!string.IsNullOrWhiteSpace(search)) query.Add("q=" + Uri.EscapeDataString(search.Trim()));
        if (!string.IsNullOrEmpty(plan)) query.Add("plan=" + Uri.EscapeDataString(plan));
        if (!string.IsNullOrEmpty(status)) query.Add("status=" + Uri.EscapeDataString(status));
        return query.Count == 0 ? Path : Path + "?" + string.Join('&', query);
    }

    private static async Task ExportAsync(HttpContext http, IMultiTenantContextAccessor<AppTenantInfo> tenant, AppDbContext db,
        TenantDirectory directory, IAuditLog audit, IStringLocalizer<TenantsStrings> L, TimeProvider time)
    {
        http.Response.Headers.CacheControl = "no-store";
        if (tenant.MultiTenantContext.TenantInfo is not null)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        string? statusText = http.Request.Query["status"];
        if (!TenantListFilter.TryCreate(http.Request.Query["q"], http.Request.Query["plan"], statusText, out var filter))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsync("invalid status", http.RequestAborted);
            return;
        }
        string? format = http.Request.Query["format"];
        if (format is not (null or "" or "csv" or "csv-sjis"))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsync("invalid format", http.RequestAborted);
            return;
        }

        var rows = await directory.ListAsync(filter, http.RequestAborted);
        // Recorded before a byte is sent: a download that happened is always in the chain.
        audit.Record(db, AuditActions.TenantsExported, new AuditTarget("tenant-list"), new { filter.Search, filter.Plan, status = statusText, rows = rows.Count });
        await db.SaveChangesAsync(http.RequestAborted);

        var stamp = TimeZoneInfo.ConvertTime(time.GetUtcNow(), WorkspaceTime.Tokyo).ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
        var encoding = format == "csv-sjis" ? CsvText.ShiftJis : new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        http.Response.ContentType = $"text/csv; charset={(format == "csv-sjis" ? "shift_jis" : "utf-8")}";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"tenants-{stamp}.csv\"";
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(Write(rows, L))).ToArray();
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
    }

    /// <summary>The CSV text: a localized header row, then one row per workspace with codes and plain numbers (no separators).</summary>
    public static string Write(IEnumerable<TenantSummary> rows, IStringLocalizer<TenantsStrings> L)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(L);
        var csv = new StringBuilder();
        string[] header = ["Col_Identifier", "Col_Company", "Col_Plan", "Col_Status", "Col_SeatsUsed", "Col_SeatLimit", "Col_Active7", "Col_Tokens", "Col_Cost",
            "Col_Provider", "Col_Failed24", "Col_LastActivity", "Col_Created"];
        csv.AppendJoin(',', header.Select(h => CsvText.Cell(L[h]))).Append("\r\n");
        var invariant = CultureInfo.InvariantCulture;
        foreach (var t in rows)
        {
            string?[] cells =
            [
                t.Identifier, t.Company, t.Plan, t.DisplayStatus, t.SeatsUsed.ToString(invariant), t.SeatLimit?.ToString(invariant),
                t.ActiveMembers7Days.ToString(invariant), t.TokensThisMonth.ToString(invariant), t.CostYenThisMonth.ToString("0", invariant),
                t.Provider.ToString(), t.FailedAnswers24Hours.ToString(invariant), t.LastActivity is { } last ? WorkspaceTime.Format(last) : null,
                WorkspaceTime.Format(t.CreatedAt),
            ];
            csv.AppendJoin(',', cells.Select(CsvText.Cell)).Append("\r\n");
        }
        return csv.ToString();
    }
}
