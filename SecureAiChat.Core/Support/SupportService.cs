using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Support;

/// <summary>Why a support request was not sent (resx keys <c>SupportError_X</c> of the support page; the value of <see cref="TooManyAttachments"/> is the most files allowed).</summary>
public enum SupportError
{
    DescriptionRequired,
    DescriptionTooLong,
    CategoryInvalid,
    PriorityInvalid,
    TooManyAttachments,
    AttachmentTooLarge,
    AttachmentNotImage,
}

/// <summary>A file the member chose. <paramref name="Content"/> is null when the page did not read it because it was too large.</summary>
public sealed record SupportUpload(string FileName, long Size, byte[]? Content);

/// <summary>What the support form sends.</summary>
public sealed record SupportSubmission(SupportCategory Category, SupportPriority Priority, string? Description, IReadOnlyList<SupportUpload> Attachments);


public sealed record SupportAttachmentInfo(Guid Id, string FileName, int Length);

public sealed record SupportReplyView(string OperatorName, string Body, DateTimeOffset CreatedAt);

/// <summary>A request with its screenshots and the operators' replies, as its workspace sees it.</summary>
public sealed record SupportRequestView(SupportRequest Request, IReadOnlyList<SupportAttachmentInfo> Attachments, IReadOnlyList<SupportReplyView> Replies);

/// <summary>An attachment's bytes to send back, with the content type its magic bytes gave at upload.</summary>
public sealed record SupportAttachmentFile(string FileName, string ContentType, byte[] Content);

/// <summary>
/// The workspace's side of support: any member sends a request (with up to <see cref="SupportImages.MaxCount"/> checked
/// screenshots) and follows its status and replies; Owners and Admins see all of the workspace's requests. The request, its
/// attachments and the audit entry are one SaveChanges: a refused file leaves nothing behind.
/// </summary>
public sealed class SupportService(IDbContextFactory<AppDbContext> contexts, IMultiTenantContextAccessor<AppTenantInfo> tenant, IAuditLog audit, TimeProvider time)
{
    /// <summary>The support level of the workspace's current plan (Basic when the plan code is unknown).</summary>
    public SupportLevel CurrentLevel() =>
        PlanCatalog.TryFind(tenant.MultiTenantContext.TenantInfo?.Plan, out var plan) ? plan.Support : SupportLevel.Basic;

    public async Task<Result<Guid, SupportError>> SubmitAsync(string userId, string email, SupportSubmission submission, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var errors = Check(submission);
        if (errors.Count > 0) return Result<Guid, SupportError>.Refused(errors);

        var now = time.GetUtcNow();
        var level = CurrentLevel();
        var request = new SupportRequest
        {
            RequesterUserId = userId,
            RequesterEmail = email,
            Category = submission.Category,
            Priority = submission.Priority,
            Description = submission.Description!.Trim(),
            Status = SupportStatus.Open,
            Level = level,
            CreatedAt = now,
            RespondBy = SupportSla.RespondBy(level, now),
        };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.SupportRequests.Add(request);
        foreach (var upload in submission.Attachments)
        {
            db.SupportAttachments.Add(new SupportAttachment
            {
                RequestId = request.Id,
                FileName = SupportImages.CleanName(upload.FileName),
                ContentType = SupportImages.Detect(upload.Content)!,
                Length = upload.Content!.Length,
                Content = upload.Content,
                CreatedAt = now,
            });
        }

        audit.Record(db, AuditActions.SupportRequested, new AuditTarget("support-request", request.Id.ToString(), request.Reference), new
        {
            category = request.Category.ToString(),
            priority = request.Priority.ToString(),
            level = level.ToString(),
            attachments = submission.Attachments.Count,
        });
        await db.SaveChangesAsync(cancellationToken);
        return request.Id;
    }

    /// <summary>Every check before anything is written, so a bad file refuses the whole request.</summary>
    public static IReadOnlyList<Problem<SupportError>> Check(SupportSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var errors = new List<Problem<SupportError>>();
        if (!Enum.IsDefined(submission.Category)) errors.Add(new(SupportError.CategoryInvalid));
        if (!Enum.IsDefined(submission.Priority)) errors.Add(new(SupportError.PriorityInvalid));
        var description = submission.Description?.Trim() ?? "";
        if (description.Length == 0) errors.Add(new(SupportError.DescriptionRequired));
        else if (description.Length > SupportRequest.MaxDescription) errors.Add(new(SupportError.DescriptionTooLong));
        if (submission.Attachments.Count > SupportImages.MaxCount) errors.Add(new(SupportError.TooManyAttachments, SupportImages.MaxCount.ToString(CultureInfo.InvariantCulture)));
        if (submission.Attachments.Any(a => a.Size > SupportImages.MaxBytes || a.Content is null || a.Content.Length > SupportImages.MaxBytes))
            errors.Add(new(SupportError.AttachmentTooLarge));
        else if (submission.Attachments.Any(a => SupportImages.Detect(a.Content) is null)) errors.Add(new(SupportError.AttachmentNotImage));
        return errors;
    }

    /// <summary>The member's own requests, or (<paramref name="wholeWorkspace"/>, for Owners and Admins) all of the workspace's; newest first.</summary>
    public async Task<IReadOnlyList<SupportRequestView>> ListAsync(string userId, bool wholeWorkspace, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.SupportRequests.AsNoTracking();
        if (!wholeWorkspace) query = query.Where(r => r.RequesterUserId == userId);
        var requests = await query.ToListAsync(cancellationToken);
        var ids = requests.Select(r => r.Id).ToList();
        var attachments = await db.SupportAttachments.AsNoTracking().Where(a => ids.Contains(a.RequestId))
            .Select(a => new { a.RequestId, a.Id, a.FileName, a.Length }).ToListAsync(cancellationToken);
        // Replies are platform rows: read only those of requests this workspace's filter returned, and of this workspace.
        var tenantId = db.CurrentTenantId;
        var replies = await db.SupportReplies.AsNoTracking().Where(r => r.TenantId == tenantId && ids.Contains(r.RequestId)).ToListAsync(cancellationToken);
        return requests.OrderByDescending(r => r.CreatedAt).Select(r => new SupportRequestView(r,
                attachments.Where(a => a.RequestId == r.Id).Select(a => new SupportAttachmentInfo(a.Id, a.FileName, a.Length)).ToList(),
                replies.Where(x => x.RequestId == r.Id).OrderBy(x => x.CreatedAt).Select(x => new SupportReplyView(x.OperatorName, x.Body, x.CreatedAt)).ToList()))
            .ToList();
    }

    /// <summary>An attachment for its requester or the workspace's Owners and Admins; null (not found) for anyone else or another workspace.</summary>
    public async Task<SupportAttachmentFile?> AttachmentAsync(Guid id, string userId, bool isWorkspaceAdmin, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var file = await db.SupportAttachments.AsNoTracking()
            .Where(a => a.Id == id && (isWorkspaceAdmin || db.SupportRequests.Any(r => r.Id == a.RequestId && r.RequesterUserId == userId)))
            .Select(a => new SupportAttachmentFile(a.FileName, a.ContentType, a.Content)).SingleOrDefaultAsync(cancellationToken);
        return file;
    }
}
