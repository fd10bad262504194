using Bunit;
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
        cut.Find("textarea").Input("   ");
        Assert.True(cut.Find("[data-testid=send]").HasAttribute("disabled"));
        cut.Find("textarea").Input("hello");
        Assert.False(cut.Find("[data-testid=send]").HasAttribute("disabled"));
        Assert.StartsWith("5 / 10", cut.Find("[data-testid=chat-counter]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_the_limit_the_counter_warns_a_message_explains_and_send_is_off()
    {
        await using var ctx = BunitTestContext.Create();
        string? sent = null;
        var cut = ctx.Render<ChatInput>(p => p.Add(x => x.MaxCharacters, 10).Add(x => x.OnSend, (string text) => sent = text));

        cut.Find("textarea").Input("12345678901");

        Assert.Contains("over", cut.Find("[data-testid=chat-counter]").ClassList);
        Assert.Contains("10", cut.Find("[data-testid=chat-limit]").TextContent, StringComparison.Ordinal);
        Assert.True(cut.Find("[data-testid=send]").HasAttribute("disabled"));
        Assert.False(await cut.InvokeAsync(() => cut.Instance.SubmitFromKeyboard("12345678901")));
        Assert.Null(sent);

        cut.Find("textarea").Input("1234567890");
        Assert.Empty(cut.FindAll("[data-testid=chat-limit]"));
    }

    [Fact]
    public async Task Enter_from_the_browser_sends_trimmed_rules_and_clears_the_box()
    {
        await using var ctx = BunitTestContext.Create();
        var sent = new List<string>();
        var cut = ctx.Render<ChatInput>(p => p.Add(x => x.OnSend, (string text) => sent.Add(text)));

        Assert.False(await cut.InvokeAsync(() => cut.Instance.SubmitFromKeyboard(" \n ")));
        Assert.True(await cut.InvokeAsync(() => cut.Instance.SubmitFromKeyboard("こんにちは\n二行目")));

        Assert.Equal(["こんにちは\n二行目"], sent);
        Assert.StartsWith("0 /", cut.Find("[data-testid=chat-counter]").TextContent, StringComparison.Ordinal);
        Assert.Contains(ctx.JSInterop.Invocations, i => i.Identifier == "secureAiChat.chat.setInput" && (string?)i.Arguments[1] == "");
        Assert.Contains(ctx.JSInterop.Invocations, i => i.Identifier == "secureAiChat.chat.attachInput");
    }

    [Fact]
    public async Task While_an_answer_streams_there_is_Stop_and_no_sending()
    {
        await using var ctx = BunitTestContext.Create();
        var stopped = false;
        var sent = false;
        var cut = ctx.Render<ChatInput>(p => p.Add(x => x.Busy, true).Add(x => x.OnStop, () => stopped = true).Add(x => x.OnSend, (string _) => sent = true));

        Assert.Empty(cut.FindAll("[data-testid=send]"));
        Assert.False(await cut.InvokeAsync(() => cut.Instance.SubmitFromKeyboard("hello")));
        cut.Find("[data-testid=stop]").Click();

        Assert.True(stopped);
        Assert.False(sent);
    }

    [Fact]
    public async Task Clicking_send_sends_the_typed_text()
    {
        await using var ctx = BunitTestContext.Create();
        string? sent = null;
        var cut = ctx.Render<ChatInput>(p => p.Add(x => x.OnSend, (string text) => sent = text));

        cut.Find("textarea").Input("見積もりを作って");
        await cut.Find("[data-testid=send]").ClickAsync(new());

        Assert.Equal("見積もりを作って", sent);
    }
}
