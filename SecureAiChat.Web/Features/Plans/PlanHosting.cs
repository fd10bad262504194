using SecureAiChat.Core.Onboarding;
using SecureAiChat.Core.Operations;
using SecureAiChat.Core.Plans;

namespace SecureAiChat.Web.Features.Plans;

public static class PlanHosting
{
    /// <summary>The plan page (/settings/plan): its service and the onboarding fact "review-plan".</summary>
    public static IHostApplicationBuilder AddPlans(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<PlanReviewService>();
        builder.Services.AddScoped<PlanSelfService>();
        builder.Services.AddScoped<IPlanChangeMail, PlanChangeMail>();
        builder.Services.AddTransient<PlanChangeJob>();
        builder.Services.AddScoped<IOnboardingFactSource, PlanOnboardingFacts>();
        return builder;
    }

}
