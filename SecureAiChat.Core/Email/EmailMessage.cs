namespace SecureAiChat.Core.Email;

/// <summary>One outgoing email. Both bodies are required: every mail goes out as multipart/alternative.</summary>
/// <param name="To">Recipient, an address or "Name &lt;address&gt;".</param>
/// <param name="Subject">Subject line.</param>
/// <param name="HtmlBody">HTML body; every interpolated value must already be HTML-encoded.</param>
/// <param name="TextBody">Plain-text body for clients that do not render HTML (and for spam filters).</param>
/// <param name="ReplyTo">Optional Reply-To address.</param>
/// <param name="Attachments">Optional files (the monthly usage report's chargeback CSV).</param>
public sealed record EmailMessage(string To, string Subject, string HtmlBody, string TextBody, string? ReplyTo = null,
    IReadOnlyList<EmailAttachment>? Attachments = null);

/// <summary>A file attached to an email.</summary>
public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content);
