namespace SecureAiChat.Web.Features.Operations;

/// <summary>Marker for Features/Operations/TenantsStrings.resx (the tenant list and tenant page of the operator console).</summary>
public sealed class TenantsStrings;
