using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Onboarding;

/// <summary>One item of a workspace's onboarding checklist; its text comes from <see cref="OnboardingChecklist"/> by key.</summary>
public sealed class OnboardingItem : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    public string Key { get; set; } = "";

    public OnboardingPhase Phase { get; set; }

    public int SortOrder { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>User who marked it done; null when a fact completed it.</summary>
    public string? CompletedByUserId { get; set; }

    /// <summary>When an admin decided the item does not apply; <see cref="SkipReason"/> says why.</summary>
    public DateTimeOffset? SkippedAt { get; set; }

    public string? SkipReason { get; set; }

    public string? SkippedByUserId { get; set; }
}

/// <summary>Where the workspace's setup wizard stands (one row per workspace).</summary>
public sealed class OnboardingWizardState : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    /// <summary>The step to resume at (index into <see cref="OnboardingWizard.Steps"/>).</summary>
    public int CurrentStep { get; set; }

    /// <summary>When the wizard was first opened for the owner; until then the workspace home opens it.</summary>
    public DateTimeOffset? OwnerSeenAt { get; set; }
}

/// <summary>When an item is meant to be done (seed section 📋).</summary>
public enum OnboardingPhase
{
    /// <summary>Day 1, the admin.</summary>
    Day1 = 1,

    /// <summary>Week 1, the team.</summary>
    Week1 = 2,

    /// <summary>Month 1, ongoing.</summary>
    Month1 = 3,
}
