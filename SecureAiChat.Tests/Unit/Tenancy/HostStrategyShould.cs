using Microsoft.Extensions.Options;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Tests.Unit.Tenancy;

public sealed class HostStrategyShould
{
    private static HostStrategy Strategy(string root = "localhost") => new(Options.Create(new TenancyOptions { RootDomain = root }));

    [Theory]
    [InlineData("acme.localhost", "acme")]
    [InlineData("ACME.localhost", "acme")]
    [InlineData("acme.localhost.", "acme")]
    [InlineData("globex-jp.localhost", "globex-jp")]
    public void ReturnExpectedIdentifier(string host, string expected)
    {
        var match = Strategy().Match(host);
        Assert.Equal(HostMatchKind.Tenant, match.Kind);
        Assert.Equal(expected, match.Identifier);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("www.localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("")]
    public void TreatRootAndForeignHostsAsThePlatform(string host) =>
        Assert.Equal(HostMatchKind.Platform, Strategy().Match(host).Kind);

    [Theory]
    [InlineData("a.b.localhost")]
    [InlineData("admin.localhost")]
    [InlineData("-x-.localhost")]
    [InlineData("ab.localhost")]
    public void RefuseHostsThatCanNeverBeAWorkspace(string host) =>
        Assert.Equal(HostMatchKind.Invalid, Strategy().Match(host).Kind);

    [Fact]
    public void WorkWithAProductionRootDomain()
    {
        var strategy = Strategy("secure-ai-chat.com");
        Assert.Equal("acme", strategy.Match("acme.secure-ai-chat.com").Identifier);
        Assert.Equal(HostMatchKind.Platform, strategy.Match("secure-ai-chat.com").Kind);
        Assert.Equal(HostMatchKind.Platform, strategy.Match("acme.evil.com").Kind);
    }

    [Fact]
    public void BuildWorkspaceUrlsKeepingSchemeAndPort() =>
        Assert.Equal("http://acme.localhost:5000/", HostStrategy.WorkspaceUri(new Uri("http://localhost:5000/pricing"), "localhost", "acme").ToString());

    [Theory]
    [InlineData("http://acme.localhost:5000/settings/plan", "localhost", "/pricing", "http://localhost:5000/pricing")]
    [InlineData("https://acme.secure-ai-chat.com/", "secure-ai-chat.com", "/contact?plan=Professional", "https://secure-ai-chat.com/contact?plan=Professional")]
    public void BuildPlatformUrlsFromAWorkspaceKeepingSchemeAndPort(string workspace, string root, string path, string expected) =>
        Assert.Equal(expected, HostStrategy.PlatformUri(new Uri(workspace), root, path).ToString());
}
