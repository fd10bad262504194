namespace SecureAiChat.Web.Features.Templates;

/// <summary>Marker for Features/Templates/TemplatesStrings.resx: strings of the prompt template library.</summary>
public sealed class TemplatesStrings;
