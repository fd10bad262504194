namespace SecureAiChat.Web.Features.Security;

/// <summary>Marker for Features/Security/SecurityStrings.resx: strings of the security settings.</summary>
public sealed class SecurityStrings;
