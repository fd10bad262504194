using SecureAiChat.Core.PersonalData;

namespace SecureAiChat.Web.Features.DataProtection;

/// <summary>
/// The custom terms as the page edits them: one per line, a pattern written between slashes (<c>/PRJ-\d{4}/</c>).
/// Lines keep their position (blank ones in the middle included), so "line 2" in a problem is line 2 of the box.
/// </summary>
public static class TermLines
{
    public static IReadOnlyList<CustomTerm> Parse(string? text)
    {
        var lines = (text ?? "").ReplaceLineEndings("\n").Split('\n').ToList();
        while (lines.Count > 0 && string.IsNullOrWhiteSpace(lines[^1]))
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return [.. lines.Select(ParseLine)];
    }

    public static string Format(IEnumerable<CustomTerm> terms) =>
        string.Join("\n", terms.Select(t => t.IsPattern ? "/" + t.Value + "/" : t.Value));

    private static CustomTerm ParseLine(string line)
    {
        var trimmed = line.Trim();
        return trimmed.Length >= 2 && trimmed[0] == '/' && trimmed[^1] == '/'
            ? new CustomTerm(trimmed[1..^1], IsPattern: true)
            : new CustomTerm(trimmed);
    }
}
