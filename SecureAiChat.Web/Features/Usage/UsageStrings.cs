namespace SecureAiChat.Web.Features.Usage;

/// <summary>Marker for Features/Usage/UsageStrings.resx: strings of the usage page.</summary>
public sealed class UsageStrings;
