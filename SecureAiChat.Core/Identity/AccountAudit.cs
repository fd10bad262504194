using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Identity;

/// <summary>
/// Audit entries of sign-in and account security events. Identity saves these changes through its own store (or
/// saves nothing, as for a failed sign-in), so each entry is written in a SaveChanges of its own right after.
/// On the root host (no tenant) the entries go to the platform chain, where a successful sign-in is an operator's.
/// </summary>
public sealed class AccountAudit(IDbContextFactory<AppDbContext> dbs, IAuditLog audit, AuditActor actor, UserManager<AppUser> users)
{
    /// <summary>Failure reasons, stable codes stored in the entry's details.</summary>
    public static class Reasons
    {
        public const string BadPassword = "bad_password";
        public const string BadCode = "bad_code";
        public const string UnknownAccount = "unknown_account";
        public const string LockedOut = "locked_out";
        public const string NotAllowed = "not_allowed";
        public const string Throttled = "throttled";
        public const string SsoRequired = "sso_required";
    }

    /// <summary>A successful sign-in: from here on the actor is the person who signed in.</summary>
    public async Task SignedInAsync(AppUser user, string method, string action = AuditActions.SignInSucceeded, CancellationToken cancellationToken = default)
    {
        var roles = await users.GetRolesAsync(user);
        var role = Roles.All.FirstOrDefault(roles.Contains);
        actor.SetUser(role == Roles.Operator ? AuditActorKind.Operator : AuditActorKind.User, user.Id, user.DisplayName, role);
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        if (AuditChains.IsPlatformScope(db.CurrentTenantId) && action == AuditActions.SignInSucceeded) action = AuditActions.OperatorSignIn;
        audit.Record(db, action, AuditTarget.User(user.Id, user.DisplayName), new { method });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// A refused sign-in. The actor stays anonymous (whoever typed it is not known); the target is the account, or for
    /// an unknown one the typed email masked, as people sometimes type a password into the email field.
    /// </summary>
    public async Task FailedAsync(AppUser? user, string? attemptedEmail, string reason, string method = "password",
        string action = AuditActions.SignInFailed, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var target = user is null ? new AuditTarget("account", null, MaskEmail(attemptedEmail)) : AuditTarget.User(user.Id, user.DisplayName);
        audit.Record(db, action, target, new { reason, method }, action == AuditActions.LockedOut ? AuditOutcome.Denied : AuditOutcome.Failure);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>A security change of the acting user's own account (password, 2FA) or a reset done through a mailed link.</summary>
    public async Task ChangedAsync(AppUser user, string action, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        audit.Record(db, action, AuditTarget.User(user.Id, user.DisplayName));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>"ta***@example.jp": enough to tell a colleague's typo from a scan, too little to be a typed password.</summary>
    public static string MaskEmail(string? email)
    {
        var value = email?.Trim() ?? "";
        var at = value.LastIndexOf('@');
        if (at <= 0 || at == value.Length - 1 || value.Contains(' ', StringComparison.Ordinal)) return "***";
        return string.Concat(value.AsSpan(0, Math.Min(2, at / 2)), "***", value.AsSpan(at));
    }
}
