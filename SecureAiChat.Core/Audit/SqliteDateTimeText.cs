using System.Data.Common;

namespace SecureAiChat.Core.Audit;

/// <summary>
/// Reads a date and time that EF Core stored in SQLite as text (<c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>). The provider's own
/// <c>GetDateTime</c> runs the general <c>DateTime.Parse</c> on it, which was the largest single cost of reading a chain
/// for verification; this reads the fixed shape digit by digit and falls back to the provider for any other shape.
/// </summary>
internal static class SqliteDateTimeText
{
    public static DateTime Read(DbDataReader reader, int ordinal) =>
        TryParse(reader.GetString(ordinal), out var value) ? value : reader.GetDateTime(ordinal);

    /// <summary>Parses <c>yyyy-MM-dd HH:mm:ss</c> (or with <c>T</c>) and an optional fraction of 1–7 digits, nothing else.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTime value)
    {
        value = default;
        if (text.Length < 19 || text[4] != '-' || text[7] != '-' || (text[10] != ' ' && text[10] != 'T') || text[13] != ':' || text[16] != ':')
            return false;
        if (!Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)
            || !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second))
            return false;
        long fractionTicks = 0;
        if (text.Length > 19)
        {
            var digits = text.Length - 20;
            if (text[19] != '.' || digits is < 1 or > 7 || !Digits(text, 20, digits, out var fraction)) return false;
            fractionTicks = fraction;
            for (var i = digits; i < 7; i++) fractionTicks *= 10;
        }
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(1, year), month) || hour > 23 || minute > 59 || second > 59 || year < 1)
            return false;
        value = new DateTime(year, month, day, hour, minute, second).AddTicks(fractionTicks);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = text[i] - '0';
            if ((uint)digit > 9) return false;
            value = value * 10 + digit;
        }
        return true;
    }
}
