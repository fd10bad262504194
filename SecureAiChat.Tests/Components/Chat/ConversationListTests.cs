using Bunit;
using SecureAiChat.Core.Chat;
using SecureAiChat.Web.Features.Chat;

namespace SecureAiChat.Tests.Components.Chat;

public sealed class ConversationListTests
{
    private static readonly DateTime Now = new(2026, 12, 5, 3, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// The list as the page reads it (count and first page), with later pages read from <paramref name="conversations"/>
    /// standing for the database; <paramref name="read"/> counts the summaries handed out.
    /// </summary>
    private static ConversationPages PagesOf(List<ConversationSummary> conversations, Action<int>? read = null) =>
        new(conversations.Count, conversations.Take(ConversationList.FirstPage).ToList(), (skip, take, _) =>
        {
            var page = conversations.Skip(skip).Take(take).ToList();
            read?.Invoke(page.Count);
            return Task.FromResult<IReadOnlyList<ConversationSummary>>(page);
        });

    private static List<ConversationSummary> Hourly(int count) =>
        Enumerable.Range(0, count).Select(i => new ConversationSummary(Guid.NewGuid(), $"会話 {i}", Now.AddHours(-i))).ToList();

    [Fact]
    public async Task Hundreds_of_conversations_render_the_first_screenful_and_virtualize_the_rest()
    {
        await using var ctx = BunitTestContext.Create();
        var conversations = Hourly(400);
        var cut = ctx.Render<ConversationList>(p => p.Add(x => x.Pages, PagesOf(conversations)).Add(x => x.NowUtc, Now));

        var rows = cut.FindAll("[data-testid=conversation-item]");
        Assert.InRange(rows.Count, 20, 150);
        Assert.Equal(conversations[0].Id.ToString(), rows[0].GetAttribute("data-id"));
        Assert.Single(cut.FindAll("[data-testid=group-Today]"));
        Assert.Empty(cut.FindAll($"[data-id='{conversations[^1].Id}']"));
    }

    [Fact]
    public async Task Hundreds_of_conversations_are_read_a_page_at_a_time_not_held_whole()
    {
        await using var ctx = BunitTestContext.Create();
        var conversations = Hourly(400);
        var reads = new List<int>();
        var cut = ctx.Render<ConversationList>(p => p.Add(x => x.Pages, PagesOf(conversations, reads.Add)).Add(x => x.NowUtc, Now));

        // The first screenful plus Virtualize's page (what it asks for, at most 60 rows in bUnit's unbounded viewport, and
        // the row before it): a page or so, not 400.
        var rendered = cut.FindAll("[data-testid=conversation-item]").Select(e => e.GetAttribute("data-id")).ToList();
        Assert.NotEmpty(reads);
        Assert.InRange(reads.Max(), 1, 61);
        Assert.True(reads.Sum() < 150, string.Join(", ", reads));
        Assert.InRange(rendered.Count, 26, ConversationList.FirstPage + 60);
        Assert.Equal(conversations.Take(rendered.Count).Select(c => c.Id.ToString()), rendered);
        Assert.Equal(rendered.Count, rendered.Distinct().Count());
    }

    [Fact]
    public async Task A_date_group_that_starts_on_a_later_page_gets_its_label_once()
    {
        await using var ctx = BunitTestContext.Create();
        // Today for the first 30 rows (past the plain ones), then yesterday: the label opens Virtualize's page mid-way.
        var conversations = Enumerable.Range(0, 30).Select(i => new ConversationSummary(Guid.NewGuid(), $"今日 {i}", Now.AddSeconds(-i)))
            .Concat(Enumerable.Range(0, 30).Select(i => new ConversationSummary(Guid.NewGuid(), $"昨日 {i}", Now.AddDays(-1).AddSeconds(-i))))
            .ToList();
        var cut = ctx.Render<ConversationList>(p => p.Add(x => x.Pages, PagesOf(conversations)).Add(x => x.NowUtc, Now));

        Assert.Equal(["group-Today", "group-Yesterday"], cut.FindAll(".group-label").Select(e => e.GetAttribute("data-testid")!).ToList());
        var yesterday = cut.Find("[data-testid=group-Yesterday]");
        Assert.Equal(conversations[30].Id.ToString(), yesterday.NextElementSibling!.GetAttribute("data-id"));
        Assert.Contains("later-group", yesterday.ClassList);
    }

    [Fact]
    public async Task A_new_list_is_read_again_by_the_virtualized_rows()
    {
        await using var ctx = BunitTestContext.Create();
        var conversations = Hourly(100);
        var cut = ctx.Render<ConversationList>(p => p.Add(x => x.Pages, PagesOf(conversations)).Add(x => x.NowUtc, Now));
        var thirtieth = conversations[29];
        Assert.Single(cut.FindAll($"[data-id='{thirtieth.Id}']"));

        // An answer ended in a conversation further down: it moves to the top, and the rest move down by one.
        var moved = conversations[60] with { UpdatedAt = Now };
        conversations.RemoveAt(60);
        conversations.Insert(0, moved);
        cut.Render(p => p.Add(x => x.Pages, PagesOf(conversations)));

        cut.WaitForAssertion(() =>
        {
            var ids = cut.FindAll("[data-testid=conversation-item]").Select(e => e.GetAttribute("data-id")).ToList();
            Assert.Equal(conversations.Take(ids.Count).Select(c => c.Id.ToString()), ids);
        });
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
        var cut = ctx.Render<ConversationList>(p => p.Add(x => x.Pages, PagesOf(conversations)).Add(x => x.NowUtc, Now));

        Assert.Equal(["group-Today", "group-Yesterday", "group-Last7Days", "group-Older"],
            cut.FindAll(".group-label").Select(e => e.GetAttribute("data-testid")!).ToList());
        Assert.Equal(4, cut.FindAll("[data-testid=conversation-item]").Count);
    }
}
