namespace SecureAiChat.Web.Features.Billing;

/// <summary>Marker for Features/Billing/BillingStrings.resx (invoices on the plan page and the operator console, quotes).</summary>
public sealed class BillingStrings;
