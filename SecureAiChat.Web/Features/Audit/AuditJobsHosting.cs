using SecureAiChat.Core.Audit;

namespace SecureAiChat.Web.Features.Audit;

/// <summary>The audit log's recurring jobs, on Asia/Tokyo time (the product's default zone).</summary>
public static class AuditJobsHosting
{
    public static IHostApplicationBuilder AddAuditJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddTransient<AuditDailyJob>();
        builder.Services.AddTransient<AuditMonthlyHashJob>();
        builder.Services.AddTransient<AuditPurgeJob>();
        return builder;
    }

}
