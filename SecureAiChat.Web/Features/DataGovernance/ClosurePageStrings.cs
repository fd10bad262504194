namespace SecureAiChat.Web.Features.DataGovernance;

/// <summary>Marker for Features/DataGovernance/ClosurePageStrings.resx: the closure section, the banner and the operators' list.</summary>
public sealed class ClosurePageStrings;
