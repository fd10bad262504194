using SecureAiChat.Core.Team;

namespace SecureAiChat.Web.Features.Team;

public static class TeamHosting
{
    /// <summary>Members, invitations, departments and rollout, security settings and the team's onboarding facts.</summary>
    public static IHostApplicationBuilder AddTeam(this IHostApplicationBuilder builder)
    {
        builder.Services.AddTeamServices();
        return builder;
    }
}
