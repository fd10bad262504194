namespace SecureAiChat.Web.Features.Signup;

/// <summary>Marker for Features/Signup/SignupStrings.resx (pricing, signup, status, contact sales).</summary>
public sealed class SignupStrings;
