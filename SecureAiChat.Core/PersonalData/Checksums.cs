namespace SecureAiChat.Core.PersonalData;

/// <summary>The check-digit rules that make number detection precise rather than a guess on length.</summary>
public static class Checksums
{
    /// <summary>
    /// 個人番号 (12 digits): 総務省令第85号 第5条. With Pn the n-th digit counted leftwards from the digit
    /// before the check digit and Qn = n + 1 (1 ≤ n ≤ 6) or n − 5 (7 ≤ n ≤ 11), the check digit is 0 when
    /// Σ Pn×Qn mod 11 ≤ 1, otherwise 11 − (Σ Pn×Qn mod 11).
    /// </summary>
    public static bool IsValidMyNumber(ReadOnlySpan<char> digits) =>
        digits.Length == 12 && AllDigits(digits) && MyNumberCheckDigit(digits[..11]) == digits[11] - '0';

    /// <summary>The check digit for the first 11 digits of a 個人番号.</summary>
    public static int MyNumberCheckDigit(ReadOnlySpan<char> first11)
    {
        if (first11.Length != 11 || !AllDigits(first11))
        {
            throw new ArgumentException("11 digits expected.", nameof(first11));
        }

        var sum = 0;
        for (var n = 1; n <= 11; n++)
        {
            var p = first11[11 - n] - '0';
            var q = n <= 6 ? n + 1 : n - 5;
            sum += p * q;
        }

        var remainder = sum % 11;
        return remainder <= 1 ? 0 : 11 - remainder;
    }

    /// <summary>
    /// 法人番号 (13 digits): the FIRST digit is the check digit, 9 − (Σ Pn×Qn mod 9) over the other 12 digits,
    /// Pn counted from the right (n = 1 is the last digit), Qn = 1 for odd n and 2 for even n.
    /// </summary>
    public static bool IsValidCorporateNumber(ReadOnlySpan<char> digits) =>
        digits.Length == 13 && AllDigits(digits) && CorporateNumberCheckDigit(digits[1..]) == digits[0] - '0';

    /// <summary>The check digit (to put in front) for a 12-digit 法人番号 base.</summary>
    public static int CorporateNumberCheckDigit(ReadOnlySpan<char> base12)
    {
        if (base12.Length != 12 || !AllDigits(base12))
        {
            throw new ArgumentException("12 digits expected.", nameof(base12));
        }

        var sum = 0;
        for (var n = 1; n <= 12; n++)
        {
            sum += (base12[12 - n] - '0') * (n % 2 == 1 ? 1 : 2);
        }

        return 9 - (sum % 9);
    }

    /// <summary>The Luhn (mod 10) check used by every payment card number.</summary>
    public static bool PassesLuhn(ReadOnlySpan<char> digits)
    {
        if (digits.Length < 2 || !AllDigits(digits))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return sum % 10 == 0;
    }

    /// <summary>The check digit that makes <paramref name="payload"/> + digit pass Luhn.</summary>
    public static int LuhnCheckDigit(ReadOnlySpan<char> payload)
    {
        Span<char> buffer = stackalloc char[payload.Length + 1];
        payload.CopyTo(buffer);
        for (var d = 0; d <= 9; d++)
        {
            buffer[^1] = (char)('0' + d);
            if (PassesLuhn(buffer))
            {
                return d;
            }
        }

        throw new ArgumentException("Digits expected.", nameof(payload));
    }

    /// <summary>
    /// The card brand whose issuer range (IIN) and length fit, or null. Ranges: Visa 4 (13, 16, 19);
    /// Mastercard 51–55 and 2221–2720 (16); JCB 3528–3589 (16–19); American Express 34, 37 (15);
    /// Diners Club 300–305, 3095, 36, 38, 39 (14–19).
    /// </summary>
    public static CardBrand? CardBrandOf(ReadOnlySpan<char> digits)
    {
        if (digits.Length is < 13 or > 19 || !AllDigits(digits))
        {
            return null;
        }

        var length = digits.Length;
        var two = Prefix(digits, 2);
        var three = Prefix(digits, 3);
        var four = Prefix(digits, 4);
        if (digits[0] == '4')
        {
            return length is 13 or 16 or 19 ? CardBrand.Visa : null;
        }

        if (two is >= 51 and <= 55 || four is >= 2221 and <= 2720)
        {
            return length == 16 ? CardBrand.Mastercard : null;
        }

        if (four is >= 3528 and <= 3589)
        {
            return length >= 16 ? CardBrand.Jcb : null;
        }

        if (two is 34 or 37)
        {
            return length == 15 ? CardBrand.AmericanExpress : null;
        }

        if (three is >= 300 and <= 305 || four == 3095 || two is 36 or 38 or 39)
        {
            return length >= 14 ? CardBrand.DinersClub : null;
        }

        return null;
    }

    private static int Prefix(ReadOnlySpan<char> digits, int count) => int.Parse(digits[..count], provider: System.Globalization.CultureInfo.InvariantCulture);

    private static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}

public enum CardBrand
{
    Visa,
    Mastercard,
    Jcb,
    AmericanExpress,
    DinersClub,
}
