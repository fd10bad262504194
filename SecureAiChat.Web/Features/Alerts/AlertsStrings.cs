namespace SecureAiChat.Web.Features.Alerts;

/// <summary>Marker for Features/Alerts/AlertsStrings.resx: the alert pages and banner (alert wording itself is Core's AlertStrings).</summary>
public sealed class AlertsStrings;
