using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Tests.Unit.Tenancy;

public sealed class PublicUrlsShould
{
    private static PublicUrls Urls(TenancyOptions options) => new(Options.Create(options));

    [Fact]
    public void Default_to_https_on_the_default_port()
    {
        var urls = Urls(new TenancyOptions { RootDomain = "secure-ai-chat.com" });
        Assert.Equal("https://secure-ai-chat.com/pricing", urls.Platform("/pricing").AbsoluteUri);
        Assert.Equal("https://acme.secure-ai-chat.com/Account/Login", urls.Workspace("acme", "/Account/Login").AbsoluteUri);
    }

    [Fact]
    public void Use_the_configured_scheme_and_port()
    {
        var urls = Urls(new TenancyOptions { RootDomain = "localhost", PublicScheme = "http", PublicPort = 5000 });
        Assert.Equal("http://localhost:5000/", urls.Platform().AbsoluteUri);
        Assert.Equal("http://acme.localhost:5000/invite/abc", urls.Workspace("acme", "/invite/abc").AbsoluteUri);
    }

    [Fact]
    public void Use_one_public_base_url_when_set()
    {
        var urls = Urls(new TenancyOptions { RootDomain = "secure-ai-chat.com", PublicScheme = "http", PublicBaseUrl = "https://secure-ai-chat.com:8443" });
        Assert.Equal("https://secure-ai-chat.com:8443/contact?plan=Professional", urls.Platform("/contact?plan=Professional").AbsoluteUri);
        Assert.Equal("https://globex.secure-ai-chat.com:8443/", urls.Workspace("globex").AbsoluteUri);
    }

    [Fact]
    public void Pick_the_workspace_or_the_platform_site_by_tenant()
    {
        var urls = Urls(new TenancyOptions { RootDomain = "secure-ai-chat.com" });
        Assert.Equal("https://acme.secure-ai-chat.com/x", urls.Site(new AppTenantInfo { Identifier = "acme" }, "/x").AbsoluteUri);
        Assert.Equal("https://secure-ai-chat.com/x", urls.Site(null, "/x").AbsoluteUri);
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("https://secure-ai-chat.com/app")]
    [InlineData("ftp://secure-ai-chat.com")]
    [InlineData("secure-ai-chat.com")]
    [InlineData("https://user@secure-ai-chat.com")]
    public void Refuse_a_public_base_url_that_is_not_the_root_domain_alone(string baseUrl)
    {
        var options = new TenancyOptions { RootDomain = "secure-ai-chat.com", PublicBaseUrl = baseUrl };
        Assert.NotEmpty(options.Validate(new ValidationContext(options)));
    }
}
