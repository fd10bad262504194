using AngleSharp.Dom;
using Bunit;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Chat.Rendering;
using SecureAiChat.Tests.Unit.Chat;
using SecureAiChat.Web.Features.Chat;

namespace SecureAiChat.Tests.Components.Chat;

public sealed class MessageItemTests
{
    private static readonly ChatMarkdownRenderer Renderer = new();
    private static readonly string[] ForbiddenTags = ["script", "iframe", "img", "svg", "math", "object", "embed", "form", "input", "style", "link", "meta", "video", "audio", "source", "template", "noscript", "base"];

    public static TheoryData<string> HostileOutputs => ChatMarkdownRendererTests.HostileOutputs;

    private static MessageView Assistant(string markdown, MessageStatus status = MessageStatus.Completed, string? failure = null, int? retryAfter = null) =>
        MessageView.From(new ConversationMessage
        {
            Role = MessageRole.Assistant, Content = markdown, RenderedHtml = Renderer.Render(markdown), Status = status, Model = "gpt-4o-mini",
            Failure = failure is null ? null : MessageFailure.FromStored(failure), RetryAfterSeconds = retryAfter, CreatedAt = new DateTime(2026, 11, 24, 3, 4, 0, DateTimeKind.Utc),
        }, Renderer.Render, "Copy");

    [Theory]
    [MemberData(nameof(HostileOutputs))]
    public async Task Hostile_model_output_renders_inert(string markdown)
    {
        await using var ctx = BunitTestContext.Create();
        var cut = ctx.Render<MessageItem>(p => p.Add(x => x.Message, Assistant(markdown)));

        var body = cut.Find("[data-testid=assistant-text]");
        foreach (var element in body.QuerySelectorAll("*"))
        {
            Assert.DoesNotContain(element.LocalName, ForbiddenTags);
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"{element.LocalName} has {attribute.Name}");
                Assert.NotEqual("style", attribute.Name);
            }

