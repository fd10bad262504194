using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Results;

namespace SecureAiChat.Core.FeatureRequests;

/// <summary>Why a feature request was not posted (resx keys <c>FeatureRequestError_X</c> of the feature requests page).</summary>
public enum FeatureRequestError
{
    TitleRequired,
    TitleTooLong,
    DescriptionTooLong,
}

/// <summary>A request as its workspace sees it: votes of this workspace, the member's own vote, the operators' status and note.</summary>
public sealed record FeatureRequestView(
    Guid Id, string Title, string Description, FeatureRequestStatus Status, string? PublicNote, int Votes, bool VotedByMe, bool Mine, DateTimeOffset CreatedAt);

/// <summary>
/// The workspace's feature requests: members post them and vote, one vote each (a unique index guards it, a second click takes
/// the vote back). Votes and requests never leave the workspace's rows; the operators read them across workspaces.
/// </summary>
public sealed class FeatureRequestService(IDbContextFactory<AppDbContext> contexts, IAuditLog audit, TimeProvider time)
{
    /// <summary>Posts a request; its author's vote comes with it.</summary>
    public async Task<Result<FeatureRequestError>> PostAsync(string userId, string? title, string? description, CancellationToken cancellationToken = default)
    {
        var cleanTitle = title?.Trim() ?? "";
        var cleanDescription = description?.Trim() ?? "";
        var errors = new List<Problem<FeatureRequestError>>();
        if (cleanTitle.Length == 0) errors.Add(new(FeatureRequestError.TitleRequired));
        else if (cleanTitle.Length > FeatureRequest.MaxTitle) errors.Add(new(FeatureRequestError.TitleTooLong));
        if (cleanDescription.Length > FeatureRequest.MaxDescription) errors.Add(new(FeatureRequestError.DescriptionTooLong));
        if (errors.Count > 0) return Result<FeatureRequestError>.Refused(errors);

        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var request = new FeatureRequest { AuthorUserId = userId, Title = cleanTitle, Description = cleanDescription, CreatedAt = now };
        db.FeatureRequests.Add(request);
        db.FeatureVotes.Add(new FeatureVote { RequestId = request.Id, UserId = userId, CreatedAt = now });
        audit.Record(db, AuditActions.FeatureRequested, new AuditTarget("feature-request", request.Id.ToString(), cleanTitle));
        await db.SaveChangesAsync(cancellationToken);
        return Result<FeatureRequestError>.Ok;
    }

    /// <summary>The workspace's requests, most voted first.</summary>
    public async Task<IReadOnlyList<FeatureRequestView>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.FeatureRequests.AsNoTracking()
            .Select(r => new
            {
                r.Id, r.Title, r.Description, r.Status, r.PublicNote, r.AuthorUserId, r.CreatedAt,
                Votes = db.FeatureVotes.Count(v => v.RequestId == r.Id),
                VotedByMe = db.FeatureVotes.Any(v => v.RequestId == r.Id && v.UserId == userId),
            })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new FeatureRequestView(r.Id, r.Title, r.Description, r.Status, r.PublicNote, r.Votes, r.VotedByMe, r.AuthorUserId == userId, r.CreatedAt))
            .OrderByDescending(r => r.Votes).ThenByDescending(r => r.CreatedAt).ToList();
    }

    /// <summary>Adds the member's vote, or takes it back when there is one. Null when the request is not in this workspace.</summary>
    public async Task<bool?> ToggleVoteAsync(string userId, Guid requestId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.FeatureRequests.AnyAsync(r => r.Id == requestId, cancellationToken)) return null;
        var existing = await db.FeatureVotes.Where(v => v.RequestId == requestId && v.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        if (existing > 0) return false;
        db.FeatureVotes.Add(new FeatureVote { RequestId = requestId, UserId = userId, CreatedAt = time.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A second click (another tab, another instance) voted between the delete and the insert: the index kept it to one.
            if (!await db.FeatureVotes.AnyAsync(v => v.RequestId == requestId && v.UserId == userId, cancellationToken)) throw;
        }

        return true;
    }
}
