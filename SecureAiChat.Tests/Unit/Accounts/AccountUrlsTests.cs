using SecureAiChat.Web.Components.Account;

namespace SecureAiChat.Tests.Unit.Accounts;

public sealed class AccountUrlsTests
{
    public static TheoryData<string> Hostile => new(ReturnUrlCorpus.Hostile);

    public static TheoryData<string> Local => new(ReturnUrlCorpus.Local);

    [Fact]
    public void The_hostile_corpus_has_at_least_thirty_forms() => Assert.True(ReturnUrlCorpus.Hostile.Length >= 30);

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_return_url_that_could_leave_the_host_is_refused(string url)
    {
        Assert.False(AccountUrls.IsLocal(url));
        Assert.Equal("/", AccountUrls.SafeReturnUrl(url));
    }

    [Theory]
    [MemberData(nameof(Local))]
    public void A_local_path_is_kept(string url) => Assert.Equal(Uri.UnescapeDataString(url), Uri.UnescapeDataString(AccountUrls.SafeReturnUrl(url)));

    [Fact]
    public void A_non_ascii_local_path_is_percent_encoded_for_the_location_header() =>
        Assert.Equal("/%E4%BC%9A%E8%AD%B0%E5%AE%A4?q=%F0%9F%98%80", AccountUrls.SafeReturnUrl("/会議室?q=😀"));

    [Fact]
    public void Null_and_empty_go_home()
    {
        Assert.Equal("/", AccountUrls.SafeReturnUrl(null));
        Assert.Equal("/", AccountUrls.SafeReturnUrl(""));
        Assert.Equal("/chat", AccountUrls.SafeReturnUrl("//evil.example", "/chat"));
    }
}
