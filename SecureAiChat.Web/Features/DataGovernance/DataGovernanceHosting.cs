using SecureAiChat.Core.DataGovernance;
using SecureAiChat.Core.DataGovernance.BreakGlass;

namespace SecureAiChat.Web.Features.DataGovernance;

/// <summary>Retention, legal holds and the members' own-deletion switch (<c>/settings/data</c>) and the daily retention job (scheduled in <c>MapJobs()</c>).</summary>
public static class DataGovernanceHosting
{
    public static IHostApplicationBuilder AddDataGovernance(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DataGovernanceOptions>().Bind(builder.Configuration.GetSection(DataGovernanceOptions.SectionName));
        builder.Services.AddScoped<DataGovernanceService>();
        builder.Services.AddSingleton<SecureAiChat.Core.Chat.IConversationDeletionRules, MemberDeletionRules>();
        builder.Services.AddTransient<RetentionJob>();
        builder.Services.AddScoped<BreakGlassService>();
        builder.Services.AddTransient<BreakGlassExpiryJob>();
        return builder;
    }

}
