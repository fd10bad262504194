using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Chat;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Tests.Unit.Chat;

namespace SecureAiChat.Tests.E2E.Chat;

/// <summary>The chat page in Chromium, signed in through the real sign-in page, answers from the fake upstream.</summary>
public sealed partial class ChatPageTests(ChatAppHost app, BrowserFixture browser) : IClassFixture<ChatAppHost>, IClassFixture<BrowserFixture>
{
    // A loaded 2-core machine can take longer than Playwright's 5 s default to stream and render.
    private const string Tenant = "chatui";

    private static string Marker() => "m" + Guid.NewGuid().ToString("N")[..10];

    private async Task<(IPage Page, string UserId)> SignedInChatAsync(string locale = "ja-JP", ViewportSize? viewport = null, string path = "/chat")
    {
        var tenant = await app.EnsureTenantAsync(Tenant, "アクメ商事");
        var user = await app.CreateUserAsync(tenant.Id, $"{Guid.NewGuid():N}@example.jp");
        var page = await browser.NewPageAsync(locale, viewport);
        await page.SignInAsync(app.TenantUri(Tenant), user.Email!);
        await page.GotoAsync(app.TenantUri(Tenant, path).ToString());
        await page.WaitForInteractiveAsync();
        await InputReadyAsync(page);
        return (page, user.Id);
    }

