namespace SecureAiChat.Web.Features.DataProtection;

/// <summary>Marker for Features/DataProtection/DataProtectionStrings.resx: the data-protection page and the chat's warning.</summary>
public sealed class DataProtectionStrings;
