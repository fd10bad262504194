using Bunit;
using Microsoft.AspNetCore.Components.Web.Virtualization;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Chat.Rendering;
using SecureAiChat.Core.Data;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Web.Features.Chat;

namespace SecureAiChat.Tests.Components.Chat;

/// <summary>A long conversation opened through the chat page's session (SQLite) and shown by the message list.</summary>
public sealed class MessageListTests(ChatAppHost app) : IClassFixture<ChatAppHost>
{
    private static readonly ChatMarkdownRenderer Renderer = new();

    [Fact]
    public async Task A_500_message_conversation_keeps_only_its_newest_page_of_views_and_reads_older_ones_when_asked()
    {
        var tenant = await app.EnsureTenantAsync("msglist");
        var user = await app.CreateUserAsync(tenant.Id, $"{Guid.NewGuid():N}@example.jp");
        await using var scope = await app.TenantScopeAsync(tenant.Id);
        var chat = ChatParts.From(scope.ServiceProvider);
        var first = (await chat.Turns.SendAsync(user.Id, null, "first question"))!;
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        for (var i = 1; i < 500; i++)
        {
            var answer = i % 2 == 1;
            var content = answer ? $"answer {i}\n\n```csharp\nvar x = {i};\n```" : $"question {i}";
            db.ChatMessages.Add(new ConversationMessage
            {
                TenantId = tenant.Id, ConversationId = first.ConversationId, Role = answer ? MessageRole.Assistant : MessageRole.User,
                Content = content, RenderedHtml = answer ? Renderer.Render(content) : null, Status = MessageStatus.Completed,
                CreatedAt = first.CreatedAt.AddMinutes(i),
            });
        }

        await db.SaveChangesAsync();
        var views = 0;
        var session = new ChatSession(chat.Conversations, chat.Turns, message =>
        {
            views++;
            return MessageView.From(message, Renderer.Render, "Copy");
        }, () => { }) { UserId = user.Id };

        Assert.True(await session.OpenAsync(first.ConversationId));

        // Only the newest page is read and kept; the older 480 stay in the database.
        Assert.Equal(MessageList.RecentCount, session.Messages.Count);
        Assert.Equal(500 - MessageList.RecentCount, session.OlderCount);
        Assert.Equal(MessageList.RecentCount, views);
        Assert.Equal("question 480", session.Messages[0].Content);
        await using var ctx = BunitTestContext.Create();
        var cut = ctx.Render<MessageList>(p => p
            .Add(x => x.Messages, session.Messages)
            .Add(x => x.ConversationId, session.ConversationId)
            .Add(x => x.OlderCount, session.OlderCount)
            .Add(x => x.ReadOlder, session.ReadOlderAsync));
        // bUnit reports Virtualize's spacer in view: it reads one window of older messages (at most MaxItemCount and the
        // overscan), not the conversation; the component holds about a page of views, not 500.
        var shown = cut.FindAll("[data-testid=message-user], [data-testid=message-assistant]").Count;
        Assert.InRange(shown, MessageList.RecentCount, MessageList.RecentCount + 28);
        Assert.Equal(shown, views);
        var viewsShown = views;

        // Scrolled to, the older part comes from the database in pages, in order, answers decorated as the newest ones.
        var provider = cut.FindComponent<Virtualize<MessageView>>().Instance.ItemsProvider!;
        var top = await provider(new ItemsProviderRequest(0, 4, CancellationToken.None));
        Assert.Equal(500 - MessageList.RecentCount, top.TotalItemCount);
        Assert.Equal(["first question", "", "question 2", ""], top.Items.Select(v => v.Content));
        Assert.Contains("code-copy", top.Items.ElementAt(1).Html.Value, StringComparison.Ordinal);
        var edge = await provider(new ItemsProviderRequest(478, 10, CancellationToken.None));
        Assert.Equal(2, edge.Items.Count());
        Assert.Equal(viewsShown + 6, views);
        Assert.Empty(await session.ReadOlderAsync(480, 10));
    }
}
