using SecureAiChat.Core.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;

namespace SecureAiChat.Core.Team;

/// <summary>What the accept page learns from a link: the invitation when it is still open, else why not.</summary>
public sealed record InvitationLookup(Invitation? Invitation, InvitationStatus? Status)
{
    public bool IsOpen => Invitation is not null && Status == InvitationStatus.Pending;
}

/// <summary>The outcome of accepting: the new member, or the link's state, or the password rules that failed.</summary>
public sealed record AcceptResult(AppUser? User, InvitationLookup Lookup, IReadOnlyList<IdentityError> Errors)
{
    public bool Succeeded => User is not null;
}

/// <summary>
/// Turns an invitation into an account in the workspace of the current request scope (the scoped context is the one
/// Identity's stores use, so the claim of the link and the new account commit together or not at all).
/// An unknown token, including one of another workspace, is simply "not found".
/// </summary>
public sealed class InvitationAcceptance(AppDbContext db, UserManager<AppUser> users, TimeProvider time, IAuditLog audit)
{
    public async Task<InvitationLookup> FindAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (!InvitationToken.IsWellFormed(token)) return new InvitationLookup(null, null);
        var hash = InvitationToken.Hash(token!);
        var invitation = await db.Invitations.AsNoTracking().SingleOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        return new InvitationLookup(invitation, invitation?.StatusAt(time.GetUtcNow()));
    }

    /// <summary>Creates the member with a password; the link is used up in the same transaction.</summary>
    public async Task<AcceptResult> AcceptAsync(string? token, string displayName, string password, CancellationToken cancellationToken = default)
    {
        var lookup = await FindAsync(token, cancellationToken);
        if (!lookup.IsOpen) return new AcceptResult(null, lookup, []);
        var user = NewUser(lookup.Invitation!, displayName);
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            errors.AddRange(result.Errors);
        }
        if (errors.Count > 0) return new AcceptResult(null, lookup, errors);
        return await CreateAsync(lookup, user, password, cancellationToken);
    }

    /// <summary>
    /// First "Sign in with Microsoft" of an invited address: the member is created from the open invitation
    /// (no password) and the invitation is accepted. Null when there is no open invitation for the address.
    /// </summary>
    public async Task<AppUser?> AcceptForExternalSignInAsync(string email, string? name, CancellationToken cancellationToken = default)
    {
        var invitation = await TeamSeats.PendingForAsync(db, email, time.GetUtcNow(), cancellationToken);
        if (invitation is null) return null;
        var lookup = new InvitationLookup(invitation, InvitationStatus.Pending);
        var result = await CreateAsync(lookup, NewUser(invitation, string.IsNullOrWhiteSpace(name) ? email.Split('@')[0] : name), password: null, cancellationToken);
        return result.User;
    }

    /// <summary>Whether an open invitation exists for <paramref name="email"/> in this workspace.</summary>
    public async Task<bool> HasOpenInvitationAsync(string email, CancellationToken cancellationToken = default) =>
        await TeamSeats.PendingForAsync(db, email, time.GetUtcNow(), cancellationToken) is not null;

    private static AppUser NewUser(Invitation invitation, string displayName) => new()
    {
        UserName = invitation.Email,
        Email = invitation.Email,
        // The invitation reached this address, so the address is confirmed.
        EmailConfirmed = true,
        DisplayName = displayName.Trim(),
        DepartmentId = invitation.DepartmentId,
    };

    private async Task<AcceptResult> CreateAsync(InvitationLookup lookup, AppUser user, string? password, CancellationToken cancellationToken)
    {
        var invitation = lookup.Invitation!;
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Conditional update: of two concurrent accepts only one claims the link.
        var claimed = await db.Invitations.Where(i => i.Id == invitation.Id && i.AcceptedAt == null && i.RevokedAt == null && i.TokenHash == invitation.TokenHash)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, now), cancellationToken);
        if (claimed != 1) return new AcceptResult(null, lookup with { Status = InvitationStatus.Accepted }, []);

        var created = password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
        // Owner invitations are made only by the provisioning of a PoC trial (the lead's contact); admins cannot invite Owners.
        var role = RoleRules.CanInviteAs(invitation.Role) || invitation.Role == Roles.Owner ? invitation.Role : Roles.Member;
        if (created.Succeeded) created = await users.AddToRoleAsync(user, role);
        if (!created.Succeeded) return new AcceptResult(null, lookup, created.Errors.ToList());
        await db.Invitations.Where(i => i.Id == invitation.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedUserId, user.Id), cancellationToken);
        audit.Record(db, AuditActions.InvitationAccepted, AuditTarget.User(user.Id, user.DisplayName), new { invitationId = invitation.Id, role = invitation.Role });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new AcceptResult(user, lookup, []);
    }
}
