using MimeKit;

namespace SecureAiChat.Core.Email;

/// <summary>Turns an <see cref="EmailMessage"/> into the MIME message both senders write.</summary>
internal static class MimeMessageFactory
{
    public static MimeMessage Create(EmailMessage message, string from, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message.TextBody);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.HtmlBody);

        var sender = MailboxAddress.Parse(from);
        var mime = new MimeMessage
        {
            // A subject comes from templates with user-supplied values in it; a line break there
            // would start a new header.
            Subject = message.Subject.ReplaceLineEndings(" "),
            Date = now,
            MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(sender.Domain),
        };
        mime.From.Add(sender);
        mime.To.Add(MailboxAddress.Parse(message.To));
        if (!string.IsNullOrWhiteSpace(message.ReplyTo))
        {
            mime.ReplyTo.Add(MailboxAddress.Parse(message.ReplyTo));
        }

        // BodyBuilder with both bodies yields multipart/alternative, text first as RFC 2046 asks.
        // With attachments the alternative part is wrapped in multipart/mixed.
        var body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody };
        foreach (var attachment in message.Attachments ?? [])
        {
            body.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        }

        mime.Body = body.ToMessageBody();
        return mime;
    }
}
