using Microsoft.Extensions.AI;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Providers;

namespace SecureAiChat.Tests.Unit.Chat;

public sealed class ChatHistoryTrimmerTests
{
    private static readonly TokenCounter Counter = new();
    private readonly ChatHistoryTrimmer _trimmer = new(Counter);

    private static List<ChatMessage> History(int turns)
    {
        var history = new List<ChatMessage>();
        for (var i = 0; i < turns; i++)
        {
            history.Add(new ChatMessage(ChatRole.User, $"Question {i}: please explain topic number {i} in detail."));
            history.Add(new ChatMessage(ChatRole.Assistant, $"Answer {i}: here is a fairly short explanation of topic {i}."));
        }

        history.Add(new ChatMessage(ChatRole.User, "Latest question?"));
        return history;
    }

    [Fact]
    public void Trimmer_keeps_everything_when_it_fits()
    {
        var history = History(3);

        var result = _trimmer.Trim("Be brief.", history, inputBudget: 10_000);

        Assert.Equal(history.Count + 1, result.Messages.Count);
        Assert.Equal(0, result.DroppedCount);
        Assert.False(result.LatestMessageTooLarge);
        Assert.Equal(Counter.CountMessages(result.Messages), result.EstimatedInputTokens);
    }

    [Fact]
    public void Trimmer_keeps_system_prompt_and_newest_and_drops_oldest()
    {
        var history = History(20);
        var budget = Counter.CountMessages([new ChatMessage(ChatRole.System, "Be brief."), .. history.TakeLast(5)]);

        var result = _trimmer.Trim("Be brief.", history, budget);

        Assert.Equal(ChatRole.System, result.Messages[0].Role);
        Assert.Equal("Be brief.", result.Messages[0].Text);
        Assert.Equal(history.TakeLast(5).Select(m => m.Text), result.Messages.Skip(1).Select(m => m.Text));
        Assert.Equal(history.Count - 5, result.DroppedCount);
        Assert.Equal("Latest question?", result.Messages[^1].Text);
    }

    [Theory]
    [InlineData(40)]
    [InlineData(100)]
    [InlineData(250)]
    [InlineData(1000)]
    public void Trimmer_never_exceeds_the_budget(int budget)
    {
        var result = _trimmer.Trim("You are a helpful assistant.", History(30), budget);

        Assert.False(result.LatestMessageTooLarge);
        Assert.True(result.EstimatedInputTokens <= budget);
        Assert.Equal(Counter.CountMessages(result.Messages), result.EstimatedInputTokens);
    }

    [Fact]
    public void Trimmer_keeps_a_contiguous_newest_suffix()
    {
        var history = History(10);
        // A huge old message must not be skipped in favour of even older small ones.
        history[4] = new ChatMessage(ChatRole.User, string.Concat(Enumerable.Repeat("lorem ipsum ", 2000)));

        var result = _trimmer.Trim(null, history, inputBudget: 500);

        var kept = result.Messages.ToList();
        Assert.Equal(history.Skip(history.Count - kept.Count), kept);
        Assert.True(result.DroppedCount >= 5);
    }

    [Fact]
    public void Trimmer_flags_latest_message_larger_than_budget()
    {
        var history = History(2);
        history[^1] = new ChatMessage(ChatRole.User, string.Concat(Enumerable.Repeat("very long text ", 500)));

        var result = _trimmer.Trim("sys", history, inputBudget: 100);

        Assert.True(result.LatestMessageTooLarge);
        Assert.Equal([ChatRole.System, ChatRole.User], result.Messages.Select(m => m.Role));
        Assert.Same(history[^1], result.Messages[^1]);
        Assert.True(result.EstimatedInputTokens > 100);
    }

    [Fact]
    public void Trimmer_subtracts_reserved_output_from_context_window()
    {
        var history = History(30);

        var result = _trimmer.Trim(null, history, contextWindow: 1_000, reservedOutputTokens: 800);

        Assert.True(result.EstimatedInputTokens <= 200);
        Assert.True(result.DroppedCount > 0);
    }

    [Fact]
    public void Trimmer_without_system_prompt_sends_only_history()
    {
        var result = _trimmer.Trim(null, History(1), inputBudget: 10_000);

        Assert.DoesNotContain(result.Messages, m => m.Role == ChatRole.System);
        Assert.Equal(3, result.Messages.Count);
    }

    [Fact]
    public void Trimmer_keeps_a_long_history_whole_when_the_budget_allows()
    {
        // Speed is the benchmark's to measure (the trimmer counts each message once); here only the result.
        var history = History(2_000);

        var result = _trimmer.Trim("sys", history, inputBudget: 1_000_000_000);

        Assert.Equal(history.Count + 1, result.Messages.Count);
        Assert.Equal(0, result.DroppedCount);
        Assert.Equal(Counter.CountMessages(result.Messages), result.EstimatedInputTokens);
    }
}
