using System.Data.Common;
using System.Numerics;

namespace SecureAiChat.Core.Audit;

/// <summary>
/// Reads a date and time that EF Core stored in SQLite as text (<c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>). The provider's own
/// <c>GetDateTime</c> runs the general <c>DateTime.Parse</c> on it, which was the largest single cost of reading a chain
/// for verification; this reads the fixed shape digit by digit (from a string or straight from SQLite's UTF-8 bytes)
/// and falls back to the provider's parse for any other shape.
/// </summary>
internal static class SqliteDateTimeText
{
    public static DateTime Read(DbDataReader reader, int ordinal) =>
        TryParse(reader.GetString(ordinal), out var value) ? value : reader.GetDateTime(ordinal);

    /// <summary>Parses <c>yyyy-MM-dd HH:mm:ss</c> (or with <c>T</c>) and an optional fraction of 1–7 digits, nothing else.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTime value) => TryParseCore(text, out value);

    /// <summary>The same shape as <see cref="TryParse(ReadOnlySpan{char}, out DateTime)"/>, read from UTF-8 text.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out DateTime value) => TryParseCore(utf8, out value);

    private static bool TryParseCore<T>(ReadOnlySpan<T> text, out DateTime value) where T : unmanaged, IBinaryInteger<T>
    {
        value = default;
        if (text.Length < 19 || At(text, 4) != '-' || At(text, 7) != '-' || (At(text, 10) != ' ' && At(text, 10) != 'T') || At(text, 13) != ':' || At(text, 16) != ':')
            return false;
        if (!Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)
            || !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second))
            return false;
        long fractionTicks = 0;
        if (text.Length > 19)
        {
            var digits = text.Length - 20;
            if (At(text, 19) != '.' || digits is < 1 or > 7 || !Digits(text, 20, digits, out var fraction)) return false;
            fractionTicks = fraction;
            for (var i = digits; i < 7; i++) fractionTicks *= 10;
        }
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(1, year), month) || hour > 23 || minute > 59 || second > 59 || year < 1)
            return false;
        value = new DateTime(year, month, day, hour, minute, second).AddTicks(fractionTicks);
        return true;
    }

    private static int At<T>(ReadOnlySpan<T> text, int index) where T : unmanaged, IBinaryInteger<T> => int.CreateTruncating(text[index]);

    private static bool Digits<T>(ReadOnlySpan<T> text, int start, int count, out int value) where T : unmanaged, IBinaryInteger<T>
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = At(text, i) - '0';
            if ((uint)digit > 9) return false;
            value = value * 10 + digit;
        }
        return true;
    }
}
