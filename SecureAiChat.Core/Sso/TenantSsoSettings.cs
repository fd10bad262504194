using SecureAiChat.Core.Data;
using SecureAiChat.Core.Security;

namespace SecureAiChat.Core.Sso;

/// <summary>A workspace's link to its company's Entra ID directory and its sign-in rules. At most one per tenant.</summary>
public sealed class TenantSsoSettings : ITenantOwned
{
    public string TenantId { get; set; } = "";

    /// <summary>The Entra directory (tenant) id, a GUID in lower case; tokens whose <c>tid</c> differs are refused.</summary>
    public string DirectoryId { get; set; } = "";

    /// <summary>Who may get an account on first sign-in.</summary>
    public SsoProvisioningMode Provisioning { get; set; } = SsoProvisioningMode.InvitedOnly;

    /// <summary>Email domains (comma separated, lower case) allowed to get an account just in time.</summary>
    public string AllowedDomains { get; set; } = "";

    /// <summary>Password sign-in refused for everyone except Owners (break-glass).</summary>
    public bool SsoRequired { get; set; }

    /// <summary>Entra app role values or group object ids (comma separated) that make a member an Admin.</summary>
    public string AdminRoleMappings { get; set; } = "";

    public DateTimeOffset LinkedAt { get; set; } = DateTimeOffset.UtcNow;

    public DateTimeOffset? LastSignInAt { get; set; }

    /// <summary>preferred_username of the last successful SSO sign-in (shown to admins).</summary>
    public string? LastSignInName { get; set; }

    public IReadOnlyList<string> AllowedDomainList => ListSetting.Split(AllowedDomains);

    /// <summary>Compared case-insensitively (app role values and group ids), kept as the admin typed them.</summary>
    public IReadOnlyList<string> AdminRoleMappingList => ListSetting.Split(AdminRoleMappings, lowerCase: false);
}

/// <summary>Who gets an account the first time they sign in with Microsoft.</summary>
public enum SsoProvisioningMode
{
    /// <summary>Only people who already have an account with that email in this workspace.</summary>
    InvitedOnly = 0,

    /// <summary>Anyone of the linked directory whose email is in an allowed domain (role Member, counted against seats).</summary>
    AllowedDomains = 1,
}
