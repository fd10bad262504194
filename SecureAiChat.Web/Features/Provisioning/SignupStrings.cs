namespace SecureAiChat.Web.Features.Provisioning;

/// <summary>Marker for Features/Provisioning/SignupStrings.resx (pricing, signup, status, contact sales).</summary>
public sealed class SignupStrings;
