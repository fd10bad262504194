namespace SecureAiChat.Core.Identity;

/// <summary>The role names. Owner, Admin and Member are tenant roles; Operator exists only on the platform.</summary>
public static class Roles
{
    public const string Owner = "Owner";
    public const string Admin = "Admin";
    public const string Member = "Member";
    public const string Operator = "Operator";

    /// <summary>For <c>[Authorize(Roles = ...)]</c>: anyone who may administer a workspace.</summary>
    public const string OwnerOrAdmin = Owner + "," + Admin;

    public static readonly IReadOnlyList<string> All = [Owner, Admin, Member, Operator];
}

/// <summary>Claim types the app adds to every principal.</summary>
public static class AppClaimTypes
{
    public const string TenantId = "sac:tenant";
    public const string DisplayName = "sac:name";
    public const string Culture = "sac:culture";

    /// <summary>Id of the <see cref="UserSession"/> a session cookie belongs to.</summary>
    public const string SessionId = "sac:sid";
}
