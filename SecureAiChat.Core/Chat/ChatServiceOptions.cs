using System.ComponentModel.DataAnnotations;
using SecureAiChat.Core.Providers.Pipeline;

namespace SecureAiChat.Core.Chat;

/// <summary>Limits and timeouts of the chat (<c>Chat</c> section).</summary>
public sealed class ChatServiceOptions : IAnswerPipelineOptions
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

    /// <summary>
    /// Tokens kept free for the answer when trimming history, reserved against the allowance and sent as the
    /// request's maximum output tokens (<c>Chat:ReservedOutputTokens</c>).
    /// </summary>
    [Range(1, 1_000_000)]
    public int ReservedOutputTokens { get; set; } = 4_096;

    /// <summary>Automatic retries of transient faults, only before the first token (<c>Chat:MaxAutomaticRetries</c>).</summary>
    [Range(0, 5)]
    public int MaxAutomaticRetries { get; set; } = 2;

    /// <summary>Pause before the first automatic retry; doubled for each further one (<c>Chat:RetryDelay</c>).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Longest answer kept, in characters, whatever the provider: an endpoint that streams without end is cut off
    /// here and the answer saved up to the bound (<c>Chat:MaxAnswerCharacters</c>).
    /// </summary>
    [Range(1, 10_000_000)]
    public int MaxAnswerCharacters { get; set; } = 200_000;

    /// <summary>Longest time an answer may stream (<c>Chat:MaxAnswerDuration</c>, e.g. <c>00:10:00</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxAnswerDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Answers one member may have streaming at once, across all instances (<c>Chat:MaxConcurrentAnswersPerUser</c>).</summary>
    [Range(1, 100)]
    public int MaxConcurrentAnswersPerUser { get; set; } = 3;

    /// <summary>
    /// On shutdown (SIGTERM), how long the answers streaming on this instance may run on before they are interrupted and
    /// saved with their partial text (<c>Chat:ShutdownGrace</c>, e.g. <c>00:00:20</c>). The host's shutdown timeout is
    /// raised to leave 10 seconds after it for the saves; keep the platform's own stop timeout (App Service, Kubernetes'
    /// terminationGracePeriodSeconds) above both.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The input rules of a member's message (a new one or the replacement of the last one).</summary>
    /// <exception cref="ChatInputException">The text is blank or longer than <see cref="MaxInputCharacters"/>.</exception>
    public void ValidateInput(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ChatInputException("The message is empty.");
        }

        if (text.Length > MaxInputCharacters)
        {
            throw new ChatInputException($"The message is longer than {MaxInputCharacters} characters.");
        }
    }
}
