using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Providers.Security;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Providers;

public sealed class ProviderSecurityRegistrationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        return services.AddProviderSecurity(configuration).BuildServiceProvider();
    }

    [Fact]
    public async Task Named_client_from_the_factory_enforces_the_configured_policy()
    {
        await using var server = LoopbackHttpResponder.Ok("fake upstream");
        using var provider = Build(new()
        {
            ["AI:EndpointPolicy:AllowHttp"] = "true",
            ["AI:EndpointPolicy:AllowedHosts:0"] = $"127.0.0.1:{server.Port}",
        });
        var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient(GuardedHttpHandler.HttpClientName);

        Assert.Equal("fake upstream", await client.GetStringAsync(new Uri($"http://127.0.0.1:{server.Port}/v1/models")));

        // The IPv4-mapped spelling is the same allow-listed address, so it is permitted too.
        Assert.Equal("fake upstream", await client.GetStringAsync(new Uri($"http://[::ffff:127.0.0.1]:{server.Port}/v1/models")));

        var refused = await Assert.ThrowsAsync<EndpointBlockedException>(() => client.GetAsync(new Uri($"http://127.0.0.2:{server.Port}/")));
        Assert.Equal(EndpointRejectionReason.BlockedAddress, refused.Reason);
        Assert.Equal(2, server.AcceptedConnections);
    }

    [Fact]
    public void Validator_and_protector_are_registered()
    {
        using var provider = Build([]);

        Assert.False(provider.GetRequiredService<EndpointValidator>().Validate("https://localhost/").Succeeded);
        var protector = provider.GetRequiredService<ApiKeyProtector>();
        Assert.Equal("sk-live-123456789", protector.Unprotect("t1", protector.Protect("t1", "sk-live-123456789")));
    }

    [Fact]
    public void Malformed_allowed_network_fails_options_validation()
    {
        using var provider = Build(new() { ["AI:EndpointPolicy:AllowedNetworks:0"] = "10.0.0.0/99" });

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<EndpointPolicyOptions>>().Value);
    }
}
