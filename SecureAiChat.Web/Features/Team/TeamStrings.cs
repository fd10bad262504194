namespace SecureAiChat.Web.Features.Team;

/// <summary>Marker for Features/Team/TeamStrings.resx: strings of members, invitations, departments and rollout.</summary>
public sealed class TeamStrings;
