using SecureAiChat.Core.Onboarding;

namespace SecureAiChat.Web.Features.Onboarding;

public static class OnboardingHosting
{
    /// <summary>Onboarding: the adoption facts (profile saved, first chat, daily use). The checklist service comes with provisioning.</summary>
    public static IHostApplicationBuilder AddOnboarding(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<IOnboardingFactSource, AdoptionFacts>();
        return builder;
    }
}
