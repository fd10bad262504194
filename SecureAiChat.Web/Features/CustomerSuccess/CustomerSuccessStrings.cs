namespace SecureAiChat.Web.Features.CustomerSuccess;

/// <summary>Marker for CustomerSuccessStrings.resx: strings of the support, feature request and survey pages (workspace and operator).</summary>
public sealed class CustomerSuccessStrings;
