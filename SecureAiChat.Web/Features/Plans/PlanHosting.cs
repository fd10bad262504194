using Hangfire;
using SecureAiChat.Core.Onboarding;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Web.Features.Plans;

public static class PlanHosting
{
    /// <summary>The plan page (/settings/plan): its service and the onboarding fact "review-plan".</summary>
    public static IHostApplicationBuilder AddPlans(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<PlanReviewService>();
        builder.Services.AddScoped<PlanSelfService>();
        builder.Services.AddTransient<PlanChangeJob>();
        builder.Services.AddScoped<IOnboardingFactSource, PlanOnboardingFacts>();
        return builder;
    }

    /// <summary>Applies scheduled downgrades once their billing period has begun (every 5 minutes, so at most 5 minutes late).</summary>
    public static WebApplication MapPlanJobs(this WebApplication app)
    {
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<PlanChangeJob>(PlanChangeJob.RecurringJobId,
            job => job.RunAsync(CancellationToken.None), "*/5 * * * *", new RecurringJobOptions { TimeZone = WorkspaceTime.Tokyo });
        return app;
    }
}
