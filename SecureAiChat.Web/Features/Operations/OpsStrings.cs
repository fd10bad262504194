namespace SecureAiChat.Web.Features.Operations;

/// <summary>Marker for Features/Operations/OpsStrings.resx.</summary>
public sealed class OpsStrings;
