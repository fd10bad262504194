using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Email;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.DataGovernance.BreakGlass;

/// <summary>What an Owner asks for: whose conversations, why, and for how many hours (1–72).</summary>
public sealed record BreakGlassRequestInput(string? TargetUserId, string? Reason, int Hours);

/// <summary>Where a grant stands at a given time (an approved grant past its end is expired).</summary>
public enum BreakGlassState
{
    Pending,
    Open,
    Expired,
    Denied,
    Revoked,
}

/// <summary>A grant as the list shows it.</summary>
public sealed record BreakGlassView(
    Guid Id, string TargetUserId, string TargetName, string RequestedByUserId, string RequestedByName, string Reason, int Hours, DateTime RequestedAt,
    BreakGlassStatus Status, BreakGlassApproval? Approval, string? DecidedByName, DateTime? DecidedAt, string? DenyReason, DateTime? EndsAt,
    string? RevokedByName, DateTime? RevokedAt)
{
    public BreakGlassState StateAt(DateTimeOffset now) => Status switch
    {
        BreakGlassStatus.Pending => BreakGlassState.Pending,
        BreakGlassStatus.Denied => BreakGlassState.Denied,
        BreakGlassStatus.Revoked => BreakGlassState.Revoked,
        _ => EndsAt > now.UtcDateTime ? BreakGlassState.Open : BreakGlassState.Expired,
    };
}

/// <summary>Why a break-glass step was refused (nothing was saved); the page words it, resource key <c>BreakGlassProblem_{Code}</c>.</summary>
public enum BreakGlassProblem
{
    NotOwner,
    ReasonRequired,

    /// <summary>The value is the longest reason allowed.</summary>
    ReasonTooLong,

    /// <summary>Outside <see cref="BreakGlassGrant.MinHours"/>–<see cref="BreakGlassGrant.MaxHours"/>.</summary>
    Hours,
    UnknownMember,
    Self,

    /// <summary>The value is the member's name.</summary>
    AlreadyOpen,
    NotFound,
    OwnRequest,
    NotApprover,
    NotPending,
    ApproverExists,
    NotRevocable,

    /// <summary>The Owner's own confirmation (password and authenticator code) was refused.</summary>
    ConfirmNotOwner,
    ConfirmTwoFactorRequired,
    ConfirmPassword,
    ConfirmCode,
}

