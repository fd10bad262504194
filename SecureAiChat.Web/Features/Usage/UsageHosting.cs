using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Core.Usage;

namespace SecureAiChat.Web.Features.Usage;

public static class UsageHosting
{
    /// <summary>Path of the CSV export (query <c>months=0</c> this month, <c>1</c> last month).</summary>
    public const string ExportPath = "/usage/export.csv";

    /// <summary>Path of the chargeback CSV (query <c>month=yyyy-MM</c>, <c>encoding=utf-8|shift_jis</c>).</summary>
    public const string ChargebackPath = "/analytics/chargeback.csv";

    /// <summary>
    /// Path of a table's CSV (query <c>table=department|member|model</c>, <c>from</c> and <c>to</c> as <c>yyyy-MM-dd</c>,
    /// optional <c>department</c> and <c>model</c> filters, <c>encoding=utf-8|shift_jis</c>).
    /// </summary>
    public const string TableExportPath = "/analytics/export.csv";

    /// <summary>
    /// Usage: monthly allowance and caps with reservations, the usage report and its price table
    /// (<c>Usage:Pricing</c>), and the alert job.
    /// </summary>
    public static IHostApplicationBuilder AddUsage(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<UsagePricingOptions>().BindConfiguration(UsagePricingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<TokenReservations>();
        services.AddScoped<TokenAllowance>();
        services.AddSingleton<IPlanAllowance, PlanAllowance>();
        services.AddScoped<UsageReport>();
        services.AddTransient<UsageAlertJob>();
        services.AddTransient<UsageRollupJob>();
        services.AddOptions<AnalyticsOptions>().BindConfiguration(AnalyticsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<UsageAnalytics>();
        services.AddTransient<UsageMonthlyReportJob>();
        services.Configure<Microsoft.AspNetCore.Authorization.AuthorizationOptions>(AnalyticsPolicies.Add);
        services.AddScoped<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, AnalyticsViewerHandler>();
        return builder;
    }

    /// <summary>The CSV exports (the usage jobs are scheduled in <c>MapJobs()</c>).</summary>
    public static WebApplication MapUsage(this WebApplication app)
    {
        app.MapGet(ExportPath, ExportAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapGet(ChargebackPath, ChargebackAsync).RequireAuthorization(AnalyticsPolicies.ViewAnalytics).ExcludeFromDescription();
        app.MapGet(TableExportPath, TableExportAsync).RequireAuthorization(AnalyticsPolicies.ViewAnalytics).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ChargebackAsync(HttpContext http, string? month, string? encoding, UsageAnalytics analytics,
        IOptions<AnalyticsOptions> options, IStringLocalizer<UsageStrings> L, IDbContextFactory<AppDbContext> dbs, IAuditLog audit)
    {
        http.Response.Headers.CacheControl = "no-store";
        if (!DateOnly.TryParseExact((month ?? "") + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
        {
            return Results.BadRequest(L["Chargeback_BadMonth"].Value);
        }

        var shiftJis = string.Equals(encoding, "shift_jis", StringComparison.OrdinalIgnoreCase);
        var range = new AnalyticsRange(first, first.AddMonths(1).AddDays(-1));
        var scope = await analytics.ScopeForAsync(http.User, http.RequestAborted);
        var report = await analytics.GetAsync(range, new AnalyticsFilter(), scope, http.RequestAborted);
        var key = first.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var lines = Chargeback.Lines(report.ByDepartment, l => DepartmentLabel(l, L), options.Value.ConsumptionTaxRate);
        var bytes = Chargeback.ToCsv(key, lines, shiftJis);
        await using (var db = await dbs.CreateDbContextAsync(http.RequestAborted))
        {
            audit.Record(db, AuditActions.UsageExported, AuditTarget.Workspace(),
                new { kind = "chargeback", month = key, encoding = shiftJis ? "shift_jis" : "utf-8", departments = lines.Count, scope = scope.IsWorkspace ? "workspace" : "managed" });
            await db.SaveChangesAsync(http.RequestAborted);
        }

        return Results.File(bytes, shiftJis ? "text/csv; charset=shift_jis" : "text/csv; charset=utf-8",
            string.Create(CultureInfo.InvariantCulture, $"chargeback-{key}{(shiftJis ? "-sjis" : "")}.csv"));
    }

    private static async Task<IResult> TableExportAsync(HttpContext http, string? table, string? from, string? to, string? department, string? model,
        string? encoding, UsageAnalytics analytics, IStringLocalizer<UsageStrings> L, IDbContextFactory<AppDbContext> dbs, IAuditLog audit)
    {
        http.Response.Headers.CacheControl = "no-store";
        if (table is not ("department" or "member" or "model")
            || !DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            || !DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var last))
        {
            return Results.BadRequest(L["Export_BadQuery"].Value);
        }

        var shiftJis = string.Equals(encoding, "shift_jis", StringComparison.OrdinalIgnoreCase);
        var range = AnalyticsRange.Custom(first, last);
        // The page sends department= (empty) for all departments, so the id is parsed here rather than bound.
        Guid? departmentId = Guid.TryParse(department, out var parsed) ? parsed : null;
        var scope = await analytics.ScopeForAsync(http.User, http.RequestAborted);
        if (departmentId is { } asked && !scope.Allows(asked))
        {
            return Results.NotFound(); // another department's figures do not exist for a department manager
        }

        var report = await analytics.GetAsync(range, new AnalyticsFilter(departmentId, string.IsNullOrEmpty(model) ? null : model), scope, http.RequestAborted);
        var (lines, label) = table switch
        {
            "department" => (report.ByDepartment, (Func<AnalyticsLine, string>)(l => DepartmentLabel(l, L))),
            "member" => (report.ByMember, l => l.Label),
            _ => (report.ByModel, l => l.Label),
        };
        var bytes = Chargeback.TableToCsv(range, lines, label, shiftJis);
        await using (var db = await dbs.CreateDbContextAsync(http.RequestAborted))
        {
            audit.Record(db, AuditActions.UsageExported, AuditTarget.Workspace(), new
            {
                kind = "analytics", table, from = range.From, to = range.To, department = departmentId, model, encoding = shiftJis ? "shift_jis" : "utf-8",
            });
            await db.SaveChangesAsync(http.RequestAborted);
        }

        return Results.File(bytes, shiftJis ? "text/csv; charset=shift_jis" : "text/csv; charset=utf-8",
            string.Create(CultureInfo.InvariantCulture, $"analytics-{table}-{range.From:yyyyMMdd}-{range.To:yyyyMMdd}{(shiftJis ? "-sjis" : "")}.csv"));
    }

    /// <summary>A department line's name as the page shows it.</summary>
    internal static string DepartmentLabel(AnalyticsLine line, IStringLocalizer<UsageStrings> L) =>
        line.Key == AnalyticsFilter.NoDepartment.ToString() ? L["Analytics_NoDepartment"]
        : line.Label.Length == 0 ? L["Analytics_DeletedDepartment"] : line.Label;

    private static async Task<IResult> ExportAsync(HttpContext http, int? months, UsageReport report, IStringLocalizer<UsageStrings> L,
        IDbContextFactory<AppDbContext> dbs, IAuditLog audit)
    {
        http.Response.Headers.CacheControl = "no-store";
        var userId = http.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null) return Results.Unauthorized();
        // Admins and auditors export the workspace; members their own usage, exactly as the page shows it.
        var admin = Roles.ReadsWorkspace(http.User);
        var summary = await report.GetAsync(Math.Clamp(months ?? 0, 0, 1), admin ? null : userId, http.RequestAborted);
        var csv = UsageReport.ToCsv(summary, L["ByMember"], L["ByModel"]);
        // The download changes nothing, so its entry is saved on its own, before the file leaves.
        await using (var db = await dbs.CreateDbContextAsync(http.RequestAborted))
        {
            audit.Record(db, AuditActions.UsageExported, AuditTarget.Workspace(), new { month = summary.Month.Key, scope = admin ? "workspace" : "own" });
            await db.SaveChangesAsync(http.RequestAborted);
        }

        return Results.File(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8",
            string.Create(CultureInfo.InvariantCulture, $"usage-{summary.Month.Key}.csv"));
    }
}
