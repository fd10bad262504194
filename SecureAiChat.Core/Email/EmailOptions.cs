namespace SecureAiChat.Core.Email;

/// <summary>Email settings (section <c>Email</c>), part of the configuration contract in docs/architecture.md.</summary>
public sealed class EmailOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Email";

    /// <summary>Sender of every mail.</summary>
    public string From { get; set; } = "Secure AI Chat <no-reply@localhost>";

    /// <summary>Directory for <c>.eml</c> files when no SMTP host is set; relative paths are from the content root.</summary>
    public string PickupDirectory { get; set; } = "App_Data/mail";

    /// <summary>Where sales inquiry notifications go.</summary>
    public string SalesAddress { get; set; } = "sales@localhost";

    /// <summary>SMTP relay; used when <see cref="SmtpOptions.Host"/> is set.</summary>
    public SmtpOptions Smtp { get; set; } = new();
}
