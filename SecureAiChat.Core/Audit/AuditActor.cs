namespace SecureAiChat.Core.Audit;

/// <summary>
/// Who is acting in the current scope, and from where. The web host fills it from the request (or from the request
/// that opened a Blazor circuit); background jobs leave it as <see cref="AuditActorKind.System"/>.
/// </summary>
public sealed class AuditActor
{
    public const int MaxUserAgentLength = 120;

    public AuditActorKind Kind { get; private set; } = AuditActorKind.System;
    public string? UserId { get; private set; }
    public string? Name { get; private set; }
    public string? Role { get; private set; }
    public string? ClientAddress { get; private set; }
    public string? UserAgent { get; private set; }

    public void SetUser(AuditActorKind kind, string? userId, string? name, string? role)
    {
        Kind = kind;
        UserId = userId;
        Name = name;
        Role = role;
    }

    public void SetClient(string? address, string? userAgent)
    {
        ClientAddress = address;
        UserAgent = Shorten(userAgent);
    }

    /// <summary>User agents run to hundreds of characters; the first part identifies the browser well enough.</summary>
    public static string? Shorten(string? userAgent) =>
        string.IsNullOrWhiteSpace(userAgent) ? null : userAgent.Length <= MaxUserAgentLength ? userAgent : userAgent[..MaxUserAgentLength];
}
