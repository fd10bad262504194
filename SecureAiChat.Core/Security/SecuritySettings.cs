using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Security;

/// <summary>The workspace's security settings (one row per tenant; absent means the defaults below).</summary>
public sealed class SecuritySettings : ITenantOwned
{
    public string TenantId { get; set; } = "";

    /// <summary>Email domains (comma separated, lower case) invitations may go to; empty allows any.</summary>
    public string AllowedEmailDomains { get; set; } = "";

    /// <summary>Minutes without activity after which a session must sign in again; 0 means no idle limit.</summary>
    public int IdleTimeoutMinutes { get; set; }

    public TwoFactorRequirement TwoFactorRequirement { get; set; } = TwoFactorRequirement.None;

    public DateTimeOffset? UpdatedAt { get; set; }

    public IReadOnlyList<string> AllowedDomainList => ListSetting.Split(AllowedEmailDomains);

    /// <summary>Whether invitations may go to <paramref name="email"/>.</summary>
    public bool AllowsEmail(string email) =>
        AllowedDomainList is not { Count: > 0 } domains || domains.Contains(email[(email.LastIndexOf('@') + 1)..].ToLowerInvariant());
}

/// <summary>Who must use two-factor sign-in.</summary>
public enum TwoFactorRequirement
{
    None = 0,
    Admins = 1,
    Everyone = 2,
}