            if (element.GetAttribute("href") is { } href)
            {
                Assert.Matches("^(https?|mailto):", href);
                Assert.Equal("noopener noreferrer nofollow", element.GetAttribute("rel"));
            }
        }
    }

    [Fact]
    public async Task Markdown_tables_lists_and_code_render_with_language_label_and_copy_button()
    {
        await using var ctx = BunitTestContext.Create();
        var cut = ctx.Render<MessageItem>(p => p.Add(x => x.Message, Assistant("| 項目 | 値 |\n|---|---|\n| a | 1 |\n\n- one\n- two\n\n```csharp\nvar x = \"<b>\";\n```")));

        Assert.Single(cut.FindAll("table"));
        Assert.Equal(2, cut.FindAll("li").Count);
        Assert.Equal("csharp", cut.Find(".code-lang").TextContent);
        Assert.Single(cut.FindAll("button.code-copy"));
        Assert.Contains("var x = \"<b>\";", cut.Find("pre code.language-csharp").TextContent, StringComparison.Ordinal);
        Assert.Equal("gpt-4o-mini", cut.Find("[data-testid=message-model]").TextContent);
        Assert.NotEmpty(cut.Find("time").TextContent);
        Assert.Single(cut.FindAll("[data-testid=copy-answer]"));
    }

    [Fact]
    public async Task User_text_is_shown_as_text_never_as_HTML()
    {
        await using var ctx = BunitTestContext.Create();
        var message = MessageView.From(new ConversationMessage { Role = MessageRole.User, Content = "<img src=x onerror=alert(1)> **bold**" }, Renderer.Render, "Copy");
        var cut = ctx.Render<MessageItem>(p => p.Add(x => x.Message, message));

        Assert.Equal("<img src=x onerror=alert(1)> **bold**", cut.Find("[data-testid=user-text]").TextContent);
        Assert.Empty(cut.FindAll("img"));
        Assert.Empty(cut.FindAll("strong"));
    }

    [Fact]
    public async Task A_failed_answer_shows_its_reason_with_the_wait_and_a_retry_button_when_last()
    {
        await using var ctx = BunitTestContext.Create();
        var retried = false;
        var cut = ctx.Render<MessageItem>(p => p
            .Add(x => x.Message, Assistant("partial", MessageStatus.Failed, "RateLimited", 7))
            .Add(x => x.IsLast, true)
            .Add(x => x.OnRegenerate, () => retried = true));

        var error = cut.Find("[data-testid=message-error]");
        Assert.Contains("7", error.TextContent, StringComparison.Ordinal);
        Assert.Equal("RateLimited", error.GetAttribute("data-failure"));
        Assert.Equal("partial", cut.Find("[data-testid=assistant-text]").TextContent.Trim());
        cut.Find("[data-testid=retry]").Click();
        Assert.True(retried);
    }

    [Fact]
    public async Task Stopped_answers_say_so_and_regenerate_is_offered_only_on_the_last_answer()
    {
        await using var ctx = BunitTestContext.Create();
        var last = ctx.Render<MessageItem>(p => p.Add(x => x.Message, Assistant("half", MessageStatus.Stopped)).Add(x => x.IsLast, true));
        Assert.Single(last.FindAll("[data-testid=stopped-note]"));
        Assert.Single(last.FindAll("[data-testid=regenerate]"));

        var older = ctx.Render<MessageItem>(p => p.Add(x => x.Message, Assistant("old")).Add(x => x.IsLast, false));
        Assert.Empty(older.FindAll("[data-testid=regenerate]"));

        var busy = ctx.Render<MessageItem>(p => p.Add(x => x.Message, Assistant("old")).Add(x => x.IsLast, true).Add(x => x.Busy, true));
        Assert.Empty(busy.FindAll("[data-testid=regenerate]"));
    }

    [Fact]
    public async Task A_finished_message_does_not_render_again_when_its_parent_does()
    {
        await using var ctx = BunitTestContext.Create();
        var message = Assistant("finished **answer**");
        var cut = ctx.Render<MessageItem>(p => p.Add(x => x.Message, message).Add(x => x.IsLast, false));
        var renders = cut.RenderCount;

        cut.Render(p => p.Add(x => x.Message, message).Add(x => x.IsLast, false));
        cut.Render(p => p.Add(x => x.Message, message).Add(x => x.IsLast, false));
        Assert.Equal(renders, cut.RenderCount);

        cut.Render(p => p.Add(x => x.Message, message).Add(x => x.IsLast, true));
        Assert.Equal(renders + 1, cut.RenderCount);
    }

    [Theory]
    [InlineData(nameof(AnswerFailure.AllowanceExhausted), "allowance-way-out")]
    [InlineData(nameof(AnswerFailure.TokenCapReached), "allowance-way-out")]
    [InlineData("EndpointBlocked", "endpoint-way-out")]
    public async Task Failures_only_an_admin_can_fix_link_admins_to_the_ai_settings(string failure, string wayOut)
    {
        await using var ctx = BunitTestContext.Create();
        var auth = ctx.AddAuthorization();
        auth.SetAuthorized("admin");
        auth.SetRoles(Core.Identity.Roles.Admin);
        var admin = ctx.Render<MessageItem>(p => p.Add(x => x.Message, Assistant("", MessageStatus.Failed, failure)));
        Assert.Equal("/settings/ai", admin.Find($"[data-testid={wayOut}]").GetAttribute("href"));

        auth.SetRoles(Core.Identity.Roles.Member);
        var member = ctx.Render<MessageItem>(p => p.Add(x => x.Message, Assistant("", MessageStatus.Failed, failure)));
        Assert.Empty(member.FindAll("[data-testid$=way-out]"));
        Assert.NotEmpty(member.Find("[data-testid=message-error]").TextContent.Trim());
    }

    [Fact]
    public async Task Starting_an_answer_re_renders_only_the_last_messages_of_the_list()
    {
        await using var ctx = BunitTestContext.Create();
        var messages = Enumerable.Range(0, 6).Select(i => i % 2 == 0 ? User($"question {i}") : Assistant($"answer {i}")).ToList();
        var list = ctx.Render<MessageList>(p => p.Add(x => x.Messages, messages).Add(x => x.Busy, false));
        var before = list.FindComponents<MessageItem>().Select(i => i.RenderCount).ToList();

        list.Render(p => p.Add(x => x.Messages, messages).Add(x => x.Busy, true));

        var after = list.FindComponents<MessageItem>().Select(i => i.RenderCount).ToList();
        var rendered = Enumerable.Range(0, messages.Count).Where(i => after[i] != before[i]).ToList();
        Assert.Equal([4, 5], rendered); // the last question (edit) and the last answer (regenerate) lose their actions
        Assert.Empty(list.FindAll("[data-testid=regenerate]"));
    }

    [Fact]
    public void An_answer_view_keeps_its_HTML_and_not_its_Markdown()
    {
        var answer = Assistant("# 見出し\n\n本文です。");
        var question = User("質問です");

        Assert.Equal("", answer.Content);
        Assert.True(answer.HasText);
        Assert.Contains("<h1", answer.Html.Value, StringComparison.Ordinal);
        Assert.Equal("質問です", question.Content);
        Assert.False(Assistant("", MessageStatus.Failed, "Timeout").HasText);
    }

    [Fact]
    public void An_answers_HTML_is_made_when_it_is_first_shown_not_when_the_conversation_loads()
    {
        var renders = 0;
        var view = MessageView.From(new ConversationMessage { Role = MessageRole.Assistant, Content = "```js\nx()\n```" }, markdown =>
        {
            renders++;
            return Renderer.Render(markdown);
        }, "Copy");

        Assert.Equal(0, renders);
        Assert.Contains("code-copy", view.Html.Value, StringComparison.Ordinal);
        Assert.Contains("code-copy", view.Html.Value, StringComparison.Ordinal);
        Assert.Equal(1, renders);
    }

    [Fact]
    public async Task Copy_on_an_answer_copies_its_Markdown_read_when_pressed()
    {
        await using var ctx = BunitTestContext.Create();
        var message = Assistant("**太字** の答え");
        Guid? asked = null;
        var cut = ctx.Render<MessageItem>(p => p
            .Add(x => x.Message, message)
            .Add(x => x.ReadAnswerText, id =>
            {
                asked = id;
                return Task.FromResult<string?>("**太字** の答え");
            }));

        await cut.Find("[data-testid=copy-answer]").ClickAsync(new());

        Assert.Equal(message.Id, asked);
        Assert.Contains(ctx.JSInterop.Invocations, i => i.Identifier == "secureAiChat.chat.copyText" && (string?)i.Arguments[0] == "**太字** の答え");
    }

    [Fact]
    public async Task A_long_conversation_renders_its_newest_messages_and_virtualizes_the_older_ones()
    {
        await using var ctx = BunitTestContext.Create();
        var messages = Enumerable.Range(0, 200).Select(i => i % 2 == 0 ? User($"question {i}") : Assistant($"answer {i}")).ToList();
        var list = ctx.Render<MessageList>(p => p.Add(x => x.Messages, messages));

        var items = list.FindComponents<MessageItem>();
        Assert.True(items.Count < 100, $"{items.Count} messages rendered");
        Assert.Single(list.FindComponents<Microsoft.AspNetCore.Components.Web.Virtualization.Virtualize<MessageView>>());
        var newest = list.FindAll("[data-message-id]").Select(e => e.GetAttribute("data-message-id")).TakeLast(MessageList.RecentCount).ToList();
        Assert.Equal(messages.TakeLast(MessageList.RecentCount).Select(m => m.Id.ToString()), newest);
        // The last answer still offers Regenerate, the last question Edit.
        Assert.Single(list.FindAll("[data-testid=regenerate]"));
        Assert.Single(list.FindAll("[data-testid=edit]"));
    }

    private static MessageView User(string text) =>
        MessageView.From(new ConversationMessage
        {
            Role = MessageRole.User, Content = text, Status = MessageStatus.Completed, CreatedAt = new DateTime(2026, 11, 24, 3, 4, 0, DateTimeKind.Utc),
        }, Renderer.Render, "Copy");
}
