using Microsoft.Extensions.AI;
using SecureAiChat.Core.Providers;

namespace SecureAiChat.Core.Chat;

/// <summary>The outcome of fitting a conversation into the model's context window.</summary>
/// <param name="Messages">What to send: the system prompt (if any) followed by the kept history, oldest first.</param>
/// <param name="EstimatedInputTokens">Estimated input tokens of <paramref name="Messages"/>, reply priming included.</param>
/// <param name="DroppedCount">How many of the oldest history messages were left out.</param>
/// <param name="LatestMessageTooLarge">
/// True when the system prompt and the newest user message alone exceed the budget. The caller should
/// refuse with a message instead of sending: <paramref name="Messages"/> then holds just those two.
/// </param>
public sealed record ChatHistoryTrimResult(
    IReadOnlyList<ChatMessage> Messages,
    int EstimatedInputTokens,
    int DroppedCount,
    bool LatestMessageTooLarge);

/// <summary>
/// Chooses which history goes into a request so it fits the model's context window: the system
/// prompt and the newest user message always, then as many of the newest turns as fit. Dropping from
/// the oldest end keeps the conversation coherent; skipping a large middle message instead would
/// send the model a history with holes.
/// </summary>
public sealed class ChatHistoryTrimmer(TokenCounter tokenCounter)
{
    /// <summary>Trims for a context window of <paramref name="contextWindow"/> tokens, keeping <paramref name="reservedOutputTokens"/> free for the answer.</summary>
    public ChatHistoryTrimResult Trim(string? systemPrompt, IReadOnlyList<ChatMessage> history, int contextWindow, int reservedOutputTokens) =>
        Trim(systemPrompt, history, contextWindow - reservedOutputTokens);

    /// <summary>Trims <paramref name="history"/> (oldest first) to at most <paramref name="inputBudget"/> input tokens.</summary>
    public ChatHistoryTrimResult Trim(string? systemPrompt, IReadOnlyList<ChatMessage> history, int inputBudget)
    {
        ArgumentNullException.ThrowIfNull(history);

        ChatMessage? system = string.IsNullOrWhiteSpace(systemPrompt) ? null : new ChatMessage(ChatRole.System, systemPrompt);
        var used = TokenCounter.ReplyPrimingTokens + (system is null ? 0 : tokenCounter.CountMessage(system));

        // Everything from the newest user message on is mandatory (normally just that message).
        var mandatoryFrom = history.Count;
        for (var i = history.Count - 1; i >= 0; i--)
        {
            if (history[i].Role == ChatRole.User)
            {
                mandatoryFrom = i;
                break;
            }
        }

        if (mandatoryFrom == history.Count)
        {
            // No user message at all: keep the newest message, if any, as the mandatory tail.
            mandatoryFrom = Math.Max(0, history.Count - 1);
        }

        for (var i = mandatoryFrom; i < history.Count; i++)
        {
            used += tokenCounter.CountMessage(history[i]);
        }

        var tooLarge = used > inputBudget;
        var keepFrom = mandatoryFrom;
        if (!tooLarge)
        {
            // One backward pass, each message counted once: O(n).
            while (keepFrom > 0)
            {
                var cost = tokenCounter.CountMessage(history[keepFrom - 1]);
                if (used + cost > inputBudget)
                {
                    break;
                }

                used += cost;
                keepFrom--;
            }
        }

        var messages = new List<ChatMessage>(history.Count - keepFrom + 1);
        if (system is not null)
        {
            messages.Add(system);
        }

        for (var i = keepFrom; i < history.Count; i++)
        {
            messages.Add(history[i]);
        }

        return new ChatHistoryTrimResult(messages, used, keepFrom, tooLarge);
    }
}
