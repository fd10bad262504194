using SecureAiChat.Core.Feedback;
using SecureAiChat.Core.Onboarding;

namespace SecureAiChat.Web.Features.Feedback;

public static class FeedbackHosting
{
    /// <summary>In-app feedback: the service and the onboarding fact "send-feedback".</summary>
    public static IHostApplicationBuilder AddFeedback(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<FeedbackService>();
        builder.Services.AddScoped<FeedbackInbox>();
        builder.Services.AddScoped<IOnboardingFactSource, FeedbackOnboardingFacts>();
        return builder;
    }
}
