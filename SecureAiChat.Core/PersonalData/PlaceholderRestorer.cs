using System.Text;

namespace SecureAiChat.Core.PersonalData;

/// <summary>
/// Turns placeholders in the model's streamed answer back into the member's values, also when a placeholder
/// arrives split over several chunks. It holds back only a possible placeholder prefix (at most the length of
/// the longest placeholder) and otherwise passes text through at once, so work per chunk is proportional to
/// the chunk, and streaming stays smooth.
/// </summary>
/// <remarks>Not thread-safe: one restorer per streamed answer.</remarks>
public sealed class PlaceholderRestorer
{
    private static readonly char[] Openers = ['〔', '['];

    private readonly IReadOnlyDictionary<string, string> _originals;
    private readonly HashSet<string> _prefixes = new(StringComparer.Ordinal);
    private readonly int _longest;
    private string _pending = string.Empty;

    public PlaceholderRestorer(IReadOnlyDictionary<string, string> originals)
    {
        ArgumentNullException.ThrowIfNull(originals);
        _originals = originals;
        foreach (var placeholder in originals.Keys)
        {
            _longest = Math.Max(_longest, placeholder.Length);
            for (var length = 1; length < placeholder.Length; length++)
            {
                _prefixes.Add(placeholder[..length]);
            }
        }
    }

    /// <summary>Returns the text that can be shown now; a possible placeholder start is kept for the next chunk.</summary>
    public string Push(string chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        if (_originals.Count == 0)
        {
            return chunk;
        }

        if (_pending.Length == 0 && chunk.AsSpan().IndexOfAny(Openers) < 0)
        {
            return chunk;
        }

        var text = _pending + chunk;
        _pending = string.Empty;
        var output = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOfAny(Openers, i);
            if (open < 0)
            {
                output.Append(text, i, text.Length - i);
                break;
            }

            output.Append(text, i, open - i);
            var close = text[open] == '〔' ? '〕' : ']';
            var searchLength = Math.Min(_longest, text.Length - open) - 1;
            var end = searchLength > 0 ? text.IndexOf(close, open + 1, searchLength) : -1;
            if (end >= 0 && _originals.TryGetValue(text[open..(end + 1)], out var original))
            {
                output.Append(original);
                i = end + 1;
                continue;
            }

            if (end < 0 && _prefixes.Contains(text[open..]))
            {
                _pending = text[open..]; // may become a placeholder with the next chunk
                break;
            }

            output.Append(text[open]);
            i = open + 1;
        }

        return output.ToString();
    }

    /// <summary>Returns what is still held back once the answer is complete.</summary>
    public string Complete()
    {
        var rest = _pending;
        _pending = string.Empty;
        return rest;
    }

    /// <summary>Restores a whole (non-streamed) text.</summary>
    public string Restore(string text) => Push(text) + Complete();
}
