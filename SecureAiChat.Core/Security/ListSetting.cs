namespace SecureAiChat.Core.Security;

/// <summary>
/// A setting an admin types as a list (email domains, group ids): split on commas, semicolons and whitespace, without
/// duplicates. Domains are lower-cased without a leading "@"; group and role ids keep their case.
/// </summary>
public static class ListSetting
{
    public static IReadOnlyList<string> Split(string? value, bool lowerCase = true) =>
        (value ?? "").Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => lowerCase ? v.TrimStart('@').ToLowerInvariant() : v).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
}
