using Bunit;
using SecureAiChat.Core.Chat;
using SecureAiChat.Web.Features.Chat;

namespace SecureAiChat.Tests.Components.Chat;

public sealed class ConversationListTests
{
    private static readonly DateTime Now = new(2026, 12, 5, 3, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Hundreds_of_conversations_render_the_first_screenful_and_virtualize_the_rest()
    {
        await using var ctx = BunitTestContext.Create();
        var conversations = Enumerable.Range(0, 400)
            .Select(i => new ConversationSummary(Guid.NewGuid(), $"会話 {i}", Now.AddHours(-i)))
            .ToList();
        var cut = ctx.Render<ConversationList>(p => p.Add(x => x.Conversations, conversations).Add(x => x.NowUtc, Now));

        var rows = cut.FindAll("[data-testid=conversation-item]");
        Assert.InRange(rows.Count, 20, 150);
        Assert.Equal(conversations[0].Id.ToString(), rows[0].GetAttribute("data-id"));
        Assert.Single(cut.FindAll("[data-testid=group-Today]"));
        Assert.Empty(cut.FindAll($"[data-id='{conversations[^1].Id}']"));
    }

    [Fact]
    public async Task Rows_are_grouped_by_day_with_one_label_per_group()
    {
        await using var ctx = BunitTestContext.Create();
        var conversations = new List<ConversationSummary>
        {
            new(Guid.NewGuid(), "今日の会話", Now.AddMinutes(-5)),
            new(Guid.NewGuid(), "昨日の会話", Now.AddDays(-1)),
            new(Guid.NewGuid(), "先週の会話", Now.AddDays(-4)),
            new(Guid.NewGuid(), "昔の会話", Now.AddDays(-40)),
        };
        var cut = ctx.Render<ConversationList>(p => p.Add(x => x.Conversations, conversations).Add(x => x.NowUtc, Now));

        Assert.Equal(["group-Today", "group-Yesterday", "group-Last7Days", "group-Older"],
            cut.FindAll(".group-label").Select(e => e.GetAttribute("data-testid")!).ToList());
        Assert.Equal(4, cut.FindAll("[data-testid=conversation-item]").Count);
    }
}
