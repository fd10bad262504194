using System.Net;
using System.Text;

namespace SecureAiChat.Core.Email;

/// <summary>
/// Builds the HTML and the plain-text body of one email in lock step, so the two parts always say
/// the same thing. Every text passed in is treated as plain text and HTML-encoded here; callers
/// never write markup, so a company or user name cannot inject any.
/// </summary>
internal sealed class EmailBodyBuilder
{
    private const string FontStack = "'Hiragino Sans','Hiragino Kaku Gothic ProN','Yu Gothic','Meiryo',system-ui,-apple-system,'Segoe UI',sans-serif";
    private const string Accent = "#1a56db";

    private readonly EmailStrings _strings;
    private readonly StringBuilder _html = new();
    private readonly StringBuilder _text = new();

    public EmailBodyBuilder(EmailStrings strings) => _strings = strings;

    public EmailBodyBuilder Heading(string text)
    {
        _html.Append("<h1 style=\"margin:0 0 16px;font-size:20px;line-height:1.4;color:#111827;\">").Append(Encode(text)).Append("</h1>\n");
        _text.AppendLine(text).AppendLine(new string('=', Math.Min(text.Length * 2, 40))).AppendLine();
        return this;
    }

    public EmailBodyBuilder Subheading(string text)
    {
        _html.Append("<h2 style=\"margin:24px 0 8px;font-size:16px;color:#111827;\">").Append(Encode(text)).Append("</h2>\n");
        _text.AppendLine(text).AppendLine(new string('-', Math.Min(text.Length * 2, 40)));
        return this;
    }

    public EmailBodyBuilder Paragraph(string text)
    {
        _html.Append("<p style=\"margin:0 0 16px;\">").Append(EncodeMultiline(text)).Append("</p>\n");
        _text.AppendLine(text).AppendLine();
        return this;
    }

    /// <summary>A call-to-action button, with the raw URL beneath it for clients that block links.</summary>
    public EmailBodyBuilder Button(string label, Uri url)
    {
        var href = Encode(SafeUrl(url));
        _html.Append("<p style=\"margin:24px 0;\"><a href=\"").Append(href)
            .Append("\" style=\"display:inline-block;padding:12px 24px;background:").Append(Accent)
            .Append(";color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold;\">")
            .Append(Encode(label)).Append("</a></p>\n")
            .Append("<p style=\"margin:0 0 16px;font-size:12px;color:#6b7280;\">").Append(Encode(_strings.ButtonFallback))
            .Append("<br><a href=\"").Append(href).Append("\" style=\"color:").Append(Accent).Append(";word-break:break-all;\">")
            .Append(href).Append("</a></p>\n");
        _text.AppendLine(label + ":").AppendLine(SafeUrl(url)).AppendLine();
        return this;
    }

    public EmailBodyBuilder Steps(IEnumerable<string> steps)
    {
        _html.Append("<ol style=\"margin:0 0 16px;padding-left:24px;\">\n");
        var n = 1;
        foreach (var step in steps)
        {
            _html.Append("<li style=\"margin:0 0 4px;\">").Append(Encode(step)).Append("</li>\n");
            _text.Append(n++).Append(". ").AppendLine(step);
        }

        _html.Append("</ol>\n");
        _text.AppendLine();
        return this;
    }

    public EmailBodyBuilder Fields(IEnumerable<(string Label, string Value)> fields)
    {
        _html.Append("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" style=\"margin:0 0 16px;border-collapse:collapse;width:100%;\">\n");
        foreach (var (label, value) in fields)
        {
            _html.Append("<tr><th align=\"left\" valign=\"top\" style=\"padding:6px 12px 6px 0;border-bottom:1px solid #e5e7eb;white-space:nowrap;color:#4b5563;font-weight:normal;\">")
                .Append(Encode(label)).Append("</th><td style=\"padding:6px 0;border-bottom:1px solid #e5e7eb;\">")
                .Append(EncodeMultiline(value)).Append("</td></tr>\n");
            _text.Append(label).Append(": ").AppendLine(value);
        }

        _html.Append("</table>\n");
        _text.AppendLine();
        return this;
    }

    /// <summary>Wraps the blocks in the common layout and returns the finished message.</summary>
    public EmailMessage Build(string to, string subject, string? replyTo = null)
    {
        var lang = _strings.Culture.TwoLetterISOLanguageName;
        var html = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html lang=\"").Append(Encode(lang)).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n<title>").Append(Encode(subject)).Append("</title>\n</head>\n")
            .Append("<body style=\"margin:0;padding:0;background:#f3f4f6;\">\n")
            .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"background:#f3f4f6;\"><tr><td align=\"center\" style=\"padding:24px 12px;\">\n")
            .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"max-width:600px;background:#ffffff;border-radius:8px;font-family:")
            .Append(FontStack).Append(";font-size:15px;line-height:1.7;color:#1f2937;\">\n")
            .Append("<tr><td style=\"padding:20px 32px;border-bottom:1px solid #e5e7eb;font-size:18px;font-weight:bold;color:").Append(Accent).Append(";\">Secure AI Chat</td></tr>\n")
            .Append("<tr><td style=\"padding:24px 32px;\">\n").Append(_html)
            .Append("</td></tr>\n<tr><td style=\"padding:16px 32px;border-top:1px solid #e5e7eb;font-size:12px;color:#6b7280;\">")
            .Append(Encode(_strings.Footer)).Append("</td></tr>\n</table>\n</td></tr></table>\n</body>\n</html>\n")
            .ToString();

        var text = _text.ToString().TrimEnd() + "\n\n-- \nSecure AI Chat\n" + _strings.Footer + "\n";
        return new EmailMessage(to, subject, html, text, replyTo);
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    private static string EncodeMultiline(string value) => Encode(value).ReplaceLineEndings("<br>");

    // Links come from our own code, but a javascript: or data: URL in an email would still be a
    // hole; refuse anything that is not an absolute web URL.
    private static string SafeUrl(Uri url) =>
        url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            ? url.AbsoluteUri
            : throw new ArgumentException("Email links must be absolute http(s) URLs.", nameof(url));
}
