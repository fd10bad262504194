using SecureAiChat.Core.DataGovernance.Closure;

namespace SecureAiChat.Web.Features.DataGovernance;

/// <summary>Workspace closure: the request and restore on <c>/settings/data</c> and the daily final deletion.</summary>
public static class ClosureHosting
{
    public static IHostApplicationBuilder AddWorkspaceClosure(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ClosureOptions>().BindConfiguration(ClosureOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<WorkspaceClosureService>();
        builder.Services.AddScoped<ClosureOverview>();
        builder.Services.AddTransient<ClosureDeletionJob>();
        return builder;
    }

}
