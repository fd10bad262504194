using System.ComponentModel.DataAnnotations;

namespace SecureAiChat.Core.Chat;

/// <summary>Limits and timeouts of the chat (<c>Chat</c> section).</summary>
public sealed class ChatServiceOptions
{
    public const string SectionName = "Chat";

    /// <summary>Longest message a member may send, in characters (<c>Chat:MaxInputCharacters</c>).</summary>
    [Range(1, 1_000_000)]
    public int MaxInputCharacters { get; set; } = 32_000;

    /// <summary>Longest silence allowed between two streamed updates (<c>Chat:IdleTimeout</c>, e.g. <c>00:01:00</c>).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest wait for the first update; reasoning models think first (<c>Chat:FirstTokenTimeout</c>).</summary>
    public TimeSpan FirstTokenTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>The model's context window in tokens (<c>Chat:ContextWindowTokens</c>).</summary>
    [Range(256, 10_000_000)]
    public int ContextWindowTokens { get; set; } = 128_000;

    /// <summary>Tokens kept free for the answer when trimming history (<c>Chat:ReservedOutputTokens</c>).</summary>
    [Range(0, 1_000_000)]
    public int ReservedOutputTokens { get; set; } = 4_096;

    /// <summary>Automatic retries of transient faults, only before the first token (<c>Chat:MaxAutomaticRetries</c>).</summary>
    [Range(0, 5)]
    public int MaxAutomaticRetries { get; set; } = 2;

    /// <summary>Pause before the first automatic retry; doubled for each further one (<c>Chat:RetryDelay</c>).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);
}
