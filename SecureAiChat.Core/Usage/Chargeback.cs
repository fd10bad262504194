using System.Globalization;
using System.Text;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Usage;

/// <summary>One department's charge for a month: estimated cost in whole yen, excluding and including consumption tax.</summary>
public sealed record ChargebackLine(string Department, int Members, int Answers, long Tokens, long YenExcludingTax, long YenIncludingTax);

/// <summary>
/// The chargeback per department (部門別按分) of a month, from the rollups' estimates. Amounts are whole yen: the estimate is
/// rounded half away from zero, and the tax on it is rounded down (切り捨て), the usual practice on Japanese invoices.
/// </summary>
public static class Chargeback
{
    public static readonly IReadOnlyList<string> Columns = ["month", "department", "members", "answers", "tokens", "jpy_excluding_tax", "jpy_including_tax"];

    public static IReadOnlyList<ChargebackLine> Lines(IEnumerable<AnalyticsLine> byDepartment, Func<AnalyticsLine, string> name, decimal taxRate)
    {
        ArgumentNullException.ThrowIfNull(byDepartment);
        ArgumentNullException.ThrowIfNull(name);
        return byDepartment.Select(l =>
        {
            var excluding = (long)Math.Round(l.CostYen ?? 0, 0, MidpointRounding.AwayFromZero);
            return new ChargebackLine(name(l), l.Members, l.Answers, l.TotalTokens, excluding, excluding + (long)Math.Floor(excluding * taxRate));
        }).ToList();
    }

    /// <summary>CSV bytes in UTF-8 with BOM, or in Shift-JIS (cp932, unencodable characters as 〓) when <paramref name="shiftJis"/>.</summary>
    public static byte[] ToCsv(string month, IEnumerable<ChargebackLine> lines, bool shiftJis)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var csv = new StringBuilder();
        csv.Append(string.Join(',', Columns)).Append("\r\n");
        foreach (var line in lines)
        {
            csv.AppendJoin(',', month, CsvText.Cell(line.Department), Number(line.Members), Number(line.Answers), Number(line.Tokens),
                Number(line.YenExcludingTax), Number(line.YenIncludingTax)).Append("\r\n");
        }

        return Encode(csv.ToString(), shiftJis);
    }

    /// <summary>
    /// One of the analytics page's tables as CSV (department, member or model lines of the range <paramref name="range"/>);
    /// <paramref name="label"/> names a line as the page does.
    /// </summary>
    public static byte[] TableToCsv(AnalyticsRange range, IEnumerable<AnalyticsLine> lines, Func<AnalyticsLine, string> label, bool shiftJis)
    {
        ArgumentNullException.ThrowIfNull(range);
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(label);
        var csv = new StringBuilder("from,to,name,members,answers,failures,input_tokens,output_tokens,total_tokens,estimated_cost_jpy\r\n");
        var from = range.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = range.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var line in lines)
        {
            csv.AppendJoin(',', from, to, CsvText.Cell(label(line)), Number(line.Members), Number(line.Answers), Number(line.Failures),
                Number(line.InputTokens), Number(line.OutputTokens), Number(line.TotalTokens),
                line.CostYen is { } yen ? Math.Round(yen, 2, MidpointRounding.AwayFromZero).ToString("0.##", CultureInfo.InvariantCulture) : "").Append("\r\n");
        }

        return Encode(csv.ToString(), shiftJis);
    }

    private static byte[] Encode(string csv, bool shiftJis)
    {
        var encoding = shiftJis ? CsvText.ShiftJis : new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        return [.. encoding.GetPreamble(), .. encoding.GetBytes(csv)];
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
