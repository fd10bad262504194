using System.Globalization;
using MudBlazor;
using SecureAiChat.Core.Usage;

namespace SecureAiChat.Web.Features.Usage;

/// <summary>The analytics charts' series, built from the report (one point per day of the range).</summary>
public sealed record AnalyticsCharts(
    string[] Labels,
    List<ChartSeries<double>> Tokens,
    List<ChartSeries<double>> Cost,
    List<ChartSeries<double>> Active,
    string[] WeekLabels,
    List<ChartSeries<double>> ActiveWeekly,
    string[] ModelLabels,
    List<ChartSeries<double>> Models)
{
    public static readonly AnalyticsCharts Empty = new([], [], [], [], [], [], [], []);

    /// <summary>At most this many day labels are written under a chart; the others stay blank so they do not overlap.</summary>
    public const int MaxLabels = 12;

    public static AnalyticsCharts From(AnalyticsReport report, Func<string, string> text, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(text);
        var days = report.Days;
        var format = culture.TwoLetterISOLanguageName == "ja" ? "M/d" : "MMM d";
        var labels = Sparse(days.Select(d => d.Day.ToString(format, culture)).ToArray());
        return new AnalyticsCharts(
            labels,
            [
                Series(text("Analytics_InputTokens"), days.Select(d => (double)d.InputTokens)),
                Series(text("Analytics_OutputTokens"), days.Select(d => (double)d.OutputTokens)),
            ],
            [Series(text("EstimatedCost"), days.Select(d => (double)Math.Round(d.CostYen, 2)))],
            [Series(text("Analytics_ActiveMembers"), days.Select(d => (double)d.ActiveMembers))],
            Sparse(report.Weeks.Select(w => w.WeekStart.ToString(format, culture)).ToArray()),
            [Series(text("Analytics_ActiveMembers"), report.Weeks.Select(w => (double)w.ActiveMembers))],
            report.ByModel.Select(m => m.Label).ToArray(),
            [Series(text("Answers"), report.ByModel.Select(m => (double)m.Answers))]);
    }

    private static string[] Sparse(string[] labels)
    {
        var step = Math.Max(1, (int)Math.Ceiling(labels.Length / (double)MaxLabels));
        return labels.Select((l, i) => i % step == 0 ? l : "").ToArray();
    }

    private static ChartSeries<double> Series(string name, IEnumerable<double> values) => new() { Name = name, Data = values.ToArray() };
}
