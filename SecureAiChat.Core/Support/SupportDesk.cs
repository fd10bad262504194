using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Email;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Support;

/// <summary>One request in the operators' queue.</summary>
public sealed record SupportQueueItem(
    SupportRequest Request,
    string WorkspaceIdentifier,
    string WorkspaceName,
    bool Overdue,
    IReadOnlyList<SupportAttachmentInfo> Attachments,
    IReadOnlyList<SupportReplyView> Replies);

/// <summary>An operator a request can be assigned to.</summary>
public sealed record SupportOperator(string Id, string Name);

/// <summary>Requests of one category in one Tokyo month (yyyy-MM), for the cycle's ticket analysis.</summary>
public sealed record SupportMonthCount(string Month, SupportCategory Category, int Count);

/// <summary>Why an operator action on a request was refused (nothing was changed).</summary>
public enum SupportDeskProblem
{
    NotFound,

    /// <summary>The request is closed (nothing more to do) or the reply is empty or too long.</summary>
    Invalid,
}

/// <summary>
/// The operators' support queue (root host, platform scope): every workspace's requests with their deadline, assignment,
/// replies (mailed to the requester in their language) and closing. This crosses tenants on purpose (<c>IgnoreQueryFilters</c>);
/// each change is one transaction with its platform audit entry. Workspace rows are changed in bulk (the platform scope may
/// not write them through the change tracker); replies are platform rows naming their workspace.
/// </summary>
public sealed partial class SupportDesk(
    IDbContextFactory<AppDbContext> contexts,
    IAuditLog audit,
    AuditActor actor,
    IEmailSender email,
    PublicUrls urls,
    TimeProvider time,
    ILogger<SupportDesk> logger)
{
    private static readonly string[] TenantFilterOnly = [TenantFilter.Name];

    /// <summary>Open and answered requests (and closed ones when asked), the most urgent deadline first.</summary>
    public async Task<IReadOnlyList<SupportQueueItem>> QueueAsync(bool includeClosed, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.SupportRequests.IgnoreQueryFilters(TenantFilterOnly).AsNoTracking();
        if (!includeClosed) query = query.Where(r => r.Status != SupportStatus.Closed);
        var requests = await query.ToListAsync(cancellationToken);
        var ids = requests.Select(r => r.Id).ToList();
        var tenantIds = requests.Select(r => r.TenantId).Distinct().ToList();
        var workspaces = await db.Tenants.AsNoTracking().Where(t => tenantIds.Contains(t.Id)).Select(t => new { t.Id, t.Identifier, t.Name })
            .ToDictionaryAsync(t => t.Id, cancellationToken);
        var attachments = await db.SupportAttachments.IgnoreQueryFilters(TenantFilterOnly).AsNoTracking().Where(a => ids.Contains(a.RequestId))
            .Select(a => new { a.RequestId, a.Id, a.FileName, a.Length }).ToListAsync(cancellationToken);
        var replies = await db.SupportReplies.AsNoTracking().Where(r => ids.Contains(r.RequestId)).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return requests
            .Where(r => workspaces.ContainsKey(r.TenantId))
            .Select(r => new SupportQueueItem(r, workspaces[r.TenantId].Identifier, workspaces[r.TenantId].Name, SupportSla.IsOverdue(r, now),
                attachments.Where(a => a.RequestId == r.Id).Select(a => new SupportAttachmentInfo(a.Id, a.FileName, a.Length)).ToList(),
                replies.Where(x => x.RequestId == r.Id).OrderBy(x => x.CreatedAt).Select(x => new SupportReplyView(x.OperatorName, x.Body, x.CreatedAt)).ToList()))
            // SQLite cannot order by DateTimeOffset: in memory. Closed last, then the nearest deadline.
            .OrderBy(i => i.Request.Status == SupportStatus.Closed).ThenBy(i => i.Request.RespondBy)
            .ToList();
    }

    /// <summary>The platform's active operators, by name.</summary>
    public async Task<IReadOnlyList<SupportOperator>> OperatorsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var role = await db.Roles.Where(r => r.Name == Roles.Operator).Select(r => r.Id).SingleAsync(cancellationToken);
        var operators = await db.Users.AsNoTracking().Where(u => u.IsActive && db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == role))
            .Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(cancellationToken);
        return operators.Select(o => new SupportOperator(o.Id, string.IsNullOrWhiteSpace(o.DisplayName) ? o.Email ?? o.Id : o.DisplayName))
            .OrderBy(o => o.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>Assigns an open or answered request to one of the platform's operators.</summary>
    public async Task<Result<SupportDeskProblem>> AssignAsync(Guid requestId, string operatorId, CancellationToken cancellationToken = default)
    {
        var assignee = (await OperatorsAsync(cancellationToken)).FirstOrDefault(o => o.Id == operatorId);
        if (assignee is null) return SupportDeskProblem.Invalid;
        return await ChangeAsync(requestId, AuditActions.SupportAssigned, new { assignee = assignee.Name },
            (requests, _) => requests.ExecuteUpdateAsync(s => s.SetProperty(r => r.AssigneeId, assignee.Id).SetProperty(r => r.AssigneeName, assignee.Name), cancellationToken),
            cancellationToken);
    }

    /// <summary>Closes a request: it leaves the queue and no longer counts as overdue.</summary>
    public Task<Result<SupportDeskProblem>> CloseAsync(Guid requestId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        return ChangeAsync(requestId, AuditActions.SupportClosed, null,
            (requests, _) => requests.ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, SupportStatus.Closed).SetProperty(r => r.ClosedAt, now), cancellationToken),
            cancellationToken);
    }

    /// <summary>Adds the operator's reply (shown in the workspace) and mails it to the requester; the first reply meets the deadline.</summary>
    public async Task<Result<SupportDeskProblem>> ReplyAsync(Guid requestId, string? body, CancellationToken cancellationToken = default)
    {
        var text = body?.Trim() ?? "";
        if (text.Length is 0 or > SupportReply.MaxBody) return SupportDeskProblem.Invalid;
        var now = time.GetUtcNow();
        var operatorName = actor.Name ?? "";
        var outcome = await ChangeAsync(requestId, AuditActions.SupportReplied, new { length = text.Length },
            async (requests, db) =>
            {
                var request = await requests.AsNoTracking().SingleAsync(cancellationToken);
                db.SupportReplies.Add(new SupportReply
                {
                    TenantId = request.TenantId, RequestId = request.Id, OperatorId = actor.UserId ?? "", OperatorName = operatorName, Body = text, CreatedAt = now,
                });
                return await requests.ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, SupportStatus.Answered)
                    .SetProperty(r => r.FirstRespondedAt, r => r.FirstRespondedAt ?? now), cancellationToken);
            }, cancellationToken);
        if (outcome.Succeeded) await MailReplyAsync(requestId, operatorName, text, cancellationToken);
        return outcome;
    }

    /// <summary>An attachment for an operator; the viewing is recorded in the platform audit chain.</summary>
    public async Task<SupportAttachmentFile?> AttachmentAsync(Guid attachmentId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var file = await db.SupportAttachments.IgnoreQueryFilters(TenantFilterOnly).AsNoTracking().Where(a => a.Id == attachmentId)
            .Select(a => new { a.RequestId, a.TenantId, File = new SupportAttachmentFile(a.FileName, a.ContentType, a.Content) }).SingleOrDefaultAsync(cancellationToken);
        if (file is null) return null;
        audit.Record(db, AuditActions.SupportAttachmentViewed, new AuditTarget("support-attachment", attachmentId.ToString(), file.File.FileName),
            new { request = file.RequestId, workspace = file.TenantId });
        await db.SaveChangesAsync(cancellationToken);
        return file.File;
    }

    /// <summary>Requests per Tokyo month and category for the last <paramref name="months"/> months (this one included), oldest first.</summary>
    public async Task<IReadOnlyList<SupportMonthCount>> MonthlyCountsAsync(int months, CancellationToken cancellationToken = default)
    {
        var now = TimeZoneInfo.ConvertTime(time.GetUtcNow(), WorkspaceTime.Tokyo);
        var first = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, now.Offset).AddMonths(1 - months);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.SupportRequests.IgnoreQueryFilters(TenantFilterOnly).AsNoTracking()
            .Select(r => new { r.CreatedAt, r.Category }).ToListAsync(cancellationToken);
        return rows.Where(r => r.CreatedAt >= first)
            .GroupBy(r => (Month: TimeZoneInfo.ConvertTime(r.CreatedAt, WorkspaceTime.Tokyo).ToString("yyyy-MM", CultureInfo.InvariantCulture), r.Category))
            .Select(g => new SupportMonthCount(g.Key.Month, g.Key.Category, g.Count()))
            .OrderBy(c => c.Month, StringComparer.Ordinal).ThenBy(c => c.Category).ToList();
    }

    /// <summary>
    /// One change of a request that is not closed, with its audit entry, in one transaction. <paramref name="change"/> gets the
    /// request as a one-row query (filter lifted, id named) and returns how many rows it changed.
    /// </summary>
    private async Task<Result<SupportDeskProblem>> ChangeAsync(Guid requestId, string action, object? details,
        Func<IQueryable<SupportRequest>, AppDbContext, Task<int>> change, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await db.SupportRequests.IgnoreQueryFilters(TenantFilterOnly).AsNoTracking().Where(r => r.Id == requestId)
            .Select(r => new { r.TenantId, r.Status, r.Id }).SingleOrDefaultAsync(cancellationToken);
        if (found is null) return SupportDeskProblem.NotFound;
        if (found.Status == SupportStatus.Closed) return SupportDeskProblem.Invalid;
        var reference = requestId.ToString("N")[..8].ToUpperInvariant();

        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var one = db.SupportRequests.IgnoreQueryFilters(TenantFilterOnly).Where(r => r.Id == requestId && r.Status != SupportStatus.Closed);
            if (await change(one, db) == 0) return (Result<SupportDeskProblem>)SupportDeskProblem.Invalid;
            audit.Record(db, action, new AuditTarget("support-request", requestId.ToString(), reference),
                new { workspace = found.TenantId, details });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return Result<SupportDeskProblem>.Ok;
        }, cancellationToken);
    }

    // After the commit: a mail that cannot be handed over is logged and does not undo the reply (the workspace shows it).
    private async Task MailReplyAsync(Guid requestId, string operatorName, string text, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var request = await db.SupportRequests.IgnoreQueryFilters(TenantFilterOnly).AsNoTracking().SingleAsync(r => r.Id == requestId, cancellationToken);
            var workspace = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == request.TenantId, cancellationToken);
            var user = await db.Users.IgnoreQueryFilters(TenantFilterOnly).AsNoTracking()
                .Where(u => u.TenantId == request.TenantId && u.Id == request.RequesterUserId).Select(u => new { u.Email, u.Culture, u.IsActive })
                .SingleOrDefaultAsync(cancellationToken);
            var to = user?.Email ?? request.RequesterEmail;
            if (string.IsNullOrEmpty(to) || user is { IsActive: false }) return;
            var culture = CultureInfo.GetCultureInfo(string.IsNullOrEmpty(user?.Culture) ? workspace.DefaultCulture : user.Culture);
            string S(string name, params object?[] args) => SupportStrings.Get(name, culture, args);
            var message = new EmailBodyBuilder(new EmailStrings(culture))
                .Heading(S("Mail_Reply_Heading"))
                .Paragraph(S("Mail_Reply_Body", workspace.Name, request.Reference))
                .Fields([(S("Mail_Reply_From"), operatorName)])
                .Paragraph(text)
                .Button(S("Mail_Reply_Open"), urls.Workspace(workspace.Identifier, "/support"))
                .Build(to, S("Mail_Reply_Subject", request.Reference));
            await email.SendAsync(message, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogMailFailed(logger, ex);
        }
    }

    [LoggerMessage(LogLevel.Warning, "The mail of a support reply could not be handed over")]
    private static partial void LogMailFailed(ILogger logger, Exception exception);
}
