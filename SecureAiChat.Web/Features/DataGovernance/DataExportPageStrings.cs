namespace SecureAiChat.Web.Features.DataGovernance;

/// <summary>Marker for Features/DataGovernance/DataExportPageStrings.resx: the export sections, the member's export page and its menu item.</summary>
public sealed class DataExportPageStrings;
