using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SecureAiChat.Web.Hosting;

namespace SecureAiChat.Tests.Unit.Hosting;

/// <summary>The forwarded-headers middleware as <see cref="ProxyHosting.AddProxies"/> configures it from configuration.</summary>
public sealed class ForwardedHeadersTests
{
    private static readonly IPAddress Proxy = IPAddress.Parse("10.0.0.4");

    private static async Task<HttpContext> SendAsync(IPAddress peer, Dictionary<string, string?> settings, params (string Name, string Value)[] headers)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddProxies();
        using var host = builder.Build();
        var options = host.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>();
        var middleware = new ForwardedHeadersMiddleware(_ => Task.CompletedTask, NullLoggerFactory.Instance, options);

        var context = new DefaultHttpContext { RequestServices = host.Services };
        context.Connection.RemoteIpAddress = peer;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("acme.secure-ai-chat.com");
        foreach (var (name, value) in headers) context.Request.Headers[name] = value;
        await middleware.Invoke(context);
        return context;
    }

    private static Dictionary<string, string?> Trusting(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies:0"] = "10.0.0.4" };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    [Fact]
    public async Task With_nothing_configured_even_a_loopback_peer_is_not_trusted()
    {
        var context = await SendAsync(IPAddress.Loopback, [], ("X-Forwarded-For", "203.0.113.7"), ("X-Forwarded-Proto", "https"));
        Assert.Equal("127.0.0.1", ClientAddress.Of(context));
        Assert.Equal("http", context.Request.Scheme);
    }

    [Fact]
    public async Task An_untrusted_peer_cannot_choose_the_client_address_or_scheme()
    {
        var context = await SendAsync(IPAddress.Parse("198.51.100.20"), Trusting(), ("X-Forwarded-For", "203.0.113.7"), ("X-Forwarded-Proto", "https"));
        Assert.Equal("198.51.100.20", ClientAddress.Of(context));
        Assert.Equal("http", context.Request.Scheme);
    }

    [Fact]
    public async Task A_known_proxy_sets_the_client_address_and_scheme()
    {
        var context = await SendAsync(Proxy, Trusting(), ("X-Forwarded-For", "203.0.113.7"), ("X-Forwarded-Proto", "https"));
        Assert.Equal("203.0.113.7", ClientAddress.Of(context));
        Assert.Equal("https", context.Request.Scheme);
    }

    [Fact]
    public async Task A_proxy_in_a_known_network_is_trusted()
    {
        var settings = new Dictionary<string, string?> { ["ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/24" };
        var context = await SendAsync(IPAddress.Parse("10.0.0.77"), settings, ("X-Forwarded-For", "203.0.113.7"));
        Assert.Equal("203.0.113.7", ClientAddress.Of(context));
    }

    [Fact]
    public async Task Only_the_last_hop_is_read_so_a_client_cannot_prepend_its_own_address()
    {
        // The client sent "X-Forwarded-For: 192.0.2.1"; the proxy appended the address it saw.
        var context = await SendAsync(Proxy, Trusting(), ("X-Forwarded-For", "192.0.2.1, 203.0.113.7"));
        Assert.Equal("203.0.113.7", ClientAddress.Of(context));
    }

    [Fact]
    public async Task The_forwarded_host_is_ignored_unless_configured()
    {
        var context = await SendAsync(Proxy, Trusting(), ("X-Forwarded-Host", "globex.secure-ai-chat.com"));
        Assert.Equal("acme.secure-ai-chat.com", context.Request.Host.Host);

        context = await SendAsync(Proxy, Trusting(("ForwardedHeaders:ForwardHost", "true")), ("X-Forwarded-Host", "globex.secure-ai-chat.com"));
        Assert.Equal("globex.secure-ai-chat.com", context.Request.Host.Host);
    }

    [Fact]
    public void An_ipv4_mapped_peer_is_shown_as_ipv4()
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("::ffff:203.0.113.7");
        Assert.Equal("203.0.113.7", ClientAddress.Of(context));
    }

    [Theory]
    [InlineData("KnownProxies", "proxy.internal")]
    [InlineData("KnownNetworks", "10.0.0.0")]
    public void A_malformed_proxy_setting_is_refused(string key, string value)
    {
        var options = new ProxyOptions();
        (key == "KnownProxies" ? options.KnownProxies : options.KnownNetworks).Add(value);
        Assert.NotEmpty(options.Validate(new ValidationContext(options)));
    }
}
