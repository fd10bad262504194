namespace SecureAiChat.Web.Components;

/// <summary>Marker for Components/SharedStrings.resx: strings of the shell used by many pages.</summary>
public sealed class SharedStrings;
