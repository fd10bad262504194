using Microsoft.AspNetCore.Components;
using SecureAiChat.Web.Components.Layout;

namespace SecureAiChat.Tests.Unit.Layout;

/// <summary>The side navigation's active link follows NavLink's rules: home only on "/", every other link on its path and below.</summary>
public sealed class WorkspaceNavLinksTests
{
    private static readonly WorkspaceNavLink Home = new("/", default(MarkupString), "ホーム", null, Exact: true);
    private static readonly WorkspaceNavLink Chat = new("/chat", default(MarkupString), "チャット", "nav-chat", Exact: false);
    private static readonly WorkspaceNavLink Guide = new("/guide", default(MarkupString), "ガイド", "nav-guide", Exact: false);

    [Theory]
    [InlineData("", "/")]
    [InlineData("chat", "/chat")]
    [InlineData("chat/", "/chat")]
    [InlineData("chat/3f2a?x=1", "/chat/3f2a")]
    [InlineData("usage#month", "/usage")]
    public void The_path_drops_query_fragment_and_trailing_slash(string relative, string path) =>
        Assert.Equal(path, WorkspaceNavLinks.PathOf(relative));

    [Theory]
    [InlineData("/", true, false)]
    [InlineData("/chat", false, true)]
    [InlineData("/chat/3f2a", false, true)]
    [InlineData("/chats", false, false)]
    [InlineData("/CHAT", false, true)]
    public void Home_matches_only_itself_and_other_links_match_their_subtree(string path, bool home, bool chat)
    {
        Assert.Equal(home, WorkspaceNavLinks.Matches(Home, path));
        Assert.Equal(chat, WorkspaceNavLinks.Matches(Chat, path));
    }

    [Fact]
    public void A_link_is_not_active_on_a_page_whose_path_only_starts_with_its_name() =>
        Assert.False(WorkspaceNavLinks.Matches(Guide, "/guidelines"));
}
