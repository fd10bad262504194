using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Settings;

/// <summary>Per-workspace settings that are not on the tenant row: where the AI comes from, when the plan was reviewed.</summary>
public sealed class WorkspaceSettings : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    /// <summary>The AI provider choice; a new workspace uses the platform's system default.</summary>
    public AiProviderChoice AiProvider { get; set; } = AiProviderChoice.SystemDefault;

    /// <summary>When an admin first opened the plan page (the onboarding "review-plan" fact).</summary>
    public DateTimeOffset? PlanReviewedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
}

/// <summary>The four provider options of seed section B.</summary>
public enum AiProviderChoice
{
    SystemDefault = 0,
    OwnOpenAIKey = 1,
    AzureOpenAI = 2,
    OpenAICompatible = 3,
}
