using SecureAiChat.Core.Guidelines;
using SecureAiChat.Core.Onboarding;

namespace SecureAiChat.Web.Features.Guidelines;

public static class GuidelinesHosting
{
    /// <summary>Usage guidelines: versions and acceptances, the guard before the chat, the onboarding fact.</summary>
    public static IHostApplicationBuilder AddGuidelines(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<GuidelineService>();
        builder.Services.AddScoped<GuidelineChatGuard>();
        builder.Services.AddScoped<IOnboardingFactSource, GuidelineOnboardingFacts>();
        return builder;
    }
}
