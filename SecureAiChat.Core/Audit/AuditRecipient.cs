using System.Globalization;

namespace SecureAiChat.Core.Audit;

/// <summary>Someone an audit mail goes to: the address and the language it is written in.</summary>
public sealed record AuditRecipient(string Email, CultureInfo Culture);
