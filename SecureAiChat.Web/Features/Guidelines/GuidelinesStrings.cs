namespace SecureAiChat.Web.Features.Guidelines;

/// <summary>Marker for Features/Guidelines/GuidelinesStrings.resx: strings of the usage guideline.</summary>
public sealed class GuidelinesStrings;
