using System.Globalization;

namespace SecureAiChat.Benchmarks;

/// <summary>Order statistics (medians and percentiles: robust on a noisy shared machine, unlike means).</summary>
public static class Stats
{
    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = p / 100 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    public static double Median(IReadOnlyCollection<double> values) => Percentile(values, 50);

    /// <summary>Interquartile range, written "p25–p75".</summary>
    public static string Iqr(IReadOnlyCollection<double> values, string format = "0.0") =>
        $"{F(Percentile(values, 25), format)}–{F(Percentile(values, 75), format)}";

    /// <summary>Smallest and largest of a few repeats, written "min–max".</summary>
    public static string Range(IReadOnlyCollection<double> values, string format = "0.00") =>
        values.Count == 0 ? "–" : $"{F(values.Min(), format)}–{F(values.Max(), format)}";

    public static string F(double value, string format = "0.0") =>
        double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);
}
