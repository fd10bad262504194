using System.Text;

namespace SecureAiChat.Core.Data;

/// <summary>What every CSV the product writes shares: safe cells and the Shift-JIS encoding Japanese Excel expects.</summary>
public static class CsvText
{
    /// <summary>
    /// Written for a character cp932 cannot encode (emoji, some CJK extension characters): the geta mark 〓 is how
    /// Japanese systems traditionally show an unencodable character, so the loss is visible rather than silent.
    /// </summary>
    public const string ShiftJisReplacement = "〓";

    private static readonly Lazy<Encoding> ShiftJisEncoding = new(() =>
    {
        // The code-page provider ships with .NET; registering it is process-wide and needed once.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(932, new EncoderReplacementFallback(ShiftJisReplacement), DecoderFallback.ReplacementFallback);
    });

    /// <summary>cp932 with <see cref="ShiftJisReplacement"/> for unencodable characters.</summary>
    public static Encoding ShiftJis => ShiftJisEncoding.Value;

    /// <summary>
    /// One cell: quoted when needed; a leading =, +, -, @ (or tab, CR) gets a ' so a spreadsheet never runs the cell
    /// as a formula. Null is an empty cell.
    /// </summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if ("=+-@\t\r".Contains(value[0], StringComparison.Ordinal)) value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
