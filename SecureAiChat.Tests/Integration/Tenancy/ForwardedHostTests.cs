using System.Net;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Tenancy;

/// <summary>The app behind a trusted proxy on loopback that may forward the Host: a forwarded host is still held to the root domain.</summary>
public sealed class ForwardedHostTests(ForwardedHostTests.TrustedProxyHost app) : IClassFixture<ForwardedHostTests.TrustedProxyHost>
{
    public sealed class TrustedProxyHost : AppHost
    {
        public TrustedProxyHost()
        {
            Configure("ForwardedHeaders:KnownProxies:0", "127.0.0.1");
            Configure("ForwardedHeaders:ForwardHost", "true");
        }
    }

    [Fact]
    public async Task A_forwarded_host_outside_the_root_domain_gets_400()
    {
        using var client = app.CreateLoopbackClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, app.PlatformUri);
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_forwarded_workspace_host_is_that_workspace()
    {
        using var client = app.CreateLoopbackClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, app.PlatformUri);
        request.Headers.Add("X-Forwarded-Host", $"no-such-workspace.localhost:{app.Port}");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
