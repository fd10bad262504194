using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SecureAiChat.Core.Providers.Security;

/// <summary>Registers the endpoint policy, the guarded HTTP client and the API key protector.</summary>
public static class ProviderSecurityServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="EndpointPolicyOptions"/> from <c>AI:EndpointPolicy</c> and registers
    /// <see cref="EndpointPolicy"/>, <see cref="EndpointValidator"/>, <see cref="ApiKeyProtector"/> and the
    /// named HTTP client <see cref="GuardedHttpHandler.HttpClientName"/> for tenant endpoints.
    /// Data Protection itself (key ring persistence) is configured by the host.
    /// </summary>
    public static IServiceCollection AddProviderSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EndpointPolicyOptions>()
            .Bind(configuration.GetSection(EndpointPolicyOptions.SectionName))
            .Validate(TryCompile, "AI:EndpointPolicy has a malformed AllowedHosts or AllowedNetworks entry.")
            .ValidateOnStart();

        services.AddSingleton(sp => new EndpointPolicy(sp.GetRequiredService<IOptions<EndpointPolicyOptions>>()));
        services.AddSingleton<EndpointValidator>(sp => new EndpointValidator(sp.GetRequiredService<EndpointPolicy>()));
        services.AddDataProtection();
        services.AddSingleton<ApiKeyProtector>();

        // No HttpClient timeout: the OpenAI/Azure SDKs enforce their own per-read network timeout
        // on streamed answers, and a fixed overall timeout would cut long answers off.
        services.AddHttpClient(GuardedHttpHandler.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var handler = GuardedHttpHandler.CreateSocketsHandler(sp.GetRequiredService<EndpointPolicy>());
                // Stop must reach a tenant's model at once, as for the system default: no draining of a
                // disposed response to reuse the connection (the model would keep generating and billing).
                handler.MaxResponseDrainSize = 0;
                handler.ResponseDrainTimeout = TimeSpan.Zero;
                return handler;
            })
            .AddHttpMessageHandler(sp => new GuardedHttpHandler(sp.GetRequiredService<EndpointValidator>()));
        return services;
    }

    private static bool TryCompile(EndpointPolicyOptions options)
    {
        try
        {
            _ = new EndpointPolicy(options);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
        {
            return false;
        }
    }
}
