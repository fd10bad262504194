using System.Globalization;
using System.Text;
using SecureAiChat.Core.Usage;
using SecureAiChat.Web.Features.Usage;

namespace SecureAiChat.Tests.Unit.Usage;

/// <summary>Analytics ranges (fiscal year from April by default), chart data and the chargeback CSV in both encodings.</summary>
public sealed class AnalyticsRangeTests
{
    private static readonly DateOnly FiscalYearEnd = new(2026, 3, 31);

    [Fact]
    public void The_last_day_of_March_is_still_in_the_fiscal_year_that_began_the_April_before()
    {
        Assert.Equal(new AnalyticsRange(new(2025, 4, 1), new(2026, 3, 31)), AnalyticsRange.For(AnalyticsRangePreset.ThisFiscalYear, FiscalYearEnd));
        Assert.Equal(new AnalyticsRange(new(2024, 4, 1), new(2025, 3, 31)), AnalyticsRange.For(AnalyticsRangePreset.LastFiscalYear, FiscalYearEnd));
    }

    [Fact]
    public void The_first_of_April_starts_a_new_fiscal_year()
    {
        var april = new DateOnly(2026, 4, 1);
        Assert.Equal(new AnalyticsRange(new(2026, 4, 1), new(2027, 3, 31)), AnalyticsRange.For(AnalyticsRangePreset.ThisFiscalYear, april));
        Assert.Equal(new AnalyticsRange(new(2025, 4, 1), new(2026, 3, 31)), AnalyticsRange.For(AnalyticsRangePreset.LastFiscalYear, april));
    }

    [Fact]
    public void A_fiscal_year_may_start_in_another_month()
    {
        Assert.Equal(new AnalyticsRange(new(2026, 1, 1), new(2026, 12, 31)), AnalyticsRange.For(AnalyticsRangePreset.ThisFiscalYear, FiscalYearEnd, fiscalYearStartMonth: 1));
        Assert.Equal(new AnalyticsRange(new(2025, 10, 1), new(2026, 9, 30)), AnalyticsRange.For(AnalyticsRangePreset.ThisFiscalYear, FiscalYearEnd, fiscalYearStartMonth: 10));
    }

    [Fact]
    public void Rolling_and_month_ranges_include_today_and_whole_months()
    {
        var today = new DateOnly(2026, 1, 15);
        Assert.Equal(7, AnalyticsRange.For(AnalyticsRangePreset.Last7Days, today).Days);
        Assert.Equal(new DateOnly(2025, 10, 18), AnalyticsRange.For(AnalyticsRangePreset.Last90Days, today).From);
        Assert.Equal(new AnalyticsRange(new(2025, 12, 1), new(2025, 12, 31)), AnalyticsRange.For(AnalyticsRangePreset.LastMonth, today));
        Assert.Equal(new AnalyticsRange(new(2026, 1, 1), new(2026, 1, 31)), AnalyticsRange.For(AnalyticsRangePreset.ThisMonth, today));
    }

    [Fact]
    public void A_custom_range_is_put_in_order_and_capped()
    {
        Assert.Equal(new AnalyticsRange(new(2026, 1, 1), new(2026, 2, 1)), AnalyticsRange.For(AnalyticsRangePreset.Custom, FiscalYearEnd, from: new(2026, 2, 1), to: new(2026, 1, 1)));
        var long_ = AnalyticsRange.Custom(new(2000, 1, 1), new(2026, 1, 1));
        Assert.Equal((AnalyticsRange.MaxDays, new DateOnly(2026, 1, 1)), (long_.Days, long_.To));
    }

