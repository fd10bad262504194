namespace SecureAiChat.Web.Features.Sales;

/// <summary>Marker for SalesStrings.resx: the sales pipeline, PoC trials and the MRR panel of the operator console.</summary>
public sealed class SalesStrings;
