namespace SecureAiChat.Web.Features.DataGovernance;

/// <summary>Marker for Features/DataGovernance/BreakGlassPageStrings.resx: the break-glass page, its viewer and the member's banner.</summary>
public sealed class BreakGlassPageStrings;