    [Fact]
    public void Chart_series_have_one_point_per_day_and_sparse_labels()
    {
        var range = new AnalyticsRange(new(2026, 3, 1), new(2026, 3, 30));
        var days = Enumerable.Range(0, 30).Select(i => new AnalyticsDay(range.From.AddDays(i), i, 2 * i, i * 1.5m, i, i % 4)).ToList();
        var weeks = new[] { new AnalyticsWeek(new(2026, 2, 23), 1), new AnalyticsWeek(new(2026, 3, 2), 3) };
        var report = new AnalyticsReport(range, days, weeks, [], [], [new AnalyticsLine("gpt-4o", "gpt-4o", 2, 7, 0, 1, 1, null)], 4, 0, 0, null);

        var charts = AnalyticsCharts.From(report, key => key, CultureInfo.GetCultureInfo("ja-JP"));

        Assert.Equal(30, charts.Labels.Length);
        Assert.Equal("3/1", charts.Labels[0]);
        Assert.True(charts.Labels.Count(l => l.Length > 0) <= AnalyticsCharts.MaxLabels);
        Assert.Equal(days.Select(d => (double)d.OutputTokens), charts.Tokens[1].Data.Select(p => p));
        Assert.Equal(43.5, charts.Cost[0].Data.Last());
        Assert.Equal(days.Select(d => (double)d.ActiveMembers), charts.Active[0].Data.Select(p => p));
        Assert.Equal(["2/23", "3/2"], charts.WeekLabels);
        Assert.Equal([1.0, 3.0], charts.ActiveWeekly[0].Data.Select(p => p));
        Assert.Equal(["gpt-4o"], charts.ModelLabels);
        Assert.Equal(7.0, charts.Models[0].Data.Single());
    }

    [Fact]
    public void Weeks_start_on_Monday()
    {
        Assert.Equal(new DateOnly(2026, 3, 9), UsageAnalytics.WeekStart(new DateOnly(2026, 3, 9)));
        Assert.Equal(new DateOnly(2026, 3, 9), UsageAnalytics.WeekStart(new DateOnly(2026, 3, 15)));
        Assert.Equal(new DateOnly(2026, 3, 16), UsageAnalytics.WeekStart(new DateOnly(2026, 3, 16)));
    }

    [Fact]
    public void Chargeback_rounds_the_estimate_to_yen_and_rounds_the_tax_down()
    {
        var lines = Chargeback.Lines([new AnalyticsLine("d", "営業部", 3, 10, 1, 100, 50, 1234.5m), new AnalyticsLine("e", "総務部", 1, 1, 0, 1, 1, null)], l => l.Label, 0.10m);

        Assert.Equal(new ChargebackLine("営業部", 3, 10, 150, 1235, 1358), lines[0]);
        Assert.Equal(new ChargebackLine("総務部", 1, 1, 2, 0, 0), lines[1]);
    }

    [Fact]
    public void Chargeback_csv_in_utf8_starts_with_a_bom_and_in_shift_jis_decodes_with_cp932()
    {
        var lines = new[] { new ChargebackLine("営業部", 3, 10, 150, 1235, 1358), new ChargebackLine("=HYPERLINK(\"x\")", 1, 1, 2, 0, 0) };

        var utf8 = Chargeback.ToCsv("2026-03", lines, shiftJis: false);
        var sjis = Chargeback.ToCsv("2026-03", lines, shiftJis: true);

        Assert.Equal([0xEF, 0xBB, 0xBF], utf8[..3]);
        var expected = "month,department,members,answers,tokens,jpy_excluding_tax,jpy_including_tax\r\n2026-03,営業部,3,10,150,1235,1358\r\n"
            + "2026-03,\"'=HYPERLINK(\"\"x\"\")\",1,1,2,0,0\r\n";
        Assert.Equal(expected, Encoding.UTF8.GetString(utf8[3..]));
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Assert.Equal(expected, Encoding.GetEncoding(932).GetString(sjis));
        Assert.Equal([0x89, 0x63], sjis[expected.IndexOf('営', StringComparison.Ordinal)..(expected.IndexOf('営', StringComparison.Ordinal) + 2)]);
    }
}
