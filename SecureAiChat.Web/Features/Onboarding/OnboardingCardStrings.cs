namespace SecureAiChat.Web.Features.Onboarding;

/// <summary>Marker for Features/Onboarding/OnboardingCardStrings.resx.</summary>
public sealed class OnboardingCardStrings;
