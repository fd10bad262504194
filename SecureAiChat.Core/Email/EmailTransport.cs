namespace SecureAiChat.Core.Email;

/// <summary>Which <see cref="IEmailSender"/> the configuration selects.</summary>
public enum EmailTransport
{
    /// <summary>One <c>.eml</c> file per message in <see cref="EmailOptions.PickupDirectory"/>.</summary>
    PickupDirectory,

    /// <summary>MailKit over SMTP to <see cref="SmtpOptions.Host"/>.</summary>
    Smtp,
}
