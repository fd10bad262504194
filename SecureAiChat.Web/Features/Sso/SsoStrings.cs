namespace SecureAiChat.Web.Features.Sso;

/// <summary>Marker for Features/Sso/SsoStrings.resx: strings of Entra ID single sign-on.</summary>
public sealed class SsoStrings;
