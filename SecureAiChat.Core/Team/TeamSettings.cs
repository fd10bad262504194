using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Team;

/// <summary>The workspace's team settings (one row per tenant, created on first change).</summary>
public sealed class TeamSettings : ITenantOwned
{
    public string TenantId { get; set; } = "";

    public ChatRollout ChatRollout { get; set; } = ChatRollout.Everyone;

    /// <summary>When an admin last changed a role or reviewed the member list (onboarding "roles-set").</summary>
    public DateTimeOffset? RolesReviewedAt { get; set; }
}

/// <summary>Who may use chat: a phased rollout opens it department by department.</summary>
public enum ChatRollout
{
    Everyone = 0,
    SelectedDepartments = 1,
}
