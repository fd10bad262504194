namespace SecureAiChat.Core.Caching;

/// <summary>
/// Results of work over long texts remembered by the text's content, for work done again on the same texts at every
/// answer of a conversation (its history is counted, then scanned for personal data, whole each time: docs/benchmarks.md,
/// figure 5c). Two generations of at most half of <c>maxCharacters</c> each: when the current one is full it becomes
/// the previous one and the oldest is dropped; a hit in the previous generation moves back to the current one.
/// Thread-safe.
/// </summary>
internal sealed class ContentCache<T>(int maxCharacters)
{
    private readonly Lock _gate = new();
    private Dictionary<string, T> _current = new(StringComparer.Ordinal);
    private Dictionary<string, T> _previous = new(StringComparer.Ordinal);
    private long _currentCharacters;

    public bool TryGet(string text, out T value)
    {
        lock (_gate)
        {
            if (_current.TryGetValue(text, out value!))
            {
                return true;
            }

            if (!_previous.Remove(text, out value!))
            {
                return false;
            }

            SetLocked(text, value);
            return true;
        }
    }

    /// <summary>Remembers <paramref name="value"/> for <paramref name="text"/>, replacing what was remembered for it.</summary>
    public void Set(string text, T value)
    {
        lock (_gate)
        {
            SetLocked(text, value);
        }
    }

    private void SetLocked(string text, T value)
    {
        if (text.Length > maxCharacters / 2)
        {
            return;
        }

        if (_current.ContainsKey(text))
        {
            _current[text] = value;
            return;
        }

        _previous.Remove(text);
        _current.Add(text, value);
        _currentCharacters += text.Length;
        if (_currentCharacters > maxCharacters / 2)
        {
            _previous = _current;
            _current = new Dictionary<string, T>(StringComparer.Ordinal);
            _currentCharacters = 0;
        }
    }
}
