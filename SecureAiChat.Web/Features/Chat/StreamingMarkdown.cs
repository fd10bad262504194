namespace SecureAiChat.Web.Features.Chat;

/// <summary>
/// Splits the text of an answer being streamed into blocks that can no longer change and the tail that still
/// grows. The streaming message renders each settled block once and only the tail per render, so the server
/// does not re-render the whole answer 20 times a second and the circuit sends only the changed tail
/// (docs/benchmarks.md, figures 2 and 5). The saved answer is rendered whole, as before.
/// </summary>
public static class StreamingMarkdown
{
    /// <summary>
    /// The longest tail rendered as Markdown on each tick. Text that never settles (no blank line, e.g. one endless
    /// line or an unclosed code fence) would otherwise be parsed again whole on every tick, quadratic in its length;
    /// past this bound it is frozen in pieces of this size shown as escaped plain text, each rendered once. The saved
    /// answer is rendered whole as Markdown at the end, as always.
    /// </summary>
    public const int MaxTailLength = 4096;

    /// <summary>
    /// The next block that can be frozen from <paramref name="from"/>: a settled Markdown block, or, when the tail is
    /// longer than <see cref="MaxTailLength"/> without one, its first <see cref="MaxTailLength"/> characters as plain
    /// text. Null when the tail must keep growing. The work is bounded by the tail's length, not the answer's.
    /// </summary>
    public static (int End, bool Plain)? NextBlock(string text, int from)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length - from > MaxTailLength)
        {
            // Scan only a bounded window for a settle point; a longer tail is frozen as plain text.
            var window = text[..(from + MaxTailLength)];
            var settledInWindow = SettledLength(window, from);
            if (settledInWindow > from)
            {
                return (settledInWindow, false);
            }

            var end = from + MaxTailLength;
            if (char.IsHighSurrogate(text[end - 1]))
            {
                end--; // never split a surrogate pair
            }

            return (end, true);
        }

        var settled = SettledLength(text, from);
        return settled > from ? (settled, false) : null;
    }

    /// <summary>
    /// The end of the last settled block at or after <paramref name="from"/> (itself a block boundary): a blank
    /// line outside a code fence followed by an unindented line. Indented lines may continue a list item, so
    /// they never start a block here.
    /// </summary>
    public static int SettledLength(string text, int from)
    {
        ArgumentNullException.ThrowIfNull(text);
        var settled = from;
        var inFence = false;
        var previousBlank = false;
        var lineStart = from;
        while (lineStart < text.Length)
        {
            var newline = text.IndexOf('\n', lineStart);
            if (newline < 0)
            {
                break; // the last line may still grow
            }

            var line = text.AsSpan(lineStart, newline - lineStart);
            var trimmed = line.TrimStart();
            if (!inFence && previousBlank && line.Length > 0 && !char.IsWhiteSpace(line[0]))
            {
                settled = lineStart;
            }

            if (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal))
            {
                inFence = !inFence;
            }

            previousBlank = !inFence && trimmed.IsWhiteSpace();
            lineStart = newline + 1;
        }

        return settled;
    }
}
