using System.Net;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SecureAiChat.Core.Email;

/// <summary>Sends mail through an SMTP relay with MailKit, one connection per message.</summary>
public sealed class SmtpEmailSender : IEmailSender
{
    private readonly EmailOptions _options;
    private readonly ILogger<SmtpEmailSender> _logger;
    private readonly TimeProvider _time;

    /// <summary>Creates the sender from bound <see cref="EmailOptions"/>.</summary>
    public SmtpEmailSender(IOptions<EmailOptions> options, ILogger<SmtpEmailSender> logger, TimeProvider? time = null)
    {
        _options = options.Value;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        if (string.IsNullOrWhiteSpace(_options.Smtp.Host))
        {
            throw new InvalidOperationException("Email:Smtp:Host is required for the SMTP sender.");
        }
    }

    /// <inheritdoc />
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var smtp = _options.Smtp;

        // Host was checked in the constructor.
        var mime = MimeMessageFactory.Create(message, _options.From, _time.GetUtcNow());

        // Mail is rare (signup, invitations, alerts); a connection per message keeps the sender
        // stateless and thread-safe, which a pooled SmtpClient is not.
        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        await client.ConnectAsync(smtp.Host!, smtp.Port, ChooseSocketOptions(smtp), cancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? string.Empty, cancellationToken);
        }

        await client.SendAsync(mime, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);

        // Never the password, never the body.
        _logger.LogInformation("Email {MessageId} sent via SMTP {SmtpHost}:{SmtpPort}", mime.MessageId, smtp.Host, smtp.Port);
    }

    /// <summary>Maps <see cref="SmtpTlsMode"/> to MailKit's options; see <see cref="SmtpTlsMode.Auto"/> for the rule.</summary>
    internal static SecureSocketOptions ChooseSocketOptions(SmtpOptions smtp) => smtp.TlsMode switch
    {
        SmtpTlsMode.StartTls => SecureSocketOptions.StartTls,
        SmtpTlsMode.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpTlsMode.None => SecureSocketOptions.None,
        _ when smtp.Port == 465 => SecureSocketOptions.SslOnConnect,

        // Credentials and sign-in links must not cross a network in clear text, so only a relay
        // on this machine may fall back to plain SMTP.
        _ when IsLoopback(smtp.Host) => SecureSocketOptions.StartTlsWhenAvailable,
        _ => SecureSocketOptions.StartTls,
    };

    private static bool IsLoopback(string? host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