    private static Task InputReadyAsync(IPage page) =>
        page.Locator("textarea[data-testid=chat-textarea][data-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    private static async Task SendAsync(IPage page, string text)
    {
        var box = page.Locator("[data-testid=chat-textarea]");
        await box.FillAsync(text);
        await box.PressAsync("Enter");
    }

    private static ILocator LastAnswer(IPage page) => page.Locator("[data-testid=message-assistant]").Last;

    [Fact]
    public async Task A_member_sends_a_message_and_sees_the_answer_grow_then_finds_it_after_reload_and_by_search()
    {
        var marker = Marker();
        var tokens = Enumerable.Range(1, 30).Select(i => $" token{i}").ToList();
        app.Script(marker, new UpstreamScript { Tokens = tokens, DelayPerToken = TimeSpan.FromMilliseconds(60) });
        var (page, _) = await SignedInChatAsync();

        await SendAsync(page, "ストリーミングのテスト " + marker);

        // An intermediate state: some of the answer is on screen while the rest is still coming.
        var streaming = page.Locator("[data-testid=streaming-body]");
        await Assertions.Expect(streaming).ToContainTextAsync("token3");
        var partial = await streaming.InnerTextAsync();
        Assert.DoesNotContain("token30", partial, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("[data-testid=stop]")).ToBeVisibleAsync();

        await Assertions.Expect(LastAnswer(page)).ToContainTextAsync("token29 token30", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("[data-testid=message-streaming]")).ToHaveCountAsync(0);
        Assert.Matches(ChatUrl(), page.Url);
        Assert.Equal("gpt-4o-mini", await LastAnswer(page).Locator("[data-testid=message-model]").InnerTextAsync());

        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        var item = page.Locator("[data-testid=conversation-item]", new() { HasText = "ストリーミングのテスト" });
        await Assertions.Expect(item).ToHaveCountAsync(1);
        await Assertions.Expect(LastAnswer(page)).ToContainTextAsync("token30");
        await Assertions.Expect(page.Locator("[data-testid=group-Today]")).ToBeVisibleAsync();

        // Search covers message text, not only titles.
        await page.Locator("[data-testid=conversation-search]").FillAsync("token17");
        await Assertions.Expect(page.Locator("[data-testid=conversation-item]")).ToHaveCountAsync(1);
        await page.Locator("[data-testid=conversation-search]").FillAsync("nothing-like-this-" + marker + "x");
        await Assertions.Expect(page.Locator("[data-testid=conversation-empty]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_conversation_is_renamed_in_place_and_deleted_after_confirmation()
    {
        var (page, userId) = await SignedInChatAsync();
        var marker = Marker();
        await using (var scope = await app.TenantScopeAsync((await app.EnsureTenantAsync(Tenant)).Id))
        {
            var chat = ChatParts.From(scope.ServiceProvider);
            await chat.Turns.SendAsync(userId, null, "名前を変える会話 " + marker);
            await chat.Turns.SendAsync(userId, null, "消す会話 " + marker);
        }
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();

        var renamed = page.Locator("[data-testid=conversation-item]", new() { HasText = "名前を変える会話" });
        await renamed.HoverAsync();
        await renamed.Locator("[data-testid=rename]").ClickAsync();
        await page.Locator("[data-testid=rename-input]").FillAsync("四半期の振り返り " + marker);
        await page.Locator("[data-testid=rename-input]").PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=conversation-item]", new() { HasText = "四半期の振り返り " + marker })).ToHaveCountAsync(1);

        var doomed = page.Locator("[data-testid=conversation-item]", new() { HasText = "消す会話" });
        await doomed.HoverAsync();
        await doomed.Locator("[data-testid=delete]").ClickAsync();
        await page.Locator(".mud-dialog button", new() { HasText = "キャンセル" }).ClickAsync();
        await Assertions.Expect(doomed).ToHaveCountAsync(1);
        await doomed.HoverAsync();
        await doomed.Locator("[data-testid=delete]").ClickAsync();
        await page.ScreenshotAsync("chat-delete-confirm-ja");
        await page.Locator(".mud-dialog button", new() { HasText = "削除" }).ClickAsync();
        await Assertions.Expect(doomed).ToHaveCountAsync(0);

        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=conversation-item]", new() { HasText = marker })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Stop_ends_the_answer_at_once_and_Regenerate_answers_again()
    {
        var marker = Marker();
        app.Script(marker,
            new UpstreamScript { Tokens = Enumerable.Range(1, 200).Select(i => $" slow{i}").ToList(), DelayPerToken = TimeSpan.FromMilliseconds(100) },
            new UpstreamScript { Reply = "Regenerated answer." });
        var (page, _) = await SignedInChatAsync("en-US");

        await SendAsync(page, "Tell me everything " + marker);
        await Assertions.Expect(page.Locator("[data-testid=streaming-body]")).ToContainTextAsync("slow2");
        await page.Locator("[data-testid=stop]").ClickAsync();

        await Assertions.Expect(LastAnswer(page)).ToHaveAttributeAsync("data-status", "Stopped", new() { Timeout = 3_000 });
        await Assertions.Expect(page.Locator("[data-testid=stopped-note]")).ToBeVisibleAsync();
        await Assert.Single(app.RequestsWith(marker)).Aborted.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.DoesNotContain("slow200", await LastAnswer(page).InnerTextAsync(), StringComparison.Ordinal);

        await page.Locator("[data-testid=regenerate]").ClickAsync();
        await Assertions.Expect(LastAnswer(page)).ToContainTextAsync("Regenerated answer.");
        await Assertions.Expect(page.Locator("[data-testid=message-assistant]")).ToHaveCountAsync(1);
        Assert.Equal(2, app.RequestsWith(marker).Count);
    }

    [Fact]
    public async Task Closing_the_tab_cancels_the_upstream_request_and_keeps_the_partial_answer()
    {
        var marker = Marker();
        app.Script(marker, new UpstreamScript { Tokens = Enumerable.Range(1, 300).Select(i => $" part{i}").ToList(), DelayPerToken = TimeSpan.FromMilliseconds(100) });
        var (page, userId) = await SignedInChatAsync();

        await SendAsync(page, "closing " + marker);
        await Assertions.Expect(page.Locator("[data-testid=streaming-body]")).ToContainTextAsync("part2");
        var conversationId = Guid.Parse(page.Url[^36..]);
        await page.CloseAsync(new() { RunBeforeUnload = true });

        await Assert.Single(app.RequestsWith(marker)).Aborted.WaitAsync(TimeSpan.FromSeconds(10));
        var tenant = await app.EnsureTenantAsync(Tenant);
        ConversationDetail? saved = null;
        for (var attempt = 0; attempt < 300 && saved?.Messages.Count != 2; attempt++)
        {
            await using var scope = await app.TenantScopeAsync(tenant.Id);
            saved = await ChatParts.From(scope.ServiceProvider).Conversations.GetAsync(userId, conversationId);
            if (saved?.Messages.Count != 2) await Task.Delay(50);
        }

        Assert.Equal(2, saved?.Messages.Count);
        var answer = saved!.Messages[^1];
        Assert.True(answer.Status == MessageStatus.Stopped, $"{answer.Role} {answer.Status} {answer.Failure?.Kind} {answer.Content.Length}: {answer.Content[..Math.Min(80, answer.Content.Length)]}");
        Assert.StartsWith(" part1 part2", answer.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editing_the_last_question_resends_it_and_replaces_the_answer()
    {
        var marker = Marker();
        var edited = Marker();
        app.Script(marker, new UpstreamScript { Reply = "Answer to the first wording." });
        app.Script(edited, new UpstreamScript { Reply = "Answer to the second wording." });
        var (page, _) = await SignedInChatAsync("en-US");

        await SendAsync(page, "First wording " + marker);
        await Assertions.Expect(LastAnswer(page)).ToContainTextAsync("first wording");
        await page.Locator("[data-testid=message-user]").HoverAsync();
        await page.Locator("[data-testid=edit]").ClickAsync();
        await page.Locator("[data-testid=edit-textarea]").FillAsync("Second wording " + edited);
        await page.Locator("[data-testid=edit-send]").ClickAsync();

        await Assertions.Expect(LastAnswer(page)).ToContainTextAsync("second wording");
        await Assertions.Expect(page.Locator("[data-testid=message-user]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=user-text]")).ToHaveTextAsync("Second wording " + edited);
        await Assertions.Expect(page.Locator("[data-testid=message-assistant]")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Enter_during_Japanese_IME_conversion_does_not_send()
    {
        var marker = Marker();
        app.Script(marker, new UpstreamScript { Reply = "届きました" });
        var (page, _) = await SignedInChatAsync();
        var box = page.Locator("[data-testid=chat-textarea]");
        await box.FillAsync("変換中 " + marker);

        // What Chrome sends while an IME candidate is confirmed with Enter.
        await box.EvaluateAsync("""
            ta => {
              ta.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, data: '' }));
              ta.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', keyCode: 229, isComposing: true, bubbles: true, cancelable: true }));
              ta.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', keyCode: 13, bubbles: true, cancelable: true }));
              ta.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: '変換中' }));
              // Safari order: compositionend first, then the confirming keydown reported as 229.
              ta.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', keyCode: 229, bubbles: true, cancelable: true }));
            }
            """);
        // Shift+Enter is a new line, never a send.
        await box.PressAsync("Shift+Enter");
        await box.PressAsync("x");
        Assert.Equal("変換中 " + marker + "\nx", await box.InputValueAsync());
        Assert.Equal(0, await page.Locator("[data-testid=message-user]").CountAsync());
        Assert.Empty(app.RequestsWith(marker));

        // A plain Enter after the conversion sends exactly once.
        await box.PressAsync("Enter");
        await Assertions.Expect(LastAnswer(page)).ToContainTextAsync("届きました");
        await Assertions.Expect(page.Locator("[data-testid=message-user]")).ToHaveCountAsync(1);
        Assert.Single(app.RequestsWith(marker));
    }

    [Fact]
    public async Task Hostile_model_output_streamed_through_the_page_executes_nothing()
    {
        var corpus = ChatMarkdownRendererTests.HostileOutputs.Cast<object[]>().Select(row => (string)row[0]).ToList();
        Assert.True(corpus.Count >= 50, $"only {corpus.Count} hostile outputs");
        var (page, _) = await SignedInChatAsync();
        var dialogs = new List<string>();
        var remote = new List<string>();
        var consoleErrors = new List<string>();
        page.Dialog += (_, dialog) =>
        {
            lock (dialogs) dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };
        page.Request += (_, request) =>
        {
            var host = new Uri(request.Url).Host;
            if (!host.EndsWith("localhost", StringComparison.OrdinalIgnoreCase) && request.Url.StartsWith("http", StringComparison.Ordinal))
            {
                lock (remote) remote.Add(request.Url);
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error") lock (consoleErrors) consoleErrors.Add(message.Text);
        };

        // Three answers of about 25 payloads each, streamed in 5-character chunks so payloads are split across chunks.
        foreach (var batch in corpus.Chunk(25))
        {
            var marker = Marker();
            var reply = string.Join("\n\n", batch) + "\n\nEND-" + marker;
            app.Script(marker, new UpstreamScript { Tokens = reply.Chunk(5).Select(c => new string(c)).ToList(), DelayPerToken = TimeSpan.FromMilliseconds(1) });
            await SendAsync(page, "hostile " + marker);
            await Assertions.Expect(LastAnswer(page)).ToContainTextAsync("END-" + marker, new() { Timeout = 20_000 });
        }

        Assert.Empty(dialogs);
        Assert.Empty(remote);
        Assert.Empty(consoleErrors);
        var injected = await page.EvaluateAsync<int>("""
            () => [...document.querySelectorAll('.message-body *')].filter(e =>
              ['SCRIPT', 'IFRAME', 'IMG', 'SVG', 'OBJECT', 'EMBED', 'FORM', 'INPUT', 'STYLE', 'VIDEO', 'MATH'].includes(e.tagName.toUpperCase()) ||
              [...e.attributes].some(a => a.name.startsWith('on') || a.name === 'style' || (a.name === 'href' && !/^(https?|mailto):/i.test(a.value)))).length
            """);
        Assert.Equal(0, injected);
    }

    [Fact]
    public async Task A_member_cannot_open_another_members_conversation_by_URL()
    {
        var tenant = await app.EnsureTenantAsync(Tenant, "アクメ商事");
        var owner = await app.CreateUserAsync(tenant.Id, $"{Guid.NewGuid():N}@example.jp");
        Guid conversationId;
        await using (var scope = await app.TenantScopeAsync(tenant.Id))
        {
            var chat = ChatParts.From(scope.ServiceProvider);
            conversationId = (await chat.Turns.SendAsync(owner.Id, null, "社外秘の売上計画"))!.ConversationId;
        }

        var (page, _) = await SignedInChatAsync(path: $"/chat/{conversationId}");

        await Assertions.Expect(page.Locator("[data-testid=conversation-not-found]")).ToBeVisibleAsync();
        Assert.DoesNotContain("社外秘", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("[data-testid=chat-textarea]").IsDisabledAsync());
    }

    [Fact]
    public async Task A_long_conversation_opens_at_its_newest_message_and_older_ones_render_when_scrolled_to()
    {
        var (page, userId) = await SignedInChatAsync();
        var marker = Marker();
        var tenant = await app.EnsureTenantAsync(Tenant);
        Guid conversationId;
        await using (var scope = await app.TenantScopeAsync(tenant.Id))
        {
            var chat = ChatParts.From(scope.ServiceProvider);
            var first = (await chat.Turns.SendAsync(userId, null, "最初の質問 " + marker))!;
            conversationId = first.ConversationId;
            var db = scope.ServiceProvider.GetRequiredService<Core.Data.AppDbContext>();
            for (var i = 1; i < 120; i++)
            {
                var answer = i % 2 == 1;
                db.ChatMessages.Add(new ConversationMessage
                {
                    TenantId = tenant.Id, ConversationId = conversationId, Role = answer ? MessageRole.Assistant : MessageRole.User,
                    Content = answer ? $"回答 {i}\n\n段落です。\n\n- 項目\n- 項目" : $"質問 {i}", Status = MessageStatus.Completed,
                    CreatedAt = first.CreatedAt.AddMinutes(i),
                });
            }

            await db.SaveChangesAsync();
        }

        await page.GotoAsync(app.TenantUri(Tenant, $"/chat/{conversationId}").ToString());
        await page.WaitForInteractiveAsync();

        // Opens scrolled to the newest answer, which offers Regenerate.
        var newest = page.Locator("[data-testid=message-assistant]", new() { HasText = "回答 119" });
        await Assertions.Expect(newest).ToBeInViewportAsync();
        await Assertions.Expect(newest.Locator("[data-testid=regenerate]")).ToHaveCountAsync(1);
        Assert.True(await page.Locator("[data-testid=message-user], [data-testid=message-assistant]").CountAsync() < 120);

        // Scrolling up renders the older messages, down to the first question.
        var firstQuestion = page.Locator("[data-testid=user-text]", new() { HasText = "最初の質問 " + marker });
        for (var i = 0; i < 100 && await firstQuestion.CountAsync() == 0; i++)
        {
            await page.Locator("[data-testid=chat-scroll]").EvaluateAsync("s => s.scrollTop = 0");
            await page.WaitForFunctionAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))");
        }

        await Assertions.Expect(firstQuestion).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_500_message_conversation_reads_its_older_messages_from_the_database_when_scrolled_to_the_top()
    {
        var (page, userId) = await SignedInChatAsync();
        var marker = Marker();
        var tenant = await app.EnsureTenantAsync(Tenant);
        Guid conversationId;
        await using (var scope = await app.TenantScopeAsync(tenant.Id))
        {
            var chat = ChatParts.From(scope.ServiceProvider);
            var renderer = scope.ServiceProvider.GetRequiredService<Core.Chat.Rendering.ChatMarkdownRenderer>();
            var first = (await chat.Turns.SendAsync(userId, null, "最初の質問 " + marker))!;
            conversationId = first.ConversationId;
            var db = scope.ServiceProvider.GetRequiredService<Core.Data.AppDbContext>();
            for (var i = 1; i < 500; i++)
            {
                var answer = i % 2 == 1;
                // Answers stored with their HTML, as the chat stores them.
                var content = answer ? $"回答 {i}\n\n```python\nprint({i})\n```" : $"質問 {i}";
                db.ChatMessages.Add(new ConversationMessage
                {
                    TenantId = tenant.Id, ConversationId = conversationId, Role = answer ? MessageRole.Assistant : MessageRole.User,
                    Content = content, RenderedHtml = answer ? renderer.Render(content) : null, Status = MessageStatus.Completed,
                    CreatedAt = first.CreatedAt.AddMinutes(i),
                });
            }

            await db.SaveChangesAsync();
        }

        await page.GotoAsync(app.TenantUri(Tenant, $"/chat/{conversationId}").ToString());
        await page.WaitForInteractiveAsync();
        var newest = page.Locator("[data-testid=message-assistant]", new() { HasText = "回答 499" });
        await Assertions.Expect(newest).ToBeInViewportAsync();
        Assert.True(await page.Locator("[data-testid=message-user], [data-testid=message-assistant]").CountAsync() < 60);

        // Scrolled up a little: the messages just above the newest ones, not the first ones.
        var justAbove = page.Locator("[data-testid=user-text]", new() { HasText = "質問 478" });
        for (var i = 0; i < 50 && await justAbove.CountAsync() == 0; i++)
        {
            await page.Locator("[data-testid=chat-scroll]").EvaluateAsync("s => s.scrollBy(0, -400)");
            await page.WaitForFunctionAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))");
        }

        await Assertions.Expect(justAbove).ToBeAttachedAsync();

        // At the top: the first question, and an old answer's code block decorated and highlighted like a new one's.
        var firstQuestion = page.Locator("[data-testid=user-text]", new() { HasText = "最初の質問 " + marker });
        for (var i = 0; i < 100 && await firstQuestion.CountAsync() == 0; i++)
        {
            await page.Locator("[data-testid=chat-scroll]").EvaluateAsync("s => s.scrollTop = 0");
            await page.WaitForFunctionAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))");
        }

        await Assertions.Expect(firstQuestion).ToBeVisibleAsync();
        var oldAnswer = page.Locator("[data-testid=message-assistant]", new() { HasText = "回答 1" }).First;
        await Assertions.Expect(oldAnswer.Locator("button.code-copy")).ToHaveCountAsync(1);
        Assert.True(await page.Locator("[data-testid=message-user], [data-testid=message-assistant]").CountAsync() < 60);
    }

    [Fact]
    public async Task A_long_sidebar_reads_its_rows_as_scrolled_down_to_the_oldest_conversation()
    {
        var (page, userId) = await SignedInChatAsync();
        var marker = Marker();
        var tenant = await app.EnsureTenantAsync(Tenant);
        var now = DateTime.UtcNow;
        await using (var scope = await app.TenantScopeAsync(tenant.Id))
        {
            var db = scope.ServiceProvider.GetRequiredService<Core.Data.AppDbContext>();
            for (var i = 0; i < 400; i++)
            {
                db.Conversations.Add(new Conversation
                {
                    TenantId = tenant.Id, UserId = userId, Title = $"会話 {i:000} {marker}", Model = "gpt-4o-mini",
                    CreatedAt = now.AddHours(-i), UpdatedAt = now.AddHours(-i),
                });
            }

            await db.SaveChangesAsync();
        }

        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        var items = page.Locator("[data-testid=conversation-item]");
        await Assertions.Expect(items.First).ToContainTextAsync("会話 000");

        // Scrolling down a screenful at a time reads the later pages, down to the oldest; the page never holds all 400
        // rows, and the "Older" group's label (on a later page) shows once on the way.
        var oldest = page.Locator("[data-testid=conversation-item]", new() { HasText = "会話 399 " + marker });
        var older = page.Locator("[data-testid=group-Older]");
        var sawOlder = false;
        for (var i = 0; i < 200 && await oldest.CountAsync() == 0; i++)
        {
            await page.Locator(".conversation-scroll").EvaluateAsync("s => s.scrollTop += s.clientHeight / 2");
            await page.WaitForFunctionAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))");
            Assert.True(await items.CountAsync() < 120);
            var labels = await older.CountAsync();
            Assert.InRange(labels, 0, 1);
            if (labels == 1 && !sawOlder)
            {
                await page.ScreenshotAsync("chat-ja-long-sidebar-older");
            }

            sawOlder |= labels == 1;
        }

        await Assertions.Expect(oldest).ToBeVisibleAsync();
        Assert.True(sawOlder, "The Older group's label never showed.");
        await page.ScreenshotAsync("chat-ja-long-sidebar-bottom");

        // A virtualized row navigates and shows as the active conversation like any other.
        await oldest.Locator(".conversation-link").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(ChatUrl());
        await Assertions.Expect(oldest).ToHaveClassAsync(new Regex(@"\bactive\b"));
    }

    [Theory]
    [InlineData("ja-JP", 1280, 860, "chat-ja-desktop")]
    [InlineData("en-US", 1280, 860, "chat-en-desktop")]
    [InlineData("ja-JP", 390, 844, "chat-ja-phone")]
    [InlineData("en-US", 390, 844, "chat-en-phone")]
    public async Task Chat_page_looks_right_on_desktop_and_phone(string locale, int width, int height, string screenshot)
    {
        var marker = Marker();
        var japanese = locale.StartsWith("ja", StringComparison.Ordinal);
        var reply = japanese
            ? "見積もりの比較表です。\n\n| プラン | 月額 | 席数 |\n|---|---|---|\n| スターター | ¥9,800 | 10 |\n| スタンダード | ¥29,800 | 50 |\n\n主なポイント:\n\n1. **コスト**を抑えられます\n2. `SSO` に対応しています\n\n```python\ndef total(price, seats):\n    # 税込みの合計\n    return int(price * seats * 1.1)\n```\n"
            : "Here is the comparison.\n\n| Plan | Monthly | Seats |\n|---|---|---|\n| Starter | ¥9,800 | 10 |\n| Standard | ¥29,800 | 50 |\n\nKey points:\n\n1. **Lower cost**\n2. Supports `SSO`\n\n```python\ndef total(price, seats):\n    # including tax\n    return int(price * seats * 1.1)\n```\n";
        app.Script(marker, new UpstreamScript { Reply = reply });
        var (page, _) = await SignedInChatAsync(locale, new ViewportSize { Width = width, Height = height });
        await page.ScreenshotAsync(screenshot + "-empty");

        await SendAsync(page, (japanese ? "プランの比較表を作ってください " : "Please compare the plans ") + marker);
        await Assertions.Expect(LastAnswer(page).Locator("table")).ToBeVisibleAsync();
        await Assertions.Expect(LastAnswer(page).Locator(".hl-keyword").First).ToBeVisibleAsync();

        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "The chat page scrolls sideways.");
        await page.ScreenshotAsync(screenshot);
        if (width < 600)
        {
            await page.Locator("[data-testid=sidebar-toggle]").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=conversation-list]")).ToBeInViewportAsync(new() { Ratio = 1 });
            await page.ScreenshotAsync(screenshot + "-sidebar");
        }
    }

    [GeneratedRegex(@"/chat/[0-9a-f-]{36}$")]
    private static partial Regex ChatUrl();
}
