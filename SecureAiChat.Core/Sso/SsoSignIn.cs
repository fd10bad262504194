using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Team;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Sso;

/// <summary>Why an SSO sign-in was refused (the refusal page words it, resource key <c>SsoRefusal_{Code}</c>).</summary>
public enum SsoRefusal
{
    NotLinked,
    WrongDirectory,
    MissingClaims,
    NotInvited,
    DomainNotAllowed,
    SeatsFull,
    Deactivated,
    AccountConflict,
    Failed,
    EmailNotVerified,
}

/// <summary>Who signed in with Microsoft, and whether the sign-in created the account (invitation or just in time).</summary>
public sealed record SsoAccount(AppUser User, bool Created);

/// <summary>
/// The security rules of Entra ID sign-in for the workspace of the current scope: the token's directory must be
/// the linked one; accounts are found by (tenant, directory/object id) through the external-login record, an existing
/// account with the same email in THIS workspace is linked on its first SSO sign-in, an open invitation of that email
/// becomes the account, anyone else gets an account just in time only if allowed (domain, seats incl. pending invitations). Nothing is written when a sign-in is refused.
/// </summary>
public sealed class SsoSignIn(
    AppDbContext db,
    UserManager<AppUser> users,
    IMultiTenantContextAccessor<AppTenantInfo> tenant,
    InvitationAcceptance invitations,
    TimeProvider time,
    IAuditLog audit,
    AuditActor actor,
    ILogger<SsoSignIn> logger)
{
    /// <summary>The authentication scheme name (and external-login provider name) of Entra ID.</summary>
    public const string Scheme = "Entra";

    public const string DisplayName = "Microsoft";

    public async Task<Result<SsoAccount, SsoRefusal>> ResolveAsync(EntraIdentity identity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identity);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await ResolveOnceAsync(identity, cancellationToken);
                if (!result.Succeeded) await RecordRefusalAsync(identity, result.Code!.Value, cancellationToken);
                return result;
            }
            catch (Exception ex) when (attempt < 5 && ex is DbUpdateException or IdentityWriteException)
            {
                // Two requests finishing the same person's first sign-in at once (two tabs, a double click): the other
                // one created the account or the login first. Starting again finds what it wrote.
                db.ChangeTracker.Clear();
                logger.LogInformation("SSO sign-in on {Tenant} met a simultaneous one (attempt {Attempt}); resolving again.",
                    tenant.MultiTenantContext.TenantInfo?.Identifier, attempt);
            }
        }
    }

    private async Task<Result<SsoAccount, SsoRefusal>> ResolveOnceAsync(EntraIdentity identity, CancellationToken cancellationToken)
    {
        var workspace = tenant.MultiTenantContext.TenantInfo;
        if (workspace is null) return SsoRefusal.NotLinked;
        var settings = await db.Set<TenantSsoSettings>().SingleOrDefaultAsync(cancellationToken);
        if (settings is null || string.IsNullOrEmpty(settings.DirectoryId)) return SsoRefusal.NotLinked;

        if (!Guid.TryParse(identity.DirectoryId, out var tid) || !Guid.TryParse(settings.DirectoryId, out var linked) || tid != linked)
        {
            logger.LogWarning("SSO refused on {Tenant}: token directory {Tid} is not the linked directory.", workspace.Identifier, identity.DirectoryId);
            return SsoRefusal.WrongDirectory;
        }
        if (string.IsNullOrWhiteSpace(identity.ObjectId)) return SsoRefusal.MissingClaims;

        var user = await users.FindByLoginAsync(Scheme, identity.LoginKey);
        var created = false;
        if (user is null)
        {
            var email = identity.SignInEmail;
            if (email is null) return SsoRefusal.MissingClaims;
            // Email is unique per tenant and the data layer only sees this tenant: never an account of another workspace.
            user = await users.FindByEmailAsync(email);
            if (user is not null)
            {
                var logins = await users.GetLoginsAsync(user);
                var directoryPrefix = identity.LoginKey[..(identity.LoginKey.IndexOf('/') + 1)];
                // Already linked to exactly this object: a simultaneous sign-in of the same person did it a moment ago.
                var linkedMeanwhile = logins.Any(l => l.LoginProvider == Scheme && l.ProviderKey == identity.LoginKey);
                if (!linkedMeanwhile && logins.Any(l => l.LoginProvider == Scheme && l.ProviderKey.StartsWith(directoryPrefix, StringComparison.Ordinal)))
                {
                    // The account is already bound to another object of this directory: an email alone never re-binds it.
                    // (A login of a previously linked directory does not block: the workspace moved to a new directory.)
                    logger.LogWarning("SSO refused on {Tenant}: {UserId} is linked to another Entra object.", workspace.Identifier, user.Id);
                    return SsoRefusal.AccountConflict;
                }
                if (!user.IsActive) return SsoRefusal.Deactivated;
                if (!linkedMeanwhile && !identity.EmailDomainVerified)
                {
                    // Linking hands this account to the Entra object for good, so the email must be proven (xms_edov).
                    // The workspace's allowed domains are typed by an admin without any proof of ownership: they do
                    // not count. Nothing is written; an admin can invite or link the person another way.
                    logger.LogWarning("SSO refused on {Tenant}: the token's email is not verified (no xms_edov), so {UserId} is not linked by email.", workspace.Identifier, user.Id);
                    return SsoRefusal.EmailNotVerified;
                }
                if (!linkedMeanwhile) Check(await users.AddLoginAsync(user, new UserLoginInfo(Scheme, identity.LoginKey, DisplayName)));
            }
            else if (!identity.EmailDomainVerified && await invitations.HasOpenInvitationAsync(email, cancellationToken))
            {
                // An invitation carries a role (Admin too): as with an existing account, only a proven email may claim it.
                logger.LogWarning("SSO refused on {Tenant}: the token's email is not verified (no xms_edov), so an open invitation is not accepted by it.", workspace.Identifier);
                return SsoRefusal.EmailNotVerified;
            }
            else if (await invitations.AcceptForExternalSignInAsync(email, identity.Name, cancellationToken) is { } invited)
            {
                // An invited address: the invitation (which already holds a seat) becomes the account, with its role.
                user = invited;
                Check(await users.AddLoginAsync(user, new UserLoginInfo(Scheme, identity.LoginKey, DisplayName)));
                created = true;
                logger.LogInformation("SSO accepted the invitation of {UserId} on {Tenant}.", user.Id, workspace.Identifier);
            }
            else
            {
                if (settings.Provisioning != SsoProvisioningMode.AllowedDomains) return SsoRefusal.NotInvited;
                var domain = email[(email.IndexOf('@') + 1)..].ToLowerInvariant();
                if (!settings.AllowedDomainList.Contains(domain)) return SsoRefusal.DomainNotAllowed;
                // Seats are active members plus pending invitations, as for invitations.
                if (!(await TeamSeats.CountAsync(db, time.GetUtcNow(), cancellationToken)).CanAdd(1))
                    return SsoRefusal.SeatsFull;

                user = new AppUser
                {
                    UserName = email,
                    Email = email,
                    EmailConfirmed = true,
                    DisplayName = string.IsNullOrWhiteSpace(identity.Name) ? email.Split('@')[0] : identity.Name.Trim(),
                };
                Check(await users.CreateAsync(user));
                Check(await users.AddToRoleAsync(user, Roles.Member));
                Check(await users.AddLoginAsync(user, new UserLoginInfo(Scheme, identity.LoginKey, DisplayName)));
                created = true;
                logger.LogInformation("SSO created {UserId} just in time on {Tenant}.", user.Id, workspace.Identifier);
            }
        }

        if (!user.IsActive) return SsoRefusal.Deactivated;

        await ApplyRoleMappingAsync(user, settings.AdminRoleMappingList, identity, workspace.Identifier);

        settings.LastSignInAt = time.GetUtcNow();
        settings.LastSignInName = identity.PreferredUsername ?? identity.SignInEmail;
        var roles = await users.GetRolesAsync(user);
        actor.SetUser(AuditActorKind.User, user.Id, user.DisplayName, Roles.All.FirstOrDefault(roles.Contains));
        audit.Record(db, AuditActions.SsoSignIn, AuditTarget.User(user.Id, user.DisplayName), new { created });
        await db.SaveChangesAsync(cancellationToken);
        return new SsoAccount(user, created);
    }

    // A refusal changes nothing, so nothing else is pending: its entry is the only write. The name comes from a signed
    // token of the directory; whoever it is, they are not signed in, so the actor stays anonymous.
    private async Task RecordRefusalAsync(EntraIdentity identity, SsoRefusal refusal, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        audit.Record(db, AuditActions.SsoRefused, new AuditTarget("account", null, identity.PreferredUsername ?? identity.SignInEmail),
            new { reason = refusal.ToString() }, AuditOutcome.Denied);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// With a mapping set, the directory decides who is Admin among people who sign in with Microsoft: Admin while
    /// the token carries a mapped app role or group, back to Member at the first sign-in without one (someone
    /// removed from the group in Entra loses Admin here too; their other sessions end). Owners are never changed by
    /// a token. Without a mapping, roles are managed on the members page only.
    /// </summary>
    private async Task ApplyRoleMappingAsync(AppUser user, IReadOnlyList<string> mappings, EntraIdentity identity, string workspace)
    {
        if (mappings.Count == 0 || await users.IsInRoleAsync(user, Roles.Owner)) return;
        var mapped = identity.Roles.Concat(identity.Groups).Any(v => mappings.Contains(v, StringComparer.OrdinalIgnoreCase));
        var isAdmin = await users.IsInRoleAsync(user, Roles.Admin);
        if (mapped == isAdmin) return;

        var (grant, revoke) = mapped ? (Roles.Admin, Roles.Member) : (Roles.Member, Roles.Admin);
        Check(await users.AddToRoleAsync(user, grant));
        if (await users.IsInRoleAsync(user, revoke)) Check(await users.RemoveFromRoleAsync(user, revoke));
        if (!mapped) Check(await users.UpdateSecurityStampAsync(user));
        logger.LogInformation("SSO role mapping made {UserId} {Role} on {Tenant}.", user.Id, grant, workspace);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new IdentityWriteException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    /// <summary>An Identity write refused (e.g. a duplicate or a concurrency conflict with a simultaneous sign-in).</summary>
    private sealed class IdentityWriteException(string message) : InvalidOperationException(message);
}
