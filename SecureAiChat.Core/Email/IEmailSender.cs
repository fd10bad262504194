namespace SecureAiChat.Core.Email;

/// <summary>Sends email. Registered by <c>AddEmail</c>: SMTP when <c>Email:Smtp:Host</c> is set, otherwise a pickup directory.</summary>
public interface IEmailSender
{
    /// <summary>Sends <paramref name="message"/>; throws when it could not be handed over.</summary>
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}
