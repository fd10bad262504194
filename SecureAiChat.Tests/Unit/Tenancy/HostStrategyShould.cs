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
    [InlineData("WWW.LOCALHOST.")]
    public void TreatTheRootAndWwwAsThePlatform(string host) =>
        Assert.Equal(HostMatchKind.Platform, Strategy().Match(host).Kind);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("")]
    [InlineData("evil.example")]
    [InlineData("localhost.evil.example")]
    [InlineData("evillocalhost")]
    [InlineData("acme.localhost.evil.example")]
    public void TreatHostsOutsideTheRootDomainAsForeign(string host) =>
        Assert.Equal(HostMatchKind.Foreign, Strategy().Match(host).Kind);

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
        Assert.Equal(HostMatchKind.Foreign, strategy.Match("acme.evil.com").Kind);
    }
}
