namespace SecureAiChat.Web.Features.AiSettings;

/// <summary>Marker for Features/AiSettings/AiSettingsStrings.resx: strings of the AI settings page.</summary>
public sealed class AiSettingsStrings;
