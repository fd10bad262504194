namespace SecureAiChat.Web.Features.Ops;

/// <summary>Marker for Features/Ops/OpsStrings.resx.</summary>
public sealed class OpsStrings;
