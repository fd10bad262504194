using System.Collections.Frozen;
using System.Globalization;
using SecureAiChat.Core.Results;

namespace SecureAiChat.Core.Tenancy;

/// <summary>Why a proposed workspace identifier (subdomain) is not acceptable; resource key <c>TenantIdentifierProblem_{Code}</c>.</summary>
public enum TenantIdentifierProblem
{
    Empty,
    TooShort,
    TooLong,
    InvalidCharacters,
    HyphenAtEdge,
    ConsecutiveHyphens,
    Reserved,
}

/// <summary>
/// The one place that says what a workspace identifier may be: 3–30 characters of a-z, 0-9 and '-',
/// no '-' at either end, case-insensitive, and not a reserved word.
/// </summary>
public static class TenantIdentifier
{
    public const int MinLength = 3;
    public const int MaxLength = 30;

    /// <summary>Names that would collide with platform hosts or mislead people.</summary>
    public static readonly FrozenSet<string> Reserved = new[]
    {
        "www", "app", "apps", "api", "admin", "administrator", "ops", "operator", "mail", "smtp", "imap", "pop",
        "static", "assets", "cdn", "media", "files", "status", "support", "help", "docs", "login", "logout",
        "signin", "signup", "register", "auth", "sso", "oauth", "account", "accounts", "billing", "pricing",
        "blog", "dev", "test", "staging", "demo", "sales", "security", "root", "system", "platform", "tenant",
        "tenants", "localhost", "health", "hangfire", "dashboard", "portal", "secure-ai-chat", "secureaichat",
        "null", "undefined", "internal", "console", "ns1", "ns2", "mx", "ftp", "vpn", "git",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Trims and lower-cases the way every comparison does.</summary>
    public static string Normalize(string? value) => (value ?? "").Trim().ToLowerInvariant();

    /// <summary>Checks a proposed identifier; the value is normalized first.</summary>
    public static Result<TenantIdentifierProblem> Validate(string? value)
    {
        var id = Normalize(value);
        if (id.Length == 0) return TenantIdentifierProblem.Empty;
        if (id.Length < MinLength) return TenantIdentifierProblem.TooShort;
        if (id.Length > MaxLength) return TenantIdentifierProblem.TooLong;
        foreach (var c in id)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
                return TenantIdentifierProblem.InvalidCharacters;
        }
        if (id[0] == '-' || id[^1] == '-') return TenantIdentifierProblem.HyphenAtEdge;
        // "xn--" is the IDN prefix; double hyphens invite look-alike names.
        if (id.Contains("--", StringComparison.Ordinal)) return TenantIdentifierProblem.ConsecutiveHyphens;
        if (Reserved.Contains(id)) return TenantIdentifierProblem.Reserved;
        return Result<TenantIdentifierProblem>.Ok;
    }

    public static bool IsValid(string? value) => Validate(value).Succeeded;

    /// <summary>Suggests free-looking alternatives for a taken identifier (the caller checks availability).</summary>
    public static IEnumerable<string> Suggest(string? value)
    {
        var id = Normalize(value);
        if (id.Length > MaxLength - 3) id = id[..(MaxLength - 3)].TrimEnd('-');
        var year = DateTime.UtcNow.Year.ToString(CultureInfo.InvariantCulture);
        foreach (var candidate in new[] { $"{id}-jp", $"{id}-{year[2..]}", $"{id}-team", $"{id}-hq", $"{id}2", $"{id}-inc" })
        {
            if (IsValid(candidate)) yield return candidate;
        }
    }
}
