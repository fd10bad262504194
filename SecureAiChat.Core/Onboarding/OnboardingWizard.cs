namespace SecureAiChat.Core.Onboarding;

/// <summary>The day-1 setup wizard (the getting-started guide walks the same steps): step keys and the checklist item each completes.</summary>
public static class OnboardingWizard
{
    public static IReadOnlyList<(string Step, string ItemKey)> Steps { get; } =
    [
        ("profile", "signin-profile"),
        ("invite", "invite-team"),
        ("api", "choose-api"),
        ("security", "review-security"),
        ("first-chat", "first-chat"),
    ];

    public static int Clamp(int step) => Math.Clamp(step, 0, Steps.Count - 1);
}
