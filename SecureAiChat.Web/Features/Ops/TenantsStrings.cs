namespace SecureAiChat.Web.Features.Ops;

/// <summary>Marker for Features/Ops/TenantsStrings.resx (the tenant list and tenant page of the operator console).</summary>
public sealed class TenantsStrings;
