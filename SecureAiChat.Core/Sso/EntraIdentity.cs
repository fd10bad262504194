using System.Security.Claims;

namespace SecureAiChat.Core.Sso;

/// <summary>What an Entra ID token says about the person signing in (v2.0 claims: tid, oid, preferred_username, email, roles, groups).</summary>
public sealed record EntraIdentity(
    string? DirectoryId,
    string? ObjectId,
    string? Email,
    string? PreferredUsername,
    string? Name,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Groups,
    bool EmailDomainVerified = false)
{
    /// <summary>
    /// Entra's optional claim <c>xms_edov</c> ("email domain owner verified"): true only when the directory proved it
    /// owns the domain of <c>email</c>. Without it, <c>email</c> is an attribute any directory admin (or a guest's home
    /// directory) can set to any address, so it may not decide which existing account a token signs in to.
    /// </summary>
    public const string EmailDomainVerifiedClaim = "xms_edov";

    private const string TenantIdUri = "http://schemas.microsoft.com/identity/claims/tenantid";
    private const string ObjectIdUri = "http://schemas.microsoft.com/identity/claims/objectidentifier";

    /// <summary>The address used to find an invited account or check the allowed domains: email, else preferred_username.</summary>
    public string? SignInEmail =>
        IsEmail(Email) ? Email!.Trim() : IsEmail(PreferredUsername) ? PreferredUsername!.Trim() : null;

    /// <summary>The external-login key: the object id within its directory (an oid is unique only within one directory).</summary>
    public string LoginKey => $"{DirectoryId?.ToLowerInvariant()}/{ObjectId?.ToLowerInvariant()}";

    /// <summary>Reads both short (JWT) and mapped (WS-Fed URI) claim names, whatever inbound claim mapping did.</summary>
    public static EntraIdentity FromPrincipal(ClaimsPrincipal principal)
    {
        string? First(params string[] types) =>
            types.Select(t => principal.FindFirst(t)?.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        IReadOnlyList<string> All(params string[] types) =>
            principal.Claims.Where(c => types.Contains(c.Type)).Select(c => c.Value).Distinct().ToArray();
        return new EntraIdentity(
            First("tid", TenantIdUri),
            First("oid", ObjectIdUri),
            First("email", ClaimTypes.Email),
            First("preferred_username", ClaimTypes.Upn),
            First("name", ClaimTypes.Name),
            All("roles", ClaimTypes.Role, "role"),
            All("groups", "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups"),
            First(EmailDomainVerifiedClaim) is { } edov && (edov.Equals("true", StringComparison.OrdinalIgnoreCase) || edov == "1"));
    }

    private static bool IsEmail(string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.Count(c => c == '@') == 1 && value.IndexOf('@') > 0 && value.IndexOf('@') < value.Length - 1;
}
