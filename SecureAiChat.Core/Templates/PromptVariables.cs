using System.Text.RegularExpressions;

namespace SecureAiChat.Core.Templates;

/// <summary>
/// <c>{{name}}</c> placeholders in a template body. A name is any text without braces or line breaks
/// (Japanese names such as <c>{{会議メモ}}</c> are the common case), trimmed; the same name repeated is one
/// variable filled everywhere. Anything else that looks almost like a placeholder (<c>{{}}</c>, <c>{{a</c>,
/// a name across lines) is left as literal text, so a malformed body never loses characters.
/// </summary>
public static partial class PromptVariables
{
    public const int MaxNameLength = 60;

    [GeneratedRegex(@"\{\{([^{}\r\n]{1,60})\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    /// <summary>Distinct variable names in order of first appearance.</summary>
    public static IReadOnlyList<string> Parse(string? body)
    {
        var names = new List<string>();
        if (string.IsNullOrEmpty(body)) return names;
        foreach (Match match in Placeholder().Matches(body))
        {
            var name = match.Groups[1].Value.Trim();
            if (name.Length > 0 && !names.Contains(name, StringComparer.Ordinal)) names.Add(name);
        }
        return names;
    }

    /// <summary>
    /// Replaces each placeholder with its value. A variable without a value (or a blank one) keeps its
    /// placeholder, so the person sees what is still missing in the chat input.
    /// </summary>
    public static string Fill(string? body, IReadOnlyDictionary<string, string?> values)
    {
        if (string.IsNullOrEmpty(body)) return "";
        return Placeholder().Replace(body, match =>
        {
            var name = match.Groups[1].Value.Trim();
            return name.Length > 0 && values.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : match.Value;
        });
    }
}
