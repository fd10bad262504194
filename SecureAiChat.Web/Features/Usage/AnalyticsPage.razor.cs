using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using SecureAiChat.Core.Budgets;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Usage;

namespace SecureAiChat.Web.Features.Usage;

/// <summary>分析: the workspace's usage over a range, by day, department, member and model, all from the daily rollups.</summary>
public sealed partial class AnalyticsPage
{
    private const string All = "";

    [Inject] private UsageAnalytics Analytics { get; set; } = default!;
    [Inject] private WorkspaceFiscalYear FiscalYear { get; set; } = default!;
    [Inject] private IStringLocalizer<UsageStrings> L { get; set; } = default!;

    private AnalyticsRangePreset _preset = AnalyticsRangePreset.Last30Days;
    private DateTime? _customFrom;
    private DateTime? _customTo;
    private string _department = All;
    private string _model = All;
    private IReadOnlyList<AnalyticsOption> _departments = [];
    private IReadOnlyList<string> _models = [];
    private AnalyticsReport? _report;
    private AdoptionFunnel? _adoption;
    private IReadOnlyList<TemplateUse> _templates = [];
    private AnalyticsCharts _charts = AnalyticsCharts.Empty;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    /// <summary>A preset range to open with (<c>?range=ThisFiscalYear</c>), for links and bookmarks.</summary>
    [SupplyParameterFromQuery(Name = "range")] private string? RangeQuery { get; set; }

    // The whole workspace, or the departments a department manager manages: every figure below stays inside it.
    private AnalyticsScope _scope = AnalyticsScope.Of([]);

    // The workspace's fiscal year (set by an admin on the budgets page, else Usage:Analytics:FiscalYearStartMonth).
    private int _fiscalYearStartMonth = 4;

    // Owners and Admins set the fiscal year; the page links them to where.
    private bool _setsFiscalYear;

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthenticationState).User;
        _scope = await Analytics.ScopeForAsync(user);
        _setsFiscalYear = user.IsInRole(Roles.Owner) || user.IsInRole(Roles.Admin);
        _departments = await Analytics.DepartmentsAsync(_scope);
        _fiscalYearStartMonth = await FiscalYear.StartMonthAsync();
        _adoption = await Analytics.AdoptionAsync(_scope);
        if (Enum.TryParse<AnalyticsRangePreset>(RangeQuery, ignoreCase: true, out var preset) && Enum.IsDefined(preset) && preset != AnalyticsRangePreset.Custom)
        {
            _preset = preset;
        }

        _models = await Analytics.ModelsAsync();
        var today = Analytics.Today.ToDateTime(TimeOnly.MinValue);
        (_customFrom, _customTo) = (today.AddDays(-29), today);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var range = AnalyticsRange.For(_preset, Analytics.Today, _fiscalYearStartMonth,
            _customFrom is { } from ? DateOnly.FromDateTime(from) : null, _customTo is { } to ? DateOnly.FromDateTime(to) : null);
        var filter = new AnalyticsFilter(Guid.TryParse(_department, out var department) ? department : null, _model == All ? null : _model);
        _report = await Analytics.GetAsync(range, filter, _scope);
        _templates = await Analytics.TopTemplatesAsync(range, filter, _scope);
        _charts = AnalyticsCharts.From(_report, key => L[key], CultureInfo.CurrentUICulture);
    }

    private async Task RangeChangedAsync(AnalyticsRangePreset preset)
    {
        _preset = preset;
        await LoadAsync();
    }

    private async Task FromChangedAsync(DateTime? from)
    {
        _customFrom = from;
        await LoadAsync();
    }

    private async Task ToChangedAsync(DateTime? to)
    {
        _customTo = to;
        await LoadAsync();
    }

    private async Task DepartmentChangedAsync(string department)
    {
        _department = department;
        await LoadAsync();
    }

    private async Task ModelChangedAsync(string model)
    {
        _model = model;
        await LoadAsync();
    }

    private string FiscalYearText => L["Analytics_FiscalYear", CultureInfo.CurrentUICulture.DateTimeFormat.GetMonthName(_fiscalYearStartMonth)];

    // A funnel step's share of the first step, for its bar.
    private static double Share(int count, int of) => of == 0 ? 0 : Math.Min(100, count * 100.0 / of);

    private string DepartmentLabel(AnalyticsLine line) => UsageHosting.DepartmentLabel(line, L);

    // The table's CSV with the page's range and filters.
    private string TableHref(string table, bool shiftJis) => string.Create(CultureInfo.InvariantCulture,
        $"{UsageHosting.TableExportPath}?table={table}&from={_report!.Range.From:yyyy-MM-dd}&to={_report.Range.To:yyyy-MM-dd}"
        + $"&department={Uri.EscapeDataString(_department)}&model={Uri.EscapeDataString(_model)}&encoding={(shiftJis ? "shift_jis" : "utf-8")}");

    private string RangeText(AnalyticsRange range)
    {
        var format = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ja" ? "yyyy年M月d日" : "MMM d, yyyy";
        return L["Analytics_RangeText", range.From.ToString(format, CultureInfo.CurrentUICulture), range.To.ToString(format, CultureInfo.CurrentUICulture), range.Days];
    }

    // The chargeback is per calendar month: the month the range ends in.
    private UsageMonthKey ChargebackMonth => new(_report!.Range.To.Year, _report.Range.To.Month);

    private string ChargebackMonthText => new DateTime(ChargebackMonth.Year, ChargebackMonth.Month, 1, 0, 0, 0, DateTimeKind.Unspecified)
        .ToString(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ja" ? "yyyy年M月" : "MMMM yyyy", CultureInfo.CurrentUICulture);

    private string ChargebackHref(bool shiftJis) =>
        $"{UsageHosting.ChargebackPath}?month={ChargebackMonth}&encoding={(shiftJis ? "shift_jis" : "utf-8")}";

    private readonly record struct UsageMonthKey(int Year, int Month)
    {
        public override string ToString() => $"{Year:D4}-{Month:D2}";
    }
}
