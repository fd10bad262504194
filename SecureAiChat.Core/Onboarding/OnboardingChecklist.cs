using System.Globalization;
using System.Resources;

namespace SecureAiChat.Core.Onboarding;

/// <summary>The onboarding checklist every new workspace gets (seed section 📋, docs/mission.md).</summary>
public static class OnboardingChecklist
{
    private static readonly ResourceManager Resources = new("SecureAiChat.Core.Onboarding.OnboardingStrings", typeof(OnboardingChecklist).Assembly);

    /// <summary>Item keys in the order they are shown, with their phase.</summary>
    public static IReadOnlyList<(string Key, OnboardingPhase Phase)> Items { get; } =
    [
        ("signin-profile", OnboardingPhase.Day1),
        ("invite-team", OnboardingPhase.Day1),
        ("choose-api", OnboardingPhase.Day1),
        ("review-security", OnboardingPhase.Day1),
        ("first-chat", OnboardingPhase.Day1),
        ("members-created", OnboardingPhase.Week1),
        ("roles-set", OnboardingPhase.Week1),
        ("templates-created", OnboardingPhase.Week1),
        ("guidelines-published", OnboardingPhase.Week1),
        ("daily-use", OnboardingPhase.Week1),
        ("usage-cost-review", OnboardingPhase.Month1),
        ("team-usage-review", OnboardingPhase.Month1),
        ("explore-features", OnboardingPhase.Month1),
        ("review-plan", OnboardingPhase.Month1),
        ("send-feedback", OnboardingPhase.Month1),
    ];

    /// <summary>The item's text, e.g. "チームを招待する（5〜10 名）".</summary>
    public static string Title(string key, CultureInfo? culture = null) =>
        Resources.GetString("Item_" + key, culture ?? CultureInfo.CurrentUICulture) ?? key;

    /// <summary>The phase's heading, e.g. "初日（管理者）".</summary>
    public static string PhaseTitle(OnboardingPhase phase, CultureInfo? culture = null) =>
        Resources.GetString("Phase_" + phase, culture ?? CultureInfo.CurrentUICulture) ?? phase.ToString();

    /// <summary>The first day-1 steps, localized, for the welcome email.</summary>
    public static IReadOnlyList<string> FirstSteps(CultureInfo culture, int count = 3) =>
        Items.Where(i => i.Phase == OnboardingPhase.Day1).Skip(1).Take(count).Select(i => Title(i.Key, culture)).ToList();
}
