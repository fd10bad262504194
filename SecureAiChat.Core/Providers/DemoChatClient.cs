using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace SecureAiChat.Core.Providers;

/// <summary>
/// The built-in offline demo model. It lets a fresh installation (and tests) exercise the whole chat
/// path without a key or network: it streams a fixed, clearly labelled reply that explains how to
/// configure a real provider, in Japanese when the user wrote Japanese.
/// </summary>
public sealed partial class DemoChatClient : IChatClient
{
    /// <summary>The model id the demo reports.</summary>
    public const string ModelId = "demo";

    /// <summary>Default pause between chunks: roughly the pace of a fast hosted model.</summary>
    public static readonly TimeSpan DefaultChunkDelay = TimeSpan.FromMilliseconds(15);

    private const int QuoteLength = 60;
    private static readonly ChatClientMetadata Metadata = new("demo", providerUri: null, defaultModelId: ModelId);

    private readonly TokenCounter _tokenCounter;
    private readonly TimeSpan _chunkDelay;

    /// <summary>Creates the demo model.</summary>
    /// <param name="tokenCounter">Estimates the usage the demo reports.</param>
    /// <param name="chunkDelay">Pause between streamed chunks; <see cref="TimeSpan.Zero"/> in tests.</param>
    public DemoChatClient(TokenCounter tokenCounter, TimeSpan? chunkDelay = null)
    {
        _tokenCounter = tokenCounter;
        _chunkDelay = chunkDelay ?? DefaultChunkDelay;
        ArgumentOutOfRangeException.ThrowIfLessThan(_chunkDelay, TimeSpan.Zero, nameof(chunkDelay));
    }

    /// <summary>Builds the full reply the demo gives to <paramref name="messages"/>; deterministic.</summary>
    public static string ComposeReply(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var lastUser = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty;
        var quote = Quote(lastUser);
        return ContainsJapanese(lastUser) ? JapaneseReply(quote) : EnglishReply(quote);
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var list = messages.ToList();
        var reply = ComposeReply(list);
        if (_chunkDelay > TimeSpan.Zero)
        {
            // A short pause keeps "test connection" honest about being a round trip, without streaming's total time.
            await Task.Delay(_chunkDelay, cancellationToken).ConfigureAwait(false);
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, reply))
        {
            ModelId = ModelId,
            FinishReason = ChatFinishReason.Stop,
            Usage = Usage(list, reply),
        };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        var reply = ComposeReply(list);
        var responseId = "demo-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(reply)))[..16];

        foreach (var chunk in Chunk(reply))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_chunkDelay > TimeSpan.Zero)
            {
                await Task.Delay(_chunkDelay, cancellationToken).ConfigureAwait(false);
            }

            yield return new ChatResponseUpdate(ChatRole.Assistant, chunk)
            {
                ModelId = ModelId,
                ResponseId = responseId,
                MessageId = responseId,
            };
        }

        cancellationToken.ThrowIfCancellationRequested();
        // Like OpenAI with stream_options.include_usage: usage comes last, in its own update.
        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(Usage(list, reply))])
        {
            ModelId = ModelId,
            ResponseId = responseId,
            MessageId = responseId,
            FinishReason = ChatFinishReason.Stop,
        };
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? Metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Nothing to release: the demo holds no connections.
    }

    /// <summary>Splits the reply into stream chunks: words with their leading space, or 2 characters of Japanese.</summary>
    internal static IEnumerable<string> Chunk(string reply)
    {
        foreach (Match match in ChunkPattern().Matches(reply))
        {
            var piece = match.Value;
            if (!ContainsJapanese(piece))
            {
                yield return piece;
                continue;
            }

            // Japanese has no spaces, so a "word" can be a whole sentence; stream it two characters
            // at a time, by text element so a surrogate pair or combining mark is never split.
            var elements = System.Globalization.StringInfo.GetTextElementEnumerator(piece);
            var buffer = new StringBuilder();
            var count = 0;
            while (elements.MoveNext())
            {
                buffer.Append(elements.GetTextElement());
                if (++count == 2)
                {
                    yield return buffer.ToString();
                    buffer.Clear();
                    count = 0;
                }
            }

            if (buffer.Length > 0)
            {
                yield return buffer.ToString();
            }
        }
    }

    internal static bool ContainsJapanese(string text) => JapanesePattern().IsMatch(text);

    private UsageDetails Usage(IEnumerable<ChatMessage> messages, string reply)
    {
        var input = _tokenCounter.CountMessages(messages);
        var output = _tokenCounter.CountTokens(reply);
        return new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output };
    }

    private static string Quote(string text)
    {
        var flat = WhitespacePattern().Replace(text, " ").Trim();
        // Backticks would end the inline code span the quote is shown in.
        flat = flat.Replace('`', '\'');
        if (flat.Length == 0)
        {
            return string.Empty;
        }

        var info = new System.Globalization.StringInfo(flat);
        return info.LengthInTextElements <= QuoteLength
            ? flat
            : info.SubstringByTextElements(0, QuoteLength) + "…";
    }

    private static string EnglishReply(string quote) =>
        $"""
        **This is the built-in demo model**, not a real AI: it answers the same way every time and works offline.

        You wrote: `{(quote.Length == 0 ? "(empty)" : quote)}`

        To chat with a real model, configure a provider:

        - **System default**: set `AI__SystemDefault__ApiKey` (and `AI__SystemDefault__Model`) in the server environment.
        - **Per tenant**: an administrator opens *Settings → AI provider* and enters an OpenAI or Azure OpenAI key.
        - Restart is not needed for tenant settings; the next message uses them.

        ```bash
        export AI__SystemDefault__ApiKey="sk-..."
        ```

        Your messages stay in your tenant either way.
        """;

    private static string JapaneseReply(string quote) =>
        $"""
        **これは組み込みのデモモデルです**。本物の AI ではなく、オフラインで毎回同じ内容を返します。

        あなたのメッセージ: `{(quote.Length == 0 ? "（空）" : quote)}`

        実際のモデルと会話するには、プロバイダーを設定してください:

        - **システム既定**: サーバーの環境変数 `AI__SystemDefault__ApiKey`（と `AI__SystemDefault__Model`）を設定します。
        - **テナントごと**: 管理者が *設定 → AI プロバイダー* で OpenAI または Azure OpenAI のキーを入力します。
        - テナント設定は再起動なしで次のメッセージから使われます。

        ```bash
        export AI__SystemDefault__ApiKey="sk-..."
        ```

        どちらの場合も、メッセージはテナント内に保存されます。
        """;

    [GeneratedRegex(@"\s*\S+|\s+$")]
    private static partial Regex ChunkPattern();

    // Hiragana, Katakana (incl. half-width) and CJK ideographs; enough to pick the reply language.
    [GeneratedRegex(@"[\u3040-\u30FF\u31F0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uFF66-\uFF9F]")]
    private static partial Regex JapanesePattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();
}
