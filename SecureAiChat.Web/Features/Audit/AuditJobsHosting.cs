using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Identity;

namespace SecureAiChat.Web.Features.Audit;

/// <summary>The audit log's recurring jobs, on Asia/Tokyo time (the product's default zone).</summary>
public static class AuditJobsHosting
{
    public static IHostApplicationBuilder AddAuditJobs(this IHostApplicationBuilder builder)
    {
        // Scoped: each job asks the scope it is in (platform or workspace) for its recipients.
        builder.Services.AddScoped<IAuditRecipients, AuditRecipients>();
        builder.Services.AddTransient<AuditDailyJob>();
        builder.Services.AddTransient<AuditMonthlyHashJob>();
        builder.Services.AddTransient<AuditPurgeJob>();
        return builder;
    }

}
