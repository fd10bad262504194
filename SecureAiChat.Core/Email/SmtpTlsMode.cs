namespace SecureAiChat.Core.Email;

/// <summary>How the SMTP connection is secured.</summary>
public enum SmtpTlsMode
{
    /// <summary>
    /// Port 465: TLS on connect. A loopback host: STARTTLS when the server offers it (local test
    /// servers such as smtp4dev usually do not). Any other host: STARTTLS required.
    /// </summary>
    Auto,

    /// <summary>STARTTLS required; the send fails if the server does not offer it.</summary>
    StartTls,

    /// <summary>TLS from the first byte (SMTPS, usually port 465).</summary>
    SslOnConnect,

    /// <summary>No TLS at all. Only for a relay on the same machine or a trusted network.</summary>
    None,
}
