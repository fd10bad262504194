using Microsoft.Extensions.AI;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Providers;

namespace SecureAiChat.Tests.Unit.Chat;

public sealed class TokenCounterTests
{
    private readonly TokenCounter _counter = new();

    [Fact]
    public void CountTokens_matches_o200k_base_for_known_text()
    {
        // "Hello, world!" is 4 tokens in o200k_base: "Hello" "," " world" "!".
        Assert.Equal(4, _counter.CountTokens("Hello, world!"));
    }

    [Fact]
    public void CountTokens_is_zero_for_empty_or_null()
    {
        Assert.Equal(0, _counter.CountTokens(""));
        Assert.Equal(0, _counter.CountTokens(null));
    }

    [Fact]
    public void CountTokens_counts_japanese()
    {
        var count = _counter.CountTokens("こんにちは、世界。今日はいい天気ですね。");

        Assert.InRange(count, 5, 20);
    }

    [Fact]
    public void CountMessages_adds_per_message_overhead_and_reply_priming()
    {
        var message = new ChatMessage(ChatRole.User, "Hello, world!");

        // 3 framing + 1 for the role "user" + 4 content, then 3 for priming the reply.
        Assert.Equal(8, _counter.CountMessage(message));
        Assert.Equal(11, _counter.CountMessages([message]));
        Assert.Equal(3 + 8 + 8, _counter.CountMessages([message, message]));
    }

    [Fact]
    public void CountMessages_of_nothing_is_the_reply_priming()
    {
        Assert.Equal(3, _counter.CountMessages([]));
    }

    [Fact]
    public void Long_texts_count_the_same_when_remembered_and_after_the_memory_turned_over()
    {
        // Distinct long texts, three times more characters than this counter keeps, counted twice each.
        var counter = new TokenCounter(cachedCharacters: 20_000);
        var texts = Enumerable.Range(0, 20).Select(i => string.Concat(Enumerable.Repeat($"段落 {i}: the quick brown fox {i * 7}. ", 100))).ToList();
        var fresh = texts.Select(t => new TokenCounter().CountTokens(t)).ToList();

        for (var round = 0; round < 2; round++)
        {
            Assert.Equal(fresh, texts.Select(counter.CountTokens).ToList());
        }

        // A text that differs only at its end is not mistaken for a remembered one.
        Assert.NotEqual(counter.CountTokens(texts[0]), counter.CountTokens(texts[0] + " extra words here"));
    }

    [Fact]
    public void Long_texts_are_counted_in_slices_cut_at_spaces_so_prose_counts_as_whole()
    {
        var prose = string.Concat(Enumerable.Range(0, 400).Select(i => $"Sentence {i} of a long answer about quarterly sales. "));
        var whole = Microsoft.ML.Tokenizers.TiktokenTokenizer.CreateForModel("gpt-4o").CountTokens(prose);

        Assert.True(prose.Length > 10 * TokenCounter.SliceLength);
        Assert.Equal(whole, new TokenCounter().CountTokens(prose));
    }

    [Fact]
    public void A_long_text_without_spaces_is_counted_slice_by_slice_within_a_token_per_slice()
    {
        // One 200,000-letter "word": counted whole, BPE took minutes (its work grows with the square of a word).
        var flood = new string('x', 200_000);
        var slices = (flood.Length + TokenCounter.SliceLength - 1) / TokenCounter.SliceLength;
        var perSlice = Microsoft.ML.Tokenizers.TiktokenTokenizer.CreateForModel("gpt-4o").CountTokens(new string('x', TokenCounter.SliceLength));

        var count = new TokenCounter().CountTokens(flood);

        Assert.InRange(count, (slices - 1) * perSlice, slices * perSlice + slices);
    }

    [Fact]
    public void Counter_is_safe_to_share_across_threads()
    {
        var counts = Enumerable.Range(0, 64).AsParallel().Select(i => _counter.CountTokens($"message number {i}")).ToList();

        Assert.All(counts, c => Assert.InRange(c, 3, 4));
    }
}
