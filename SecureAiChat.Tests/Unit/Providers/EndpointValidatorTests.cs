using System.Globalization;
using System.Resources;
using SecureAiChat.Core.Providers.Security;
using SecureAiChat.Web.Features.Providers;

namespace SecureAiChat.Tests.Unit.Providers;

public sealed class EndpointValidatorTests
{
    private static readonly EndpointValidator Strict = new(new EndpointPolicy(new EndpointPolicyOptions()));

    /// <summary>Hostile endpoint URLs a tenant admin might submit, each with the reason it must be refused for.</summary>
    public static TheoryData<string, EndpointRejectionReason> HostileUrls => new()
    {
        // Loopback in every encoding a resolver accepts.
        { "https://127.0.0.1/v1", EndpointRejectionReason.BlockedAddress },
        { "https://2130706433/", EndpointRejectionReason.BlockedAddress },
        { "https://0177.0.0.1/", EndpointRejectionReason.BlockedAddress },
        { "https://0x7f.1/", EndpointRejectionReason.BlockedAddress },
        { "https://0x7f000001/", EndpointRejectionReason.BlockedAddress },
        { "https://017700000001/", EndpointRejectionReason.BlockedAddress },
        { "https://127.1/", EndpointRejectionReason.BlockedAddress },
        { "https://127.000.000.001/", EndpointRejectionReason.BlockedAddress },
        { "https://127.0.0.1./", EndpointRejectionReason.BlockedAddress },
        { "https://[::ffff:a9fe:a9fe]/", EndpointRejectionReason.MetadataAddress },
        { "https://127\u30020\u30020\u30021/", EndpointRejectionReason.BlockedAddress },
        { "https://\uff11\uff12\uff17.0.0.1/", EndpointRejectionReason.BlockedAddress },
        { "https://[::1]/", EndpointRejectionReason.BlockedAddress },
        { "https://[::ffff:127.0.0.1]/", EndpointRejectionReason.BlockedAddress },
        { "https://[::ffff:7f00:1]/", EndpointRejectionReason.BlockedAddress },
        { "https://[0:0:0:0:0:ffff:127.0.0.1]/", EndpointRejectionReason.BlockedAddress },
        { "https://[::127.0.0.1]/", EndpointRejectionReason.BlockedAddress },
        { "https://[64:ff9b::127.0.0.1]/", EndpointRejectionReason.BlockedAddress },
        { "https://[64:ff9b::a00:1]/", EndpointRejectionReason.BlockedAddress },
        { "https://[2002:c0a8:0101::1]/", EndpointRejectionReason.BlockedAddress },
        { "https://[2002:7f00:1::]/", EndpointRejectionReason.BlockedAddress },
        // Unspecified addresses reach the local host on Linux.
        { "https://0.0.0.0/", EndpointRejectionReason.BlockedAddress },
        { "https://0/", EndpointRejectionReason.BlockedAddress },
        { "https://[::]/", EndpointRejectionReason.BlockedAddress },
        // Private, shared, link-local, special ranges.
        { "https://10.0.0.5/", EndpointRejectionReason.BlockedAddress },
        { "https://172.16.0.1/", EndpointRejectionReason.BlockedAddress },
        { "https://172.31.255.255/", EndpointRejectionReason.BlockedAddress },
        { "https://192.168.1.1/", EndpointRejectionReason.BlockedAddress },
        { "https://100.64.0.1/", EndpointRejectionReason.BlockedAddress },
        { "https://169.254.10.10/", EndpointRejectionReason.BlockedAddress },
        { "https://198.18.0.1/", EndpointRejectionReason.BlockedAddress },
        { "https://192.0.2.1/", EndpointRejectionReason.BlockedAddress },
        { "https://203.0.113.9/", EndpointRejectionReason.BlockedAddress },
        { "https://224.0.0.1/", EndpointRejectionReason.BlockedAddress },
        { "https://255.255.255.255/", EndpointRejectionReason.BlockedAddress },
        { "https://[fe80::1]/", EndpointRejectionReason.BlockedAddress },
        { "https://[fc00::1]/", EndpointRejectionReason.BlockedAddress },
        { "https://[fd12:3456::1]/", EndpointRejectionReason.BlockedAddress },
        { "https://[ff02::1]/", EndpointRejectionReason.BlockedAddress },
        { "https://[2001:db8::1]/", EndpointRejectionReason.BlockedAddress },
        // Cloud metadata.
        { "https://169.254.169.254/latest/meta-data/", EndpointRejectionReason.MetadataAddress },
        { "https://0xa9fea9fe/", EndpointRejectionReason.MetadataAddress },
        { "https://[::ffff:169.254.169.254]/", EndpointRejectionReason.MetadataAddress },
        { "https://[fd00:ec2::254]/", EndpointRejectionReason.MetadataAddress },
        { "https://100.100.100.200/", EndpointRejectionReason.MetadataAddress },
        // Names of the local machine and internal networks.
        { "https://localhost/", EndpointRejectionReason.BlockedHostName },
        { "https://LOCALHOST:8443/", EndpointRejectionReason.BlockedHostName },
        { "https://localhost./", EndpointRejectionReason.BlockedHostName },
        { "https://localhost\u3002/", EndpointRejectionReason.BlockedHostName },
        { "https://\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54/", EndpointRejectionReason.BlockedHostName },
        { "https://api.localhost/", EndpointRejectionReason.BlockedHostName },
        { "https://metadata.google.internal/", EndpointRejectionReason.BlockedHostName },
        { "https://db.internal/", EndpointRejectionReason.BlockedHostName },
        { "https://printer.local/", EndpointRejectionReason.BlockedHostName },
        { "https://intranet/", EndpointRejectionReason.BlockedHostName },
        // Encodings and URL tricks.
        { "https://%6c%6f%63%61%6c%68%6f%73%74/", EndpointRejectionReason.EncodedHost },
        { "https://127.0.0.1%2e/", EndpointRejectionReason.EncodedHost },
        { "https://[fe80::1%25eth0]/", EndpointRejectionReason.EncodedHost },
        { "https://user:pass@api.openai.com/", EndpointRejectionReason.UserInfoNotAllowed },
        { "https://api.openai.com@127.0.0.1/", EndpointRejectionReason.UserInfoNotAllowed },
        { "https://api.openai.com\\@127.0.0.1/", EndpointRejectionReason.InvalidUrl },
        { "https://1.1.1.1 &@127.0.0.1# @api.openai.com/", EndpointRejectionReason.InvalidUrl },
        { " https://api.openai.com/", EndpointRejectionReason.InvalidUrl },
        { "/v1/chat/completions", EndpointRejectionReason.InvalidUrl },
        { "", EndpointRejectionReason.InvalidUrl },
        // Schemes.
        { "http://api.openai.com/v1", EndpointRejectionReason.HttpNotAllowed },
        { "ftp://api.openai.com/", EndpointRejectionReason.UnsupportedScheme },
        { "file:///etc/passwd", EndpointRejectionReason.UnsupportedScheme },
        { "gopher://127.0.0.1:6379/_INFO", EndpointRejectionReason.UnsupportedScheme },
    };

