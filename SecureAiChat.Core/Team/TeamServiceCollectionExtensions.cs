using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SecureAiChat.Core.Onboarding;
using SecureAiChat.Core.Security;

namespace SecureAiChat.Core.Team;

public static class TeamServiceCollectionExtensions
{
    /// <summary>Members, invitations, departments and rollout, security settings, and the team's onboarding facts.</summary>
    public static IServiceCollection AddTeamServices(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<InvitationService>();
        services.AddScoped<InvitationAcceptance>();
        services.AddScoped<MemberService>();
        services.AddScoped<DepartmentService>();
        services.AddScoped<ChatAccess>();
        services.AddScoped<SecuritySettingsService>();
        services.AddScoped<IOnboardingFactSource, TeamOnboardingFacts>();
        return services;
    }
}
