using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Onboarding;
using SecureAiChat.Core.Providers;
using SecureAiChat.Core.Providers.Security;
using SecureAiChat.Core.Providers.Settings;

namespace SecureAiChat.Web.Features.Providers;

public static class ProvidersHosting
{
    /// <summary>
    /// AI settings (/settings/ai): the settings service, the upstream client factory for tenant endpoints (through
    /// the SSRF-guarded client of <c>AddProviderSecurity</c>) and the onboarding fact "choose-api".
    /// </summary>
    public static IHostApplicationBuilder AddAiSettings(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddKeyedSingleton(TenantChatClientFactory.TenantEndpointsKey, (sp, _) =>
        {
            var http = sp.GetRequiredService<IHttpClientFactory>();
            return new UpstreamChatClientFactory(sp.GetRequiredService<TokenCounter>(), () => http.CreateClient(GuardedHttpHandler.HttpClientName));
        });
        services.AddScoped<AiSettingsService>();
        services.AddScoped<IOnboardingFactSource, AiSettingsOnboardingFacts>();
        return builder;
    }
}
