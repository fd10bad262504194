using System.Globalization;
using System.Text;
using SecureAiChat.Core.Audit;

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
            csv.AppendJoin(',', month, CsvCell(line.Department), Number(line.Members), Number(line.Answers), Number(line.Tokens),
                Number(line.YenExcludingTax), Number(line.YenIncludingTax)).Append("\r\n");
        }

        var encoding = shiftJis ? AuditExport.ShiftJis : new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        return [.. encoding.GetPreamble(), .. encoding.GetBytes(csv.ToString())];
    }

    /// <summary>A CSV cell; a leading =, +, - or @ gets a ' so a spreadsheet never runs it as a formula.</summary>
    public static string CsvCell(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal)) value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
