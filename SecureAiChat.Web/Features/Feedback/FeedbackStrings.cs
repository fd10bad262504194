namespace SecureAiChat.Web.Features.Feedback;

/// <summary>Marker for Features/Feedback/FeedbackStrings.resx: strings of the in-app feedback form.</summary>
public sealed class FeedbackStrings;
