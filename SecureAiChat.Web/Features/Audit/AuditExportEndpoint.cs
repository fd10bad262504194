using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Web.Features.Audit;

/// <summary>
/// <c>GET /settings/audit/export?format=csv|csv-sjis|jsonl</c> with the viewer's filters (<c>from</c>, <c>to</c> as
/// yyyy-MM-dd in the workspace's zone, <c>actor</c>, <c>category</c>, <c>target</c>, <c>outcome</c>, <c>client</c>).
/// The export is recorded in the chain first, then the entries are streamed straight from the database.
/// <c>GET /ops/audit/export</c> does the same for the platform chain, for operators on the root host.
/// </summary>
public static class AuditExportEndpoint
{
    public const string Path = "/settings/audit/export";
    public const string PlatformPath = "/ops/audit/export";

    /// <summary>Roles that may read (and export) the workspace's audit log.</summary>
    public static readonly string[] ReaderRoles = [Roles.Owner, Roles.Admin, Roles.Auditor];

    public static WebApplication MapAuditExport(this WebApplication app)
    {
        app.MapGet(Path, ExportWorkspaceAsync).RequireAuthorization(policy => policy.RequireRole(ReaderRoles)).ExcludeFromDescription();
        app.MapGet(PlatformPath, ExportPlatformAsync).RequireAuthorization(policy => policy.RequireRole(Roles.Operator)).ExcludeFromDescription();
        return app;
    }

    /// <summary>The query string's format name, or null when unknown.</summary>
    public static AuditExportFormat? ParseFormat(string? format) => format switch
    {
        null or "" or "csv" => AuditExportFormat.Csv,
        "csv-sjis" => AuditExportFormat.CsvShiftJis,
        "jsonl" => AuditExportFormat.JsonLines,
        _ => null,
    };

    /// <summary>The filter from the query string; null with the name of the first value that does not parse.</summary>
    public static (AuditFilter? Filter, string? Invalid) ParseFilter(IQueryCollection query)
    {
        static bool Date(string? text, out DateOnly? day)
        {
            day = null;
            if (string.IsNullOrWhiteSpace(text)) return true;
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)) return false;
            day = parsed;
            return true;
        }
        if (!Date(query["from"], out var from)) return (null, "from");
        if (!Date(query["to"], out var to)) return (null, "to");
        string? category = query["category"];
        if (!string.IsNullOrEmpty(category) && !AuditActions.Categories.Contains(category)) return (null, "category");
        AuditOutcome? outcome = null;
        if (query["outcome"] is { Count: > 0 } text && !string.IsNullOrEmpty(text))
        {
            if (!Enum.TryParse<AuditOutcome>(text, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed)) return (null, "outcome");
            outcome = parsed;
        }
        return (new AuditFilter
        {
            From = from, To = to, Actor = query["actor"], Category = category, Target = query["target"], Outcome = outcome, ClientAddress = query["client"],
        }, null);
    }

    private static Task ExportWorkspaceAsync(HttpContext http, IMultiTenantContextAccessor<AppTenantInfo> tenant, AppDbContext db,
        IDbContextFactory<AppDbContext> dbs, IAuditLog audit, IStringLocalizer<AuditStrings> L)
    {
        if (tenant.MultiTenantContext.TenantInfo is not { } workspace) return NotFound(http);
        return ExportAsync<AuditEntry>(http, db, dbs, audit, L, workspace.Identifier, WorkspaceTime.Zone(workspace.TimeZoneId));
    }

    /// <summary>The platform chain, on the root host only (a workspace host has no such page, so: not found).</summary>
    private static Task ExportPlatformAsync(HttpContext http, IMultiTenantContextAccessor<AppTenantInfo> tenant, AppDbContext db,
        IDbContextFactory<AppDbContext> dbs, IAuditLog audit, IStringLocalizer<AuditStrings> L) =>
        tenant.MultiTenantContext.TenantInfo is not null
            ? NotFound(http)
            : ExportAsync<PlatformAuditEntry>(http, db, dbs, audit, L, "platform", WorkspaceTime.Tokyo);

    private static Task NotFound(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private static async Task ExportAsync<TEntry>(HttpContext http, AppDbContext db, IDbContextFactory<AppDbContext> dbs, IAuditLog audit,
        IStringLocalizer<AuditStrings> L, string chainName, TimeZoneInfo zone)
        where TEntry : AuditRecord
    {
        http.Response.Headers.CacheControl = "no-store";
        var format = ParseFormat(http.Request.Query["format"]);
        var (filter, invalid) = ParseFilter(http.Request.Query);
        if (format is null || filter is null)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsync("invalid " + (format is null ? "format" : invalid), http.RequestAborted);
            return;
        }

        // Recorded before a byte is sent: a download that happened is always in the chain.
        audit.Record(db, AuditActions.AuditExported, new AuditTarget("audit-log"), new
        {
            format = http.Request.Query["format"].ToString() is { Length: > 0 } f ? f : "csv",
            from = filter.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            to = filter.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            filter.Actor,
            filter.Category,
            filter.Target,
            outcome = filter.Outcome?.ToString(),
            client = filter.ClientAddress,
        });
        await db.SaveChangesAsync(http.RequestAborted);

        var stamp = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
        http.Response.ContentType = AuditExport.ContentType(format.Value);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"audit-{chainName}-{stamp}.{AuditExport.FileExtension(format.Value)}\"";
        // Rows go out as they are read; nothing buffers the whole export.
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await using var read = await dbs.CreateDbContextAsync(http.RequestAborted);
        await AuditExport.WriteAsync(http.Response.Body, format.Value, AuditLogQuery.StreamAsync<TEntry>(read, filter, zone), zone,
            code => L[code] is { ResourceNotFound: false } label ? label.Value : code, http.RequestAborted);
    }
}
