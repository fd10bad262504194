using SecureAiChat.Core.Audit;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Email;
using SecureAiChat.Core.Security;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Results;

namespace SecureAiChat.Core.Team;

/// <summary>Who sends an invitation (accept links point at the workspace's configured address, <see cref="PublicUrls"/>).</summary>
public sealed record Inviter(string UserId, string Name, CultureInfo Culture);

/// <summary>
/// Invitations of the workspace of the current scope: invite several at once (all or nothing), resend, revoke.
/// Every address is checked before anything is saved: format, allowed domains, not already a member or invited,
/// and the seats (active members + pending invitations) must fit the plan.
/// </summary>
public sealed class InvitationService(
    IDbContextFactory<AppDbContext> contexts,
    IEmailSender mail,
    IMultiTenantContextAccessor<AppTenantInfo> tenant,
    TimeProvider time,
    PublicUrls urls,
    ILogger<InvitationService> logger,
    IAuditLog audit)
{
    public const string AcceptPath = "invite/";

    public async Task<SeatUsage> SeatsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await TeamSeats.CountAsync(db, time.GetUtcNow(), cancellationToken);
    }

    public async Task<Result<TeamChange, TeamRefusal>> InviteAsync(InviteeList list, string role, Guid? departmentId, Inviter inviter, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var seats = await TeamSeats.CountAsync(db, now, cancellationToken);
        var problems = list.Problems.Select(p => new Problem<TeamRefusal>(TeamRefusal.InvalidAddress, p.Value, p.Line)).ToList();
        if (!RoleRules.CanInviteAs(role)) problems.Add(new Problem<TeamRefusal>(TeamRefusal.RoleNotAllowed, role));
        if (list.Invitees.Count == 0 && problems.Count == 0) problems.Add(new Problem<TeamRefusal>(TeamRefusal.NoAddresses));
        if (list.Invitees.Count > InviteeList.MaxInvitees) problems.Add(new Problem<TeamRefusal>(TeamRefusal.TooManyAddresses, InviteeList.MaxInvitees.ToString(CultureInfo.InvariantCulture)));

        var security = await db.SecuritySettings.AsNoTracking().SingleOrDefaultAsync(cancellationToken) ?? new SecuritySettings();
        var normalized = list.Invitees.Select(i => i.Email.ToUpperInvariant()).ToList();
        var members = (await db.Users.Where(u => normalized.Contains(u.NormalizedEmail!)).Select(u => u.NormalizedEmail).ToListAsync(cancellationToken)).ToHashSet();
        var open = await db.Invitations.Where(i => normalized.Contains(i.NormalizedEmail) && i.AcceptedAt == null && i.RevokedAt == null).ToListAsync(cancellationToken);
        var invited = open.Where(i => i.StatusAt(now) == InvitationStatus.Pending).Select(i => i.NormalizedEmail).ToHashSet();
        foreach (var invitee in list.Invitees)
        {
            var key = invitee.Email.ToUpperInvariant();
            if (!security.AllowsEmail(invitee.Email)) problems.Add(new Problem<TeamRefusal>(TeamRefusal.DomainNotAllowed, invitee.Email, invitee.Line));
            else if (members.Contains(key)) problems.Add(new Problem<TeamRefusal>(TeamRefusal.AlreadyMember, invitee.Email, invitee.Line));
            else if (invited.Contains(key)) problems.Add(new Problem<TeamRefusal>(TeamRefusal.AlreadyInvited, invitee.Email, invitee.Line));
        }
        if (departmentId is { } dept && !await db.Departments.AnyAsync(d => d.Id == dept, cancellationToken)) problems.Add(new Problem<TeamRefusal>(TeamRefusal.NotFound));
        if (problems.Count == 0 && !seats.CanAdd(list.Invitees.Count))
            problems.Add(new Problem<TeamRefusal>(TeamRefusal.SeatsFull, list.Invitees.Count.ToString(CultureInfo.InvariantCulture)));
        if (problems.Count > 0) return Result<TeamChange, TeamRefusal>.Refused(problems);

        var tokens = new List<(Invitation Invitation, string Token)>();
        foreach (var invitee in list.Invitees)
        {
            var token = InvitationToken.New();
            var invitation = new Invitation
            {
                Email = invitee.Email, NormalizedEmail = invitee.Email.ToUpperInvariant(), Role = role, DepartmentId = departmentId,
                TokenHash = InvitationToken.Hash(token), InvitedByUserId = inviter.UserId, CreatedAt = now, SentAt = now, ExpiresAt = now + Invitation.Lifetime,
            };
            db.Invitations.Add(invitation);
            audit.Record(db, AuditActions.InvitationSent, new AuditTarget("invitation", invitation.Id.ToString(), invitation.Email), new { role, departmentId });
            tokens.Add((invitation, token));
        }
        await db.SaveChangesAsync(cancellationToken);
        foreach (var (invitation, token) in tokens) await SendAsync(invitation, token, inviter, cancellationToken);
        return new TeamChange(tokens.Count, await TeamSeats.CountAsync(db, now, cancellationToken));
    }

    /// <summary>A new link (the old one stops working) and a fresh expiry; an expired invitation needs a free seat again.</summary>
    public async Task<Result<TeamChange, TeamRefusal>> ResendAsync(Guid invitationId, Inviter inviter, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var invitation = await db.Invitations.SingleOrDefaultAsync(i => i.Id == invitationId, cancellationToken);
        var seats = await TeamSeats.CountAsync(db, now, cancellationToken);
        if (invitation is null) return TeamRefusal.NotFound;
        var status = invitation.StatusAt(now);
        if (status is InvitationStatus.Accepted or InvitationStatus.Revoked) return new Problem<TeamRefusal>(TeamRefusal.NotPending, invitation.Email);
        if (status == InvitationStatus.Expired && !seats.CanAdd(1)) return new Problem<TeamRefusal>(TeamRefusal.SeatsFull, "1");

        var token = InvitationToken.New();
        invitation.TokenHash = InvitationToken.Hash(token);
        invitation.SentAt = now;
        invitation.ExpiresAt = now + Invitation.Lifetime;
        audit.Record(db, AuditActions.InvitationResent, new AuditTarget("invitation", invitation.Id.ToString(), invitation.Email));
        await db.SaveChangesAsync(cancellationToken);
        await SendAsync(invitation, token, inviter, cancellationToken);
        return new TeamChange(1, await TeamSeats.CountAsync(db, now, cancellationToken));
    }

    /// <summary>Ends a pending invitation: its link is refused from now on and its seat is free.</summary>
    public async Task<Result<TeamChange, TeamRefusal>> RevokeAsync(Guid invitationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var invitation = await db.Invitations.SingleOrDefaultAsync(i => i.Id == invitationId, cancellationToken);
        if (invitation is null) return TeamRefusal.NotFound;
        if (invitation.AcceptedAt is null && invitation.RevokedAt is null)
        {
            invitation.RevokedAt = now;
            audit.Record(db, AuditActions.InvitationRevoked, new AuditTarget("invitation", invitation.Id.ToString(), invitation.Email));
            await db.SaveChangesAsync(cancellationToken);
        }
        return new TeamChange(1, await TeamSeats.CountAsync(db, now, cancellationToken));
    }

    private async Task SendAsync(Invitation invitation, string token, Inviter inviter, CancellationToken cancellationToken)
    {
        var info = tenant.MultiTenantContext.TenantInfo ?? throw new InvalidOperationException("Invitations are sent from a workspace.");
        var workspace = info.Name;
        var link = urls.Workspace(info.Identifier, "/" + AcceptPath + token);
        try
        {
            await mail.SendAsync(EmailTemplates.Invitation(new InvitationEmail(invitation.Email, inviter.Name, workspace, link, invitation.ExpiresAt), inviter.Culture), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The invitation stays (the admin sees it as invited and can resend); the mail server's trouble is logged.
            logger.LogError(e, "Invitation mail to {InvitationId} could not be sent.", invitation.Id);
        }
    }
}
