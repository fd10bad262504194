using Microsoft.Extensions.AI;
using Microsoft.ML.Tokenizers;
using SecureAiChat.Core.Caching;

namespace SecureAiChat.Core.Providers;

/// <summary>
/// Estimates token counts offline with the o200k_base encoding (gpt-4o family). Used for history
/// trimming and for usage when a provider does not report it. Register as a singleton.
/// </summary>
public sealed class TokenCounter
{
    // OpenAI's documented accounting for chat messages: every message costs a few framing tokens
    // and every reply is primed with <|start|>assistant<|message|>.
    internal const int TokensPerMessage = 3;
    internal const int TokensPerName = 1;
    internal const int ReplyPrimingTokens = 3;

    // Loading the BPE ranks takes ~100 ms and several MB, so it happens once per process, lazily.
    private static readonly Lazy<Tokenizer> Tokenizer =
        new(() => TiktokenTokenizer.CreateForModel("gpt-4o"), LazyThreadSafetyMode.ExecutionAndPublication);

    // Every answer counts the whole history again to trim it; in a 500-message conversation that was ~70 ms of
    // CPU before the model was even called (docs/benchmarks.md, 5c). Longer texts are remembered by content.
    private const int CachedFromLength = 256;
    private readonly ContentCache<int> _cache;

    /// <summary>Creates a counter that remembers up to 4 M characters of counted text.</summary>
    public TokenCounter()
        : this(cachedCharacters: 4_000_000)
    {
    }

    internal TokenCounter(int cachedCharacters) => _cache = new ContentCache<int>(cachedCharacters);

    /// <summary>Tokens in <paramref name="text"/>; 0 for null or empty.</summary>
    public int CountTokens(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        if (text.Length < CachedFromLength)
        {
            return Tokenizer.Value.CountTokens(text);
        }

        if (_cache.TryGet(text, out var count))
        {
            return count;
        }

        count = CountInSlices(text);
        _cache.Set(text, count);
        return count;
    }

    // BPE work grows with the square of a word's length, and a text without spaces is one word: an endpoint that
    // streamed 200,000 letters cost minutes of CPU to count. Slices of at most this many characters, cut at a
    // space where there is one near the end, keep the work linear; a hard cut adds at most a token per slice.
    internal const int SliceLength = 1_024;

    private static int CountInSlices(string text)
    {
        var total = 0;
        var start = 0;
        while (start < text.Length)
        {
            var length = Math.Min(SliceLength, text.Length - start);
            if (start + length < text.Length)
            {
                var space = text.AsSpan(start + length - 64, 64).LastIndexOfAny(' ', '\n');
                length = space >= 0 ? length - 64 + space : length;
                if (char.IsHighSurrogate(text[start + length - 1]))
                {
                    length--; // never split a surrogate pair
                }
            }

            total += Tokenizer.Value.CountTokens(text.AsSpan(start, length));
            start += length;
        }

        return total;
    }

    /// <summary>Tokens one message costs in a request, framing included (reply priming excluded).</summary>
    public int CountMessage(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var count = TokensPerMessage + CountTokens(message.Role.Value) + CountTokens(message.Text);
        if (!string.IsNullOrEmpty(message.AuthorName))
        {
            count += TokensPerName + CountTokens(message.AuthorName);
        }

        return count;
    }

    /// <summary>Tokens a request with these messages costs as input, reply priming included.</summary>
    public int CountMessages(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var total = ReplyPrimingTokens;
        foreach (var message in messages)
        {
            total += CountMessage(message);
        }

        return total;
    }
}
