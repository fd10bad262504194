namespace SecureAiChat.Core.Email;

/// <summary>Decides which transport the configuration asks for.</summary>
public static class EmailSenderSelector
{
    /// <summary>SMTP when <c>Email:Smtp:Host</c> is set, else the pickup directory.</summary>
    public static EmailTransport SelectTransport(EmailOptions options) =>
        string.IsNullOrWhiteSpace(options.Smtp.Host) ? EmailTransport.PickupDirectory : EmailTransport.Smtp;
}
