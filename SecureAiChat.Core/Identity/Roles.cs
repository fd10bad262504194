namespace SecureAiChat.Core.Identity;

/// <summary>The role names. Owner, Admin, Auditor and Member are tenant roles; Operator exists only on the platform.</summary>
public static class Roles
{
    public const string Owner = "Owner";
    public const string Admin = "Admin";
    public const string Member = "Member";

    /// <summary>監査担当: reads the workspace's audit log and usage, changes nothing (no settings, team or admin page).</summary>
    public const string Auditor = "Auditor";
    public const string Operator = "Operator";

    /// <summary>For <c>[Authorize(Roles = ...)]</c>: anyone who may administer a workspace.</summary>
    public const string OwnerOrAdmin = Owner + "," + Admin;

    /// <summary>For <c>[Authorize(Roles = ...)]</c>: anyone who may read the workspace's audit log and whole-workspace usage.</summary>
    public const string WorkspaceReaders = OwnerOrAdmin + "," + Auditor;

    /// <summary>Highest first: the first one a principal holds is the role it acts as (audit entries name it).</summary>
    public static readonly IReadOnlyList<string> All = [Owner, Admin, Auditor, Member, Operator];

    /// <summary>Whether <paramref name="user"/> sees the whole workspace's records (audit log, usage of every member).</summary>
    public static bool ReadsWorkspace(System.Security.Claims.ClaimsPrincipal user) =>
        user.IsInRole(Owner) || user.IsInRole(Admin) || user.IsInRole(Auditor);
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
