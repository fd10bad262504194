using SecureAiChat.Core.Onboarding;

namespace SecureAiChat.Web.Features.Onboarding;

public static class OnboardingHosting
{
    /// <summary>Onboarding: the checklist and the adoption facts (profile saved, first chat, daily use).</summary>
    public static IHostApplicationBuilder AddOnboarding(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<OnboardingChecklistService>();
        builder.Services.AddScoped<IOnboardingFactSource, AdoptionFacts>();
        return builder;
    }
}
