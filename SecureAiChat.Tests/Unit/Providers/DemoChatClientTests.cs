using Microsoft.Extensions.AI;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Providers;

namespace SecureAiChat.Tests.Unit.Providers;

public sealed class DemoChatClientTests
{
    private static readonly TokenCounter Counter = new();

    private static DemoChatClient Client(TimeSpan? delay = null) => new(Counter, delay ?? TimeSpan.Zero);

    private static async Task<List<ChatResponseUpdate>> StreamAsync(DemoChatClient client, string userText, CancellationToken cancellationToken = default)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, userText)], cancellationToken: cancellationToken))
        {
            updates.Add(update);
        }

        return updates;
    }

    [Fact]
    public async Task Demo_reply_is_deterministic()
    {
        var first = await StreamAsync(Client(), "What is the capital of France?");
        var second = await StreamAsync(Client(), "What is the capital of France?");

        Assert.Equal(first.Select(u => u.Text), second.Select(u => u.Text));
    }

    [Fact]
    public async Task Demo_reply_says_it_is_a_demo_and_how_to_configure_a_key()
    {
        var text = string.Concat((await StreamAsync(Client(), "hello")).Select(u => u.Text));

        Assert.Contains("demo model", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("AI__SystemDefault__ApiKey", text);
    }

    [Fact]
    public async Task Demo_reply_quotes_the_user_message()
    {
        var text = string.Concat((await StreamAsync(Client(), "Tell me about   penguins\nplease")).Select(u => u.Text));

        Assert.Contains("Tell me about penguins please", text);
    }

    [Fact]
    public void Demo_quote_of_a_long_message_is_shortened()
    {
        var reply = DemoChatClient.ComposeReply([new ChatMessage(ChatRole.User, new string('x', 500))]);

        Assert.Contains(new string('x', 60) + "…", reply);
        Assert.DoesNotContain(new string('x', 61), reply);
    }

    [Fact]
    public void Demo_reply_contains_markdown_list_and_code_block()
    {
        var reply = DemoChatClient.ComposeReply([new ChatMessage(ChatRole.User, "hi")]);

        Assert.Contains("\n- ", reply);
        Assert.Contains("```bash", reply);
    }

    [Fact]
    public async Task Demo_replies_in_japanese_to_japanese_input()
    {
        var text = string.Concat((await StreamAsync(Client(), "日本の首都はどこですか？")).Select(u => u.Text));

        Assert.Contains("デモモデル", text);
        Assert.Contains("AI__SystemDefault__ApiKey", text);
        Assert.Contains("日本の首都はどこですか？", text);
    }

    [Fact]
    public async Task Demo_replies_in_english_to_english_input()
    {
        var text = string.Concat((await StreamAsync(Client(), "Where is Tokyo?")).Select(u => u.Text));

        Assert.DoesNotContain("デモモデル", text);
    }

    [Fact]
    public async Task Demo_streams_many_chunks_that_concatenate_to_the_full_reply()
    {
        var updates = await StreamAsync(Client(), "日本語でお願いします");
        var expected = DemoChatClient.ComposeReply([new ChatMessage(ChatRole.User, "日本語でお願いします")]);

        Assert.True(updates.Count > 20);
        Assert.Equal(expected, string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public async Task Demo_reports_estimated_usage_last()
    {
        var updates = await StreamAsync(Client(), "hello");

        var usage = Assert.IsType<UsageContent>(Assert.Single(updates[^1].Contents));
        var reply = string.Concat(updates.Select(u => u.Text));
        Assert.Equal(Counter.CountTokens(reply), usage.Details.OutputTokenCount);
        Assert.Equal(Counter.CountMessages([new ChatMessage(ChatRole.User, "hello")]), usage.Details.InputTokenCount);
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
    }

    [Fact]
    public async Task Demo_honours_cancellation_promptly()
    {
        using var client = Client(TimeSpan.FromMilliseconds(50));
        using var cts = new CancellationTokenSource();
        var received = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: cts.Token))
            {
                if (++received == 2)
                {
                    await cts.CancelAsync();
                }
            }
        });

        Assert.Equal(2, received);
    }

    [Fact]
    public async Task Demo_non_streaming_response_has_text_and_usage()
    {
        using var client = Client();

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hello")]);

        Assert.Equal(DemoChatClient.ComposeReply([new ChatMessage(ChatRole.User, "hello")]), response.Text);
        Assert.True(response.Usage?.OutputTokenCount > 0);
        Assert.Equal(DemoChatClient.ModelId, response.ModelId);
    }

    [Fact]
    public void Demo_exposes_metadata()
    {
        using var client = Client();

        var metadata = client.GetService<ChatClientMetadata>();

        Assert.Equal(DemoChatClient.ModelId, metadata?.DefaultModelId);
    }
}
