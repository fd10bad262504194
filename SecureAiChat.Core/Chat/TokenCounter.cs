using Microsoft.Extensions.AI;
using Microsoft.ML.Tokenizers;

namespace SecureAiChat.Core.Chat;

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

    /// <summary>Tokens in <paramref name="text"/>; 0 for null or empty.</summary>
    public int CountTokens(string? text) =>
        string.IsNullOrEmpty(text) ? 0 : Tokenizer.Value.CountTokens(text);

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
