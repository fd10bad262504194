using System.Text;

namespace SecureAiChat.Web.Components.Account;

/// <summary>
/// The one validator of caller-supplied return URLs (sign-in, 2FA, SSO, sign-out, culture switch, guidelines,
/// <see cref="IdentityRedirectManager"/>): an open redirect would let a phishing link borrow our sign-in page.
/// </summary>
public static class AccountUrls
{
    /// <summary>Longer values are refused: no real page of ours needs one, and every check below scans the whole value.</summary>
    public const int MaxLength = 2048;

    /// <summary>How many rounds of percent-decoding are checked; a value still changing after that is refused.</summary>
    private const int DecodeRounds = 3;

    /// <summary>
    /// True only for a path on this site ("/x", "/x?y"). Browsers are lenient: they drop tabs and newlines
    /// anywhere, read "\" as "/", and some hops decode percent-escapes again, so "/%09/evil", "/\evil",
    /// "/%2F%2Fevil" or a full-width "／" can all become "//evil" (another host). The value is therefore
    /// checked as given, after each round of percent-decoding, and after Unicode compatibility folding; every
    /// form must be a plain local path with no control character and no backslash.
    /// </summary>
    public static bool IsLocal(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > MaxLength) return false;
        var form = url;
        for (var round = 0; ; round++)
        {
            if (!IsPlainLocalPath(form) || !IsPlainLocalPath(Fold(form))) return false;
            var decoded = Decode(form);
            if (decoded is null) return false;
            if (decoded == form) break;
            if (round == DecodeRounds) return false;
            form = decoded;
        }
        // Belt and braces: resolved against a base, the value must stay on that base's host.
        return Uri.TryCreate(Probe, url, out var resolved) && resolved.IsAbsoluteUri && resolved.Host == Probe.Host
            && resolved.Scheme == Probe.Scheme && resolved.Port == Probe.Port;
    }

    /// <summary>The return URL if it is local (non-ASCII percent-encoded, as a Location header needs), else the home page.</summary>
    public static string SafeReturnUrl(string? url) => SafeReturnUrl(url, "/");

    /// <summary>The return URL if it is local (non-ASCII percent-encoded), else <paramref name="fallback"/>.</summary>
    public static string SafeReturnUrl(string? url, string fallback) => IsLocal(url) ? EscapeNonAscii(url!) : fallback;

    /// <summary>Kestrel refuses a non-ASCII Location header (a 500); "/会議室" is sent as its UTF-8 escapes, which mean the same.</summary>
    private static string EscapeNonAscii(string url)
    {
        if (url.All(char.IsAscii)) return url;
        var builder = new StringBuilder(url.Length * 3);
        for (var i = 0; i < url.Length; i++)
        {
            if (char.IsAscii(url[i]))
            {
                builder.Append(url[i]);
                continue;
            }
            // IsLocal has already refused lone surrogates (normalization fails on them), so pairs are whole here.
            var length = char.IsHighSurrogate(url[i]) ? 2 : 1;
            foreach (var b in Encoding.UTF8.GetBytes(url.Substring(i, length))) builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            i += length - 1;
        }
        return builder.ToString();
    }

    private static readonly Uri Probe = new("https://return-url.invalid/");

    private static bool IsPlainLocalPath(string s)
    {
        if (s.Length == 0 || s[0] != '/') return false;
        if (s.Length > 1 && s[1] is '/' or '\\') return false;
        foreach (var c in s)
        {
            // Control characters (tab, CR, LF, NUL, DEL, C1) are dropped or mis-read by browsers and proxies;
            // a backslash is read as "/"; bidi and zero-width marks hide what the link really is.
            if (char.IsControl(c) || c == '\\' || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format) return false;
        }
        return true;
    }

    /// <summary>NFKC folds look-alikes such as the full-width solidus "／" (U+FF0F) into the ASCII they mimic.</summary>
    private static string Fold(string s)
    {
        try
        {
            return s.IsNormalized(NormalizationForm.FormKC) ? s : s.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            return "\0"; // a lone surrogate cannot be normalized: refuse
        }
    }

    /// <summary>One round of percent-decoding, or null when the bytes are not UTF-8.</summary>
    private static string? Decode(string s)
    {
        if (!s.Contains('%', StringComparison.Ordinal)) return s;
        try
        {
            return Uri.UnescapeDataString(s);
        }
        catch (UriFormatException)
        {
            return null;
        }
    }
}
