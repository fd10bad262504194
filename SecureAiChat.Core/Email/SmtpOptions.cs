namespace SecureAiChat.Core.Email;

/// <summary>SMTP relay settings (section <c>Email:Smtp</c>). Put the password in user secrets or the environment, never in appsettings.json.</summary>
public sealed class SmtpOptions
{
    /// <summary>Relay host; when empty, mail goes to the pickup directory instead.</summary>
    public string? Host { get; set; }

    /// <summary>Relay port; 587 (submission with STARTTLS) by default.</summary>
    public int Port { get; set; } = 587;

    /// <summary>User name; when empty, no authentication is attempted.</summary>
    public string? UserName { get; set; }

    /// <summary>Password for <see cref="UserName"/>.</summary>
    public string? Password { get; set; }

    /// <summary>How the connection is secured; see <see cref="SmtpTlsMode.Auto"/>.</summary>
    public SmtpTlsMode TlsMode { get; set; } = SmtpTlsMode.Auto;

    /// <summary>Timeout for each SMTP operation.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
