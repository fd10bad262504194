namespace SecureAiChat.Web.Features.Providers;

/// <summary>Marker for Features/Providers/AiSettingsStrings.resx: strings of the AI settings page.</summary>
public sealed class AiSettingsStrings;