    [Theory]
    [MemberData(nameof(HostileUrls))]
    public void Hostile_url_is_refused_with_its_reason(string url, EndpointRejectionReason expected)
    {
        var result = Strict.Validate(url);

        Assert.False(result.Succeeded);
        Assert.Equal(expected, result.Code);
        Assert.Null(result.Value);
    }

    [Fact]
    public void Corpus_has_at_least_thirty_variants()
    {
        Assert.True(HostileUrls.Count >= 30);
    }

    [Theory]
    [InlineData("https://api.openai.com/v1")]
    [InlineData("https://my-resource.openai.azure.com")]
    [InlineData("https://inference.example.co.jp:8443/v1")]
    [InlineData("https://8.8.8.8/v1")]
    [InlineData("https://[2606:4700:4700::1111]/v1")]
    public void Public_https_endpoint_is_accepted(string url)
    {
        var result = Strict.Validate(url);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(new Uri(url), result.Value);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5199/v1")]
    [InlineData("http://localhost:5199/v1")]
    [InlineData("https://gpu01.corp.example/v1")]
    [InlineData("https://[::1]:8443/v1")]
    [InlineData("https://10.20.3.4/v1")]
    public void Allow_list_permits_operator_approved_hosts_and_networks(string url)
    {
        var validator = new EndpointValidator(new EndpointPolicy(new EndpointPolicyOptions
        {
            AllowHttp = true,
            AllowedHosts = ["127.0.0.1:5199", "localhost", "*.corp.example", "[::1]:8443"],
            AllowedNetworks = ["10.20.0.0/16"],
        }));

        Assert.True(validator.Validate(url).Succeeded, url);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5200/v1", EndpointRejectionReason.BlockedAddress)]   // other port
    [InlineData("https://10.21.0.1/v1", EndpointRejectionReason.BlockedAddress)]       // outside the network
    [InlineData("http://169.254.169.254/", EndpointRejectionReason.MetadataAddress)]
    public void Allow_list_is_exact(string url, EndpointRejectionReason expected)
    {
        var validator = new EndpointValidator(new EndpointPolicy(new EndpointPolicyOptions
        {
            AllowHttp = true,
            AllowedHosts = ["127.0.0.1:5199", "*.corp.example", "169.254.169.254"],
            AllowedNetworks = ["10.20.0.0/16"],
        }));

        var result = validator.Validate(url);
        Assert.False(result.Succeeded);
        Assert.Equal(expected, result.Code);
    }

    [Fact]
    public void The_settings_page_words_every_reason_in_japanese_and_english()
    {
        var resources = new ResourceManager(typeof(AiSettingsStrings).FullName!, typeof(AiSettingsStrings).Assembly);
        foreach (var reason in Enum.GetValues<EndpointRejectionReason>())
        {
            var ja = resources.GetString("EndpointRejectionReason_" + reason, CultureInfo.GetCultureInfo("ja-JP"));
            var en = resources.GetString("EndpointRejectionReason_" + reason, CultureInfo.GetCultureInfo("en-US"));
            Assert.NotNull(ja);
            Assert.NotEqual(ja, en);
            Assert.Contains(ja, c => c > 0x3000);
        }
    }
}
