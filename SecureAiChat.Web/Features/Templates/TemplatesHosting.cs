using SecureAiChat.Core.Onboarding;
using SecureAiChat.Core.Templates;

namespace SecureAiChat.Web.Features.Templates;

public static class TemplatesHosting
{
    /// <summary>Prompt templates: the library service, the hand-over of a filled prompt to the chat, the onboarding fact.</summary>
    public static IHostApplicationBuilder AddTemplates(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<PromptTemplateService>();
        builder.Services.AddScoped<PendingPrompt>();
        builder.Services.AddScoped<IOnboardingFactSource, PromptOnboardingFacts>();
        return builder;
    }
}
