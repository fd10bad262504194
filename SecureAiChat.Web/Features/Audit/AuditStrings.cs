namespace SecureAiChat.Web.Features.Audit;

/// <summary>Marker for Features/Audit/AuditStrings.resx: action labels (keyed by action code) and category names ("Category.x").</summary>
public sealed class AuditStrings;