/// <summary>A conversation of the member as the viewer lists it (title and dates; the text only once opened).</summary>
public sealed record BreakGlassConversation(Guid Id, string Title, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>What the requester of an open grant sees: the grant and the member's conversations.</summary>
public sealed record BreakGlassViewer(BreakGlassView Grant, IReadOnlyList<BreakGlassConversation> Conversations);

/// <summary>One message of an opened conversation (read-only).</summary>
public sealed record BreakGlassMessage(MessageRole Role, string Content, string? RenderedHtml, MessageStatus Status, DateTime CreatedAt);

/// <summary>An opened conversation.</summary>
public sealed record BreakGlassTranscript(Guid ConversationId, string Title, IReadOnlyList<BreakGlassMessage> Messages);

/// <summary>An open grant on the signed-in member's conversations, for their banner.</summary>
public sealed record BreakGlassNotice(string RequestedByName, DateTime EndsAt);

/// <summary>
/// Break-glass access (緊急閲覧) in the workspace of the current scope. An Owner requests read-only access to one member's
/// conversations for 1–72 hours with a reason; another Owner or an Auditor approves or denies it (a workspace with a single
/// Owner and no Auditor: that Owner confirms with password and authenticator code instead). The member is mailed and sees a
/// banner while it is open; only the requester reads, and every conversation opened is audited. The end is checked on
/// every read from the stored time; any Owner may revoke early. Every step is audited in the same transaction as its change;
/// approval, denial and revocation are conditional updates of the row, so of two racing decisions on any instances one wins.
/// </summary>
public sealed partial class BreakGlassService(
    IDbContextFactory<AppDbContext> contexts, UserManager<AppUser> users, IAuditLog audit, TimeProvider time, IEmailSender mail,
    PublicUrls urls, IMultiTenantContextAccessor<AppTenantInfo> tenant, ILogger<BreakGlassService> logger)
{
    /// <summary>Owners request, revoke and read (page-level check; the service checks the database role too).</summary>
    public static bool MayRequest(ClaimsPrincipal user) => user is not null && user.IsInRole(Roles.Owner);

    /// <summary>Owners and Auditors see the list and decide others' requests.</summary>
    public static bool MaySee(ClaimsPrincipal user) => user is not null && (user.IsInRole(Roles.Owner) || user.IsInRole(Roles.Auditor));

    /// <summary>
    /// Whether nobody but the requester could approve: exactly one active Owner and no active Auditor. Then the Owner
    /// confirms with password and 2FA instead of a second person.
    /// </summary>
    public async Task<bool> NeedsOwnerConfirmationAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           join u in db.Users on ur.UserId equals u.Id
                           where u.IsActive && (r.Name == Roles.Owner || r.Name == Roles.Auditor)
                           select r.Name).ToListAsync(cancellationToken);
        return roles.Count(r => r == Roles.Owner) == 1 && !roles.Contains(Roles.Auditor);
    }

    /// <summary>The active members whose conversations can be requested (everyone but <paramref name="requesterId"/>).</summary>
    public async Task<IReadOnlyList<HoldCandidate>> CandidatesAsync(string requesterId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Users.AsNoTracking().Where(u => u.IsActive && u.Id != requesterId).Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(cancellationToken);
        return [.. rows.Select(u => new HoldCandidate(u.Id, Name(u.DisplayName, u.Email), u.Email)).OrderBy(u => u.Name, StringComparer.CurrentCulture)];
    }

    /// <summary>Records a request (pending), or returns the problems and saves nothing.</summary>
    public async Task<Result<Guid, BreakGlassProblem>> RequestAsync(ClaimsPrincipal actor, BreakGlassRequestInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!await IsOwnerAsync(actor)) return BreakGlassProblem.NotOwner;
        var (actorId, actorName) = Actor(actor);
        var reason = input.Reason?.Trim() ?? "";
        var problems = new List<Problem<BreakGlassProblem>>();
        if (reason.Length == 0) problems.Add(new(BreakGlassProblem.ReasonRequired));
        else if (reason.Length > BreakGlassGrant.ReasonMaxLength) problems.Add(new(BreakGlassProblem.ReasonTooLong, BreakGlassGrant.ReasonMaxLength.ToString(CultureInfo.InvariantCulture)));
        if (input.Hours is < BreakGlassGrant.MinHours or > BreakGlassGrant.MaxHours) problems.Add(new(BreakGlassProblem.Hours));

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // The query filter limits this to the workspace: another workspace's member is simply not a member.
        var target = string.IsNullOrEmpty(input.TargetUserId) ? null
            : await db.Users.AsNoTracking().Where(u => u.Id == input.TargetUserId && u.IsActive).Select(u => new { u.Id, u.DisplayName, u.Email }).SingleOrDefaultAsync(cancellationToken);
        if (target is null) problems.Add(new(BreakGlassProblem.UnknownMember));
        else if (target.Id == actorId) problems.Add(new(BreakGlassProblem.Self));
        if (problems.Count > 0) return Result<Guid, BreakGlassProblem>.Refused(problems);

        var now = time.GetUtcNow().UtcDateTime;
        var targetName = Name(target!.DisplayName, target.Email);
        if (await db.BreakGlassGrants.AnyAsync(g => g.RequestedByUserId == actorId && g.TargetUserId == target.Id
                && (g.Status == BreakGlassStatus.Pending || (g.Status == BreakGlassStatus.Approved && g.EndsAt > now)), cancellationToken))
            return new Problem<BreakGlassProblem>(BreakGlassProblem.AlreadyOpen, targetName);

        var grant = db.BreakGlassGrants.Add(new BreakGlassGrant
        {
            TargetUserId = target.Id,
            RequestedByUserId = actorId,
            RequestedByName = actorName,
            Reason = reason,
            Hours = input.Hours,
            RequestedAt = now,
            Status = BreakGlassStatus.Pending,
        }).Entity;
        audit.Record(db, AuditActions.BreakGlassRequested, AuditTarget.User(target.Id, targetName), new { grant = grant.Id, hours = input.Hours, reason });
        await db.SaveChangesAsync(cancellationToken);
        return grant.Id;
    }

    /// <summary>Approves a pending request as another Owner or an Auditor; the member is mailed.</summary>
    public async Task<Result<Guid, BreakGlassProblem>> ApproveAsync(ClaimsPrincipal actor, Guid grantId, CancellationToken cancellationToken = default)
    {
        var (actorId, _) = Actor(actor);
        var grant = await FindAsync(grantId, cancellationToken);
        if (grant is null) return BreakGlassProblem.NotFound;
        if (grant.RequestedByUserId == actorId) return BreakGlassProblem.OwnRequest;
        var approval = await DeciderRoleAsync(actor);
        if (approval is null) return BreakGlassProblem.NotApprover;
        return await ApproveAsync(actor, grant, approval.Value, AuditActions.BreakGlassApproved, cancellationToken);
    }

    /// <summary>
    /// The only Owner of a workspace without an Auditor confirms their own request with the password and a current
    /// authenticator code (no 2FA: refused, enable it first). Wrong input saves nothing (but counts toward lockout).
    /// </summary>
    public async Task<Result<Guid, BreakGlassProblem>> ConfirmAsync(ClaimsPrincipal actor, Guid grantId, string? password, string? code, CancellationToken cancellationToken = default)
    {
        var (actorId, _) = Actor(actor);
        var grant = await FindAsync(grantId, cancellationToken);
        if (grant is null || grant.RequestedByUserId != actorId) return BreakGlassProblem.NotFound;
        if (grant.Status != BreakGlassStatus.Pending) return BreakGlassProblem.NotPending;
        if (!await NeedsOwnerConfirmationAsync(cancellationToken)) return BreakGlassProblem.ApproverExists;
        var reauthentication = await OwnerReauthentication.CheckAsync(users, actor, password, code);
        if (reauthentication.Code is { } refusal)
        {
            return refusal switch
            {
                ReauthenticationRefusal.NotOwner => BreakGlassProblem.ConfirmNotOwner,
                ReauthenticationRefusal.TwoFactorRequired => BreakGlassProblem.ConfirmTwoFactorRequired,
                ReauthenticationRefusal.Password => BreakGlassProblem.ConfirmPassword,
                _ => BreakGlassProblem.ConfirmCode,
            };
        }
        return await ApproveAsync(actor, grant, BreakGlassApproval.OwnerConfirmed, AuditActions.BreakGlassConfirmed, cancellationToken);
    }

    /// <summary>Denies a pending request (another Owner or an Auditor), with an optional reason.</summary>
    public async Task<Result<Guid, BreakGlassProblem>> DenyAsync(ClaimsPrincipal actor, Guid grantId, string? reason, CancellationToken cancellationToken = default)
    {
        var (actorId, actorName) = Actor(actor);
        var grant = await FindAsync(grantId, cancellationToken);
        if (grant is null) return BreakGlassProblem.NotFound;
        if (grant.RequestedByUserId == actorId) return BreakGlassProblem.OwnRequest;
        if (await DeciderRoleAsync(actor) is null) return BreakGlassProblem.NotApprover;
        var clean = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (clean?.Length > BreakGlassGrant.ReasonMaxLength) return new Problem<BreakGlassProblem>(BreakGlassProblem.ReasonTooLong, BreakGlassGrant.ReasonMaxLength.ToString(CultureInfo.InvariantCulture));

        var now = time.GetUtcNow().UtcDateTime;
        var changed = await ConditionalAsync(
            q => q.Where(g => g.Id == grantId && g.Status == BreakGlassStatus.Pending),
            s => s.SetProperty(g => g.Status, BreakGlassStatus.Denied).SetProperty(g => g.DecidedAt, now)
                .SetProperty(g => g.DecidedByUserId, actorId).SetProperty(g => g.DecidedByName, actorName).SetProperty(g => g.DenyReason, clean),
            async db => audit.Record(db, AuditActions.BreakGlassDenied, await TargetAsync(db, grant.TargetUserId, cancellationToken), new { grant = grantId, reason = clean }),
            cancellationToken);
        return changed ? grantId : BreakGlassProblem.NotPending;
    }

    /// <summary>Ends a pending or open grant early (any Owner; the requester withdrawing their request included).</summary>
    public async Task<Result<Guid, BreakGlassProblem>> RevokeAsync(ClaimsPrincipal actor, Guid grantId, CancellationToken cancellationToken = default)
    {
        if (!await IsOwnerAsync(actor)) return BreakGlassProblem.NotOwner;
        var (actorId, actorName) = Actor(actor);
        var grant = await FindAsync(grantId, cancellationToken);
        if (grant is null) return BreakGlassProblem.NotFound;

        var now = time.GetUtcNow().UtcDateTime;
        var changed = await ConditionalAsync(
            q => q.Where(g => g.Id == grantId && (g.Status == BreakGlassStatus.Pending || (g.Status == BreakGlassStatus.Approved && g.EndsAt > now))),
            s => s.SetProperty(g => g.Status, BreakGlassStatus.Revoked).SetProperty(g => g.RevokedAt, now)
                .SetProperty(g => g.RevokedByUserId, actorId).SetProperty(g => g.RevokedByName, actorName),
            async db => audit.Record(db, AuditActions.BreakGlassRevoked, await TargetAsync(db, grant.TargetUserId, cancellationToken),
                new { grant = grantId, wasOpen = grant.Status == BreakGlassStatus.Approved }),
            cancellationToken);
        return changed ? grantId : BreakGlassProblem.NotRevocable;
    }

    /// <summary>Every grant of the workspace, pending first, then open, then the past (newest first).</summary>
    public async Task<IReadOnlyList<BreakGlassView>> ListAsync(CancellationToken cancellationToken = default)
    {
        await RecordExpiriesAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var grants = await db.BreakGlassGrants.AsNoTracking().ToListAsync(cancellationToken);
        var names = await db.Users.AsNoTracking().Select(u => new { u.Id, u.DisplayName, u.Email }).ToDictionaryAsync(u => u.Id, u => Name(u.DisplayName, u.Email), cancellationToken);
        var now = time.GetUtcNow();
        return [.. grants.Select(g => View(g, names.GetValueOrDefault(g.TargetUserId, "—")))
            .OrderBy(v => v.StateAt(now) switch { BreakGlassState.Pending => 0, BreakGlassState.Open => 1, _ => 2 })
            .ThenByDescending(v => v.RequestedAt)];
    }

    /// <summary>The member's conversations for the requester of an open grant; null otherwise (not theirs, not open, another workspace's).</summary>
    public async Task<BreakGlassViewer?> ViewerAsync(ClaimsPrincipal reader, Guid grantId, CancellationToken cancellationToken = default)
    {
        await RecordExpiriesAsync(cancellationToken);
        var grant = await OpenGrantForAsync(reader, grantId, cancellationToken);
        if (grant is null) return null;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var conversations = await db.Conversations.AsNoTracking().Where(c => c.UserId == grant.TargetUserId)
            .Select(c => new BreakGlassConversation(c.Id, c.Title, c.CreatedAt, c.UpdatedAt)).ToListAsync(cancellationToken);
        return new(View(grant, await TargetNameAsync(db, grant.TargetUserId, cancellationToken)), [.. conversations.OrderByDescending(c => c.UpdatedAt)]);
    }

    /// <summary>
    /// Opens one of the member's conversations under an open grant. The opening (grant and conversation id, never the
    /// content) is committed to the audit log before the text is read; null when not allowed or not the member's.
    /// </summary>
    public async Task<BreakGlassTranscript?> OpenConversationAsync(ClaimsPrincipal reader, Guid grantId, Guid conversationId, CancellationToken cancellationToken = default)
    {
        var grant = await OpenGrantForAsync(reader, grantId, cancellationToken);
        if (grant is null) return null;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var conversation = await db.Conversations.AsNoTracking().Where(c => c.Id == conversationId && c.UserId == grant.TargetUserId)
            .Select(c => new { c.Id, c.Title }).SingleOrDefaultAsync(cancellationToken);
        if (conversation is null) return null;
        audit.Record(db, AuditActions.BreakGlassConversationOpened, new AuditTarget("conversation", conversation.Id.ToString("D")),
            new { grant = grantId, member = grant.TargetUserId });
        await db.SaveChangesAsync(cancellationToken);
        var messages = await db.Set<ConversationMessage>().AsNoTracking().Where(m => m.ConversationId == conversation.Id)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Select(m => new BreakGlassMessage(m.Role, m.Content, m.RenderedHtml, m.Status, m.CreatedAt)).ToListAsync(cancellationToken);
        return new(conversation.Id, conversation.Title, messages);
    }

    /// <summary>The open grants on <paramref name="userId"/>'s conversations (their banner).</summary>
    public async Task<IReadOnlyList<BreakGlassNotice>> NoticesForAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var open = await db.BreakGlassGrants.AsNoTracking().Where(g => g.TargetUserId == userId && g.Status == BreakGlassStatus.Approved && g.EndsAt > now)
            .Select(g => new BreakGlassNotice(g.RequestedByName, g.EndsAt!.Value)).ToListAsync(cancellationToken);
        return [.. open.OrderBy(n => n.EndsAt)];
    }

    /// <summary>
    /// Writes one <c>content.break_glass.expired</c> entry for each approved grant past its end that has none yet. The
    /// access itself already ended at its end time (every read checks it); this is only the record, claimed by a
    /// conditional update so that the job and a page on another instance never both write it.
    /// </summary>
    public async Task<int> RecordExpiriesAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        List<BreakGlassGrant> due;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            due = await db.BreakGlassGrants.AsNoTracking()
                .Where(g => g.Status == BreakGlassStatus.Approved && g.EndsAt <= now && g.ExpiryRecordedAt == null).ToListAsync(cancellationToken);
        }

        var recorded = 0;
        foreach (var grant in due)
        {
            if (await ConditionalAsync(
                    q => q.Where(g => g.Id == grant.Id && g.Status == BreakGlassStatus.Approved && g.EndsAt <= now && g.ExpiryRecordedAt == null),
                    s => s.SetProperty(g => g.ExpiryRecordedAt, now),
                    async db => audit.Record(db, AuditActions.BreakGlassExpired, await TargetAsync(db, grant.TargetUserId, cancellationToken),
                        new { grant = grant.Id, endsAt = grant.EndsAt }),
                    cancellationToken))
                recorded++;
        }

        return recorded;
    }

    private async Task<Result<Guid, BreakGlassProblem>> ApproveAsync(ClaimsPrincipal actor, BreakGlassGrant grant, BreakGlassApproval approval, string action, CancellationToken cancellationToken)
    {
        var (actorId, actorName) = Actor(actor);
        var now = time.GetUtcNow().UtcDateTime;
        var endsAt = now.AddHours(grant.Hours);
        var changed = await ConditionalAsync(
            q => q.Where(g => g.Id == grant.Id && g.Status == BreakGlassStatus.Pending),
            s => s.SetProperty(g => g.Status, BreakGlassStatus.Approved).SetProperty(g => g.Approval, approval).SetProperty(g => g.DecidedAt, now)
                .SetProperty(g => g.DecidedByUserId, actorId).SetProperty(g => g.DecidedByName, actorName).SetProperty(g => g.EndsAt, endsAt),
            async db => audit.Record(db, action, await TargetAsync(db, grant.TargetUserId, cancellationToken),
                new { grant = grant.Id, approval = approval.ToString(), requestedBy = grant.RequestedByUserId, hours = grant.Hours, endsAt }),
            cancellationToken);
        if (!changed) return BreakGlassProblem.NotPending;
        await MailMemberAsync(grant, endsAt, cancellationToken);
        return grant.Id;
    }

    // One conditional UPDATE and its audit entry in one transaction: the UPDATE matches the row only in the expected
    // state, so of two racing callers (any instances) exactly one changes it and records it; the other changes nothing.
    private async Task<bool> ConditionalAsync(
        Func<IQueryable<BreakGlassGrant>, IQueryable<BreakGlassGrant>> match,
        Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<BreakGlassGrant>> set,
        Func<AppDbContext, Task> record,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (await match(db.BreakGlassGrants).ExecuteUpdateAsync(set, ct) == 0) return false;
            await record(db);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }, cancellationToken);
    }

    // The mail goes after the commit (a mail cannot be rolled back). If it cannot be sent the access stays approved:
    // the member still sees the banner in the app, and the failure is logged for the operators.
    private async Task MailMemberAsync(BreakGlassGrant grant, DateTime endsAt, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var member = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == grant.TargetUserId, cancellationToken);
            var workspace = tenant.MultiTenantContext.TenantInfo;
            if (member?.Email is not { Length: > 0 } address || workspace is null) return;
            var culture = CultureInfo.GetCultureInfo(member.Culture is { Length: > 0 } c ? c : workspace.DefaultCulture);
            await mail.SendAsync(EmailTemplates.BreakGlassOpened(new BreakGlassOpenedEmail(
                address, Name(member.DisplayName, member.Email), workspace.Name, grant.RequestedByName,
                new DateTimeOffset(DateTime.SpecifyKind(endsAt, DateTimeKind.Utc)), urls.Workspace(workspace.Identifier, "/chat")), culture), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogMailFailed(ex, grant.Id);
        }
    }

    private async Task<BreakGlassGrant?> FindAsync(Guid grantId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.BreakGlassGrants.AsNoTracking().SingleOrDefaultAsync(g => g.Id == grantId, cancellationToken);
    }

    // Only the requester, still an Owner, and only while the stored end is in the future: the end is enforced here,
    // on every read, not by a job that might run late.
    private async Task<BreakGlassGrant?> OpenGrantForAsync(ClaimsPrincipal reader, Guid grantId, CancellationToken cancellationToken)
    {
        var grant = await FindAsync(grantId, cancellationToken);
        if (grant is null || grant.RequestedByUserId != Actor(reader).Id || !grant.IsOpen(time.GetUtcNow().UtcDateTime)) return null;
        return await IsOwnerAsync(reader) ? grant : null;
    }

    private async Task<bool> IsOwnerAsync(ClaimsPrincipal principal) =>
        principal.IsInRole(Roles.Owner) && await users.GetUserAsync(principal) is { IsActive: true } user && await users.IsInRoleAsync(user, Roles.Owner);

    private async Task<BreakGlassApproval?> DeciderRoleAsync(ClaimsPrincipal principal)
    {
        if (await users.GetUserAsync(principal) is not { IsActive: true } user) return null;
        if (principal.IsInRole(Roles.Owner) && await users.IsInRoleAsync(user, Roles.Owner)) return BreakGlassApproval.SecondOwner;
        if (principal.IsInRole(Roles.Auditor) && await users.IsInRoleAsync(user, Roles.Auditor)) return BreakGlassApproval.Auditor;
        return null;
    }

    private static async Task<AuditTarget> TargetAsync(AppDbContext db, string userId, CancellationToken cancellationToken) =>
        AuditTarget.User(userId, await TargetNameAsync(db, userId, cancellationToken));

    private static async Task<string> TargetNameAsync(AppDbContext db, string userId, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.DisplayName == "" ? u.Email : u.DisplayName).SingleOrDefaultAsync(cancellationToken) ?? "—";

    private static BreakGlassView View(BreakGlassGrant g, string targetName) => new(
        g.Id, g.TargetUserId, targetName, g.RequestedByUserId, g.RequestedByName, g.Reason, g.Hours, g.RequestedAt, g.Status, g.Approval,
        g.DecidedByName, g.DecidedAt, g.DenyReason, g.EndsAt, g.RevokedByName, g.RevokedAt);

    private static (string Id, string Name) Actor(ClaimsPrincipal actor) =>
        (actor.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
         actor.FindFirstValue(AppClaimTypes.DisplayName) is { Length: > 0 } name ? name : actor.FindFirstValue(ClaimTypes.Email) ?? actor.Identity?.Name ?? "");

    private static string Name(string displayName, string? email) => string.IsNullOrWhiteSpace(displayName) ? email ?? "" : displayName;

    [LoggerMessage(Level = LogLevel.Error, Message = "The break-glass notice for grant {GrantId} could not be mailed to the member")]
    private partial void LogMailFailed(Exception exception, Guid grantId);
}
