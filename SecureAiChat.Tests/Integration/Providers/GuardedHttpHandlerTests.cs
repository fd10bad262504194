using System.Net;
using SecureAiChat.Core.Providers.Security;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Providers;

public sealed class GuardedHttpHandlerTests
{
    private static HttpClient Client(EndpointPolicyOptions options, Func<string, CancellationToken, Task<IPAddress[]>>? resolver = null)
    {
        var policy = new EndpointPolicy(options);
        return new HttpClient(new GuardedHttpHandler(policy, GuardedHttpHandler.CreateSocketsHandler(policy, resolver)))
        {
            Timeout = TimeSpan.FromSeconds(10),
        };
    }

    private static Func<string, CancellationToken, Task<IPAddress[]>> Resolving(params string[] addresses) =>
        (_, _) => Task.FromResult(addresses.Select(IPAddress.Parse).ToArray());

    [Fact]
    public async Task Name_that_resolves_to_loopback_is_refused_without_connecting()
    {
        await using var server = LoopbackHttpResponder.Ok();
        using var client = Client(new EndpointPolicyOptions { AllowHttp = true }, Resolving("127.0.0.1"));

        var ex = await Assert.ThrowsAsync<EndpointBlockedException>(
            () => client.GetAsync(new Uri($"http://rebound.example.com:{server.Port}/v1/models")));

        Assert.Equal(EndpointRejectionReason.BlockedAddress, ex.Reason);
        Assert.Equal(0, server.AcceptedConnections);
    }

    [Fact]
    public async Task Every_resolved_address_is_checked_not_only_the_first()
    {
        await using var server = LoopbackHttpResponder.Ok();
        using var client = Client(new EndpointPolicyOptions { AllowHttp = true }, Resolving("93.184.215.14", "::ffff:127.0.0.1"));

        var ex = await Assert.ThrowsAsync<EndpointBlockedException>(
            () => client.GetAsync(new Uri($"http://rebinding.example.com:{server.Port}/")));

        Assert.Equal(EndpointRejectionReason.BlockedAddress, ex.Reason);
        Assert.Equal(0, server.AcceptedConnections);
    }

    [Fact]
    public async Task Name_that_resolves_to_metadata_address_is_refused()
    {
        using var client = Client(new EndpointPolicyOptions(), Resolving("169.254.169.254"));

        var ex = await Assert.ThrowsAsync<EndpointBlockedException>(
            () => client.GetAsync(new Uri("https://innocent.example.com/latest/meta-data/")));

        Assert.Equal(EndpointRejectionReason.MetadataAddress, ex.Reason);
    }

    [Fact]
    public async Task Localhost_is_refused_with_the_system_resolver()
    {
        await using var server = LoopbackHttpResponder.Ok();
        using var client = Client(new EndpointPolicyOptions { AllowHttp = true });

        var ex = await Assert.ThrowsAsync<EndpointBlockedException>(
            () => client.GetAsync(new Uri($"http://localhost:{server.Port}/")));

        Assert.Equal(EndpointRejectionReason.BlockedHostName, ex.Reason);
        Assert.Equal(0, server.AcceptedConnections);
    }

    [Fact]
    public async Task Ip_literal_in_hostile_encoding_is_refused_before_connecting()
    {
        await using var server = LoopbackHttpResponder.Ok();
        using var client = Client(new EndpointPolicyOptions { AllowHttp = true });

        var ex = await Assert.ThrowsAsync<EndpointBlockedException>(
            () => client.GetAsync(new Uri($"http://2130706433:{server.Port}/")));

        Assert.Equal(EndpointRejectionReason.BlockedAddress, ex.Reason);
        Assert.Equal(0, server.AcceptedConnections);
    }

    [Fact]
    public async Task Allow_listed_loopback_port_is_reached()
    {
        await using var server = LoopbackHttpResponder.Ok("hello");
        using var client = Client(new EndpointPolicyOptions { AllowHttp = true, AllowedHosts = [$"127.0.0.1:{server.Port}"] });

        var body = await client.GetStringAsync(new Uri($"http://127.0.0.1:{server.Port}/v1/models"));

        Assert.Equal("hello", body);
        Assert.Equal(1, server.AcceptedConnections);
    }

    [Fact]
    public async Task Allow_listed_wildcard_name_may_resolve_to_a_private_address()
    {
        await using var server = LoopbackHttpResponder.Ok("on-prem");
        using var client = Client(
            new EndpointPolicyOptions { AllowHttp = true, AllowedHosts = ["*.corp.example"] },
            Resolving("127.0.0.1"));

        var body = await client.GetStringAsync(new Uri($"http://gpu01.corp.example:{server.Port}/"));

        Assert.Equal("on-prem", body);
    }

    [Fact]
    public async Task Redirects_are_returned_not_followed()
    {
        await using var target = LoopbackHttpResponder.Ok();
        await using var server = LoopbackHttpResponder.Redirect($"http://127.0.0.1:{target.Port}/secret");
        using var client = Client(new EndpointPolicyOptions
        {
            AllowHttp = true,
            AllowedHosts = [$"127.0.0.1:{server.Port}", $"127.0.0.1:{target.Port}"],
        });

        using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{server.Port}/"));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(0, target.AcceptedConnections);
    }

    [Fact]
    public async Task Http_is_refused_when_the_policy_requires_https()
    {
        await using var server = LoopbackHttpResponder.Ok();
        using var client = Client(new EndpointPolicyOptions { AllowedHosts = ["127.0.0.1"] });

        var ex = await Assert.ThrowsAsync<EndpointBlockedException>(
            () => client.GetAsync(new Uri($"http://127.0.0.1:{server.Port}/")));

        Assert.Equal(EndpointRejectionReason.HttpNotAllowed, ex.Reason);
        Assert.Equal(0, server.AcceptedConnections);
    }
}
