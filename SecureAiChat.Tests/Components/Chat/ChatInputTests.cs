using System.Text;
using Bunit;
using Microsoft.JSInterop;
using SecureAiChat.Web.Features.Chat;

namespace SecureAiChat.Tests.Components.Chat;

public sealed class ChatInputTests
{
    [Fact]
    public async Task Send_is_disabled_while_empty_and_enabled_with_text()
    {
        await using var ctx = BunitTestContext.Create();
        var cut = ctx.Render<ChatInput>(p => p.Add(x => x.MaxCharacters, 10));

        Assert.True(cut.Find("[data-testid=send]").HasAttribute("disabled"));
        await cut.InvokeAsync(() => cut.Instance.InputChanged(3, hasText: false));
        Assert.True(cut.Find("[data-testid=send]").HasAttribute("disabled"));
        await cut.InvokeAsync(() => cut.Instance.InputChanged(5, hasText: true));
        Assert.False(cut.Find("[data-testid=send]").HasAttribute("disabled"));
        Assert.StartsWith("5 / 10", cut.Find("[data-testid=chat-counter]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_the_limit_the_counter_warns_a_message_explains_and_send_is_off()
    {
        await using var ctx = BunitTestContext.Create();
        string? sent = null;
        var cut = ctx.Render<ChatInput>(p => p.Add(x => x.MaxCharacters, 10).Add(x => x.OnSend, (string text) => sent = text));

        await cut.InvokeAsync(() => cut.Instance.InputChanged(11, hasText: true));

        Assert.Contains("over", cut.Find("[data-testid=chat-counter]").ClassList);
        Assert.Contains("10", cut.Find("[data-testid=chat-limit]").TextContent, StringComparison.Ordinal);
        Assert.True(cut.Find("[data-testid=send]").HasAttribute("disabled"));
        Assert.False(await cut.InvokeAsync(() => cut.Instance.SubmitFromKeyboard(new TextStream("12345678901"))));
        Assert.Null(sent);

        await cut.InvokeAsync(() => cut.Instance.InputChanged(10, hasText: true));
        Assert.Empty(cut.FindAll("[data-testid=chat-limit]"));
    }

    [Fact]
    public async Task A_text_over_the_limit_that_arrives_before_its_length_is_refused_and_shown_as_too_long()
    {
        await using var ctx = BunitTestContext.Create();
        string? sent = null;
        var cut = ctx.Render<ChatInput>(p => p.Add(x => x.MaxCharacters, 10).Add(x => x.OnSend, (string text) => sent = text));

        Assert.False(await cut.InvokeAsync(() => cut.Instance.SubmitFromKeyboard(new TextStream("あいうえおかきくけこさ"))));

        Assert.Null(sent);
        Assert.Contains("over", cut.Find("[data-testid=chat-counter]").ClassList);
    }

    [Fact]
    public async Task Enter_from_the_browser_sends_the_streamed_text_and_clears_the_box()
    {
        await using var ctx = BunitTestContext.Create();
        var sent = new List<string>();
        var cut = ctx.Render<ChatInput>(p => p.Add(x => x.OnSend, (string text) => sent.Add(text)));
        var stream = new TextStream("こんにちは\n二行目");

        Assert.False(await cut.InvokeAsync(() => cut.Instance.SubmitFromKeyboard(new TextStream(" \n "))));
        Assert.True(await cut.InvokeAsync(() => cut.Instance.SubmitFromKeyboard(stream)));

        Assert.Equal(["こんにちは\n二行目"], sent);
        Assert.True(stream.Disposed);
        Assert.StartsWith("0 /", cut.Find("[data-testid=chat-counter]").TextContent, StringComparison.Ordinal);
        Assert.Contains(ctx.JSInterop.Invocations, i => i.Identifier == "secureAiChat.chat.setInput" && (string?)i.Arguments[1] == "");
        Assert.Contains(ctx.JSInterop.Invocations, i => i.Identifier == "secureAiChat.chat.attachInput");
    }

    [Fact]
    public async Task A_message_far_above_one_signalr_message_arrives_whole()
    {
        await using var ctx = BunitTestContext.Create();
        string? sent = null;
        var cut = ctx.Render<ChatInput>(p => p.Add(x => x.OnSend, (string text) => sent = text));
        var text = string.Concat(Enumerable.Repeat("日本語の長い文章です。", 3_000))[..32_000]; // 96 KB of UTF-8

        Assert.True(await cut.InvokeAsync(() => cut.Instance.SubmitFromKeyboard(new TextStream(text))));

        Assert.Equal(text, sent);
    }

    [Fact]
    public async Task A_short_message_from_the_browser_comes_in_the_call_itself_and_the_box_is_cleared()
    {
        await using var ctx = BunitTestContext.Create();
        var sent = new List<string>();
        var cut = ctx.Render<ChatInput>(p => p.Add(x => x.OnSend, (string text) => sent.Add(text)));

        Assert.False(await cut.InvokeAsync(() => cut.Instance.SubmitTextFromKeyboard(" \n ")));
        Assert.False(await cut.InvokeAsync(() => cut.Instance.SubmitTextFromKeyboard(null)));
        Assert.True(await cut.InvokeAsync(() => cut.Instance.SubmitTextFromKeyboard("こんにちは\n二行目")));

        Assert.Equal(["こんにちは\n二行目"], sent);
        Assert.StartsWith("0 /", cut.Find("[data-testid=chat-counter]").TextContent, StringComparison.Ordinal);
        Assert.Contains(ctx.JSInterop.Invocations, i => i.Identifier == "secureAiChat.chat.setInput" && (string?)i.Arguments[1] == "");
    }

    [Fact]
    public async Task A_short_message_over_the_limit_is_refused_and_shown_as_too_long()
    {
        await using var ctx = BunitTestContext.Create();
        string? sent = null;
        var cut = ctx.Render<ChatInput>(p => p.Add(x => x.MaxCharacters, 10).Add(x => x.OnSend, (string text) => sent = text));

        Assert.False(await cut.InvokeAsync(() => cut.Instance.SubmitTextFromKeyboard("あいうえおかきくけこさ")));

        Assert.Null(sent);
        Assert.Contains("over", cut.Find("[data-testid=chat-counter]").ClassList);
        Assert.DoesNotContain(ctx.JSInterop.Invocations, i => i.Identifier == "secureAiChat.chat.setInput");
    }

    [Fact]
    public async Task The_message_is_sent_without_waiting_for_the_browser_to_clear_the_box()
    {
        await using var ctx = BunitTestContext.Create();
        var clearing = ctx.JSInterop.SetupVoid("secureAiChat.chat.setInput", _ => true);
        var sent = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var cut = ctx.Render<ChatInput>(p => p.Add(x => x.OnSend, (string text) => sent.TrySetResult(text)));

        var submitting = cut.InvokeAsync(() => cut.Instance.SubmitTextFromKeyboard("見積もりを作って"));

        // The browser has not answered the clearing call yet, and the question is already on its way.
        Assert.Equal("見積もりを作って", await sent.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(submitting.IsCompleted);
        clearing.SetVoidResult();
        Assert.True(await submitting);
    }

    [Fact]
    public async Task While_an_answer_streams_there_is_Stop_and_no_sending()
    {
        await using var ctx = BunitTestContext.Create();
        var stopped = false;
        var sent = false;
        var cut = ctx.Render<ChatInput>(p => p.Add(x => x.Busy, true).Add(x => x.OnStop, () => stopped = true).Add(x => x.OnSend, (string _) => sent = true));

        Assert.Empty(cut.FindAll("[data-testid=send]"));
        Assert.False(await cut.InvokeAsync(() => cut.Instance.SubmitFromKeyboard(new TextStream("hello"))));
        Assert.False(await cut.InvokeAsync(() => cut.Instance.SubmitTextFromKeyboard("hello")));
        cut.Find("[data-testid=stop]").Click();

        Assert.True(stopped);
        Assert.False(sent);
    }

    [Fact]
    public async Task Clicking_send_reads_the_text_from_the_browser_and_sends_it()
    {
        await using var ctx = BunitTestContext.Create();
        string? sent = null;
        ctx.JSInterop.Setup<IJSStreamReference?>("secureAiChat.chat.readInput", _ => true).SetResult(new TextStream("見積もりを作って"));
        var cut = ctx.Render<ChatInput>(p => p.Add(x => x.OnSend, (string text) => sent = text));

        await cut.InvokeAsync(() => cut.Instance.InputChanged(8, hasText: true));
        await cut.Find("[data-testid=send]").ClickAsync(new());

        Assert.Equal("見積もりを作って", sent);
    }

    /// <summary>What the browser's <c>DotNet.createJSStreamReference</c> hands over: the text as UTF-8 bytes.</summary>
    private sealed class TextStream(string text) : IJSStreamReference
    {
        private readonly byte[] _bytes = Encoding.UTF8.GetBytes(text);

        public bool Disposed { get; private set; }

        public long Length => _bytes.Length;

        public ValueTask<Stream> OpenReadStreamAsync(long maxAllowedSize = 512000, CancellationToken cancellationToken = default) =>
            Length > maxAllowedSize
                ? throw new InvalidOperationException($"{Length} bytes is over {maxAllowedSize}.")
                : ValueTask.FromResult<Stream>(new MemoryStream(_bytes));

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => throw new NotSupportedException();

#pragma warning disable CA1068 // the parameter order is IJSObjectReference's
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) => throw new NotSupportedException();
#pragma warning restore CA1068

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
