using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Results;

namespace SecureAiChat.Core.FeatureRequests;

/// <summary>A request as operators see it: which workspace, its votes, its topic. No chat content is involved anywhere.</summary>
public sealed record FeatureBoardRequest(
    Guid Id, string TenantId, string WorkspaceIdentifier, string WorkspaceName, string Title, string Description, int Votes,
    FeatureRequestStatus Status, string? PublicNote, Guid? TopicId, DateTimeOffset CreatedAt);

/// <summary>A topic with the totals of the requests filed under it.</summary>
public sealed record FeatureBoardTopic(Guid Id, string Name, int Requests, int Votes, int Workspaces);

/// <summary>Why an operator change of feature requests was refused (nothing was changed).</summary>
public enum FeatureBoardProblem
{
    /// <summary>No request chosen, or a name or note over its limit.</summary>
    Invalid,

    /// <summary>None of the chosen requests exists any more.</summary>
    NotFound,
}

/// <summary>
/// The operators' view of every workspace's feature requests (root host, platform scope), merged by topic: an operator files
/// requests under a topic and sets their status with a public note members see. The filter is lifted on purpose; changes are
/// bulk updates of the named rows, each in one transaction with its platform audit entry.
/// </summary>
public sealed class FeatureBoard(IDbContextFactory<AppDbContext> contexts, IAuditLog audit, TimeProvider time)
{
    private static readonly string[] TenantFilterOnly = [TenantFilter.Name];

    public async Task<IReadOnlyList<FeatureBoardRequest>> RequestsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var votes = db.FeatureVotes.IgnoreQueryFilters(TenantFilterOnly);
        var rows = await db.FeatureRequests.IgnoreQueryFilters(TenantFilterOnly).AsNoTracking()
            .Join(db.Tenants, r => r.TenantId, t => t.Id, (r, t) => new
            {
                r.Id, r.TenantId, t.Identifier, t.Name, r.Title, r.Description, Votes = votes.Count(v => v.RequestId == r.Id), r.Status, r.PublicNote, r.TopicId, r.CreatedAt,
            })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new FeatureBoardRequest(r.Id, r.TenantId, r.Identifier, r.Name, r.Title, r.Description, r.Votes, r.Status, r.PublicNote, r.TopicId, r.CreatedAt))
            .OrderByDescending(r => r.Votes).ThenByDescending(r => r.CreatedAt).ToList();
    }

    /// <summary>Topics with their totals, most voted first.</summary>
    public static IReadOnlyList<FeatureBoardTopic> Totals(IEnumerable<FeatureTopic> topics, IReadOnlyList<FeatureBoardRequest> requests) =>
        topics.Select(t =>
            {
                var filed = requests.Where(r => r.TopicId == t.Id).ToList();
                return new FeatureBoardTopic(t.Id, t.Name, filed.Count, filed.Sum(r => r.Votes), filed.Select(r => r.TenantId).Distinct().Count());
            })
            .OrderByDescending(t => t.Votes).ThenBy(t => t.Name, StringComparer.Ordinal).ToList();

    public async Task<IReadOnlyList<FeatureTopic>> TopicsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.FeatureTopics.AsNoTracking().ToListAsync(cancellationToken);
    }

    /// <summary>Files the requests under the topic named <paramref name="topicName"/> (created when new); a blank name unfiles them.</summary>
    public async Task<Result<FeatureBoardProblem>> AssignTopicAsync(IReadOnlyCollection<Guid> requestIds, string? topicName, CancellationToken cancellationToken = default)
    {
        var name = topicName?.Trim() ?? "";
        if (requestIds.Count == 0 || name.Length > FeatureTopic.MaxName) return FeatureBoardProblem.Invalid;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            Guid? topicId = null;
            if (name.Length > 0)
            {
                var topic = await db.FeatureTopics.SingleOrDefaultAsync(t => t.Name == name, ct);
                if (topic is null)
                {
                    topic = new FeatureTopic { Name = name, CreatedAt = time.GetUtcNow() };
                    db.FeatureTopics.Add(topic);
                }
                topicId = topic.Id;
            }

            var changed = await db.FeatureRequests.IgnoreQueryFilters(TenantFilterOnly).Where(r => requestIds.Contains(r.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.TopicId, topicId), ct);
            if (changed == 0) return (Result<FeatureBoardProblem>)FeatureBoardProblem.NotFound;
            audit.Record(db, AuditActions.FeatureTopicAssigned, new AuditTarget("feature-topic", topicId?.ToString(), name.Length > 0 ? name : null),
                new { requests = requestIds.Count, changed });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return Result<FeatureBoardProblem>.Ok;
        }, cancellationToken);
    }

    /// <summary>Sets the status and public note of the requests (a whole topic at once, or one request).</summary>
    public async Task<Result<FeatureBoardProblem>> SetStatusAsync(IReadOnlyCollection<Guid> requestIds, FeatureRequestStatus status, string? publicNote,
        CancellationToken cancellationToken = default)
    {
        var note = string.IsNullOrWhiteSpace(publicNote) ? null : publicNote.Trim();
        if (requestIds.Count == 0 || !Enum.IsDefined(status) || note?.Length > FeatureRequest.MaxNote) return FeatureBoardProblem.Invalid;
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var changed = await db.FeatureRequests.IgnoreQueryFilters(TenantFilterOnly).Where(r => requestIds.Contains(r.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, status).SetProperty(r => r.PublicNote, note).SetProperty(r => r.StatusChangedAt, now), ct);
            if (changed == 0) return (Result<FeatureBoardProblem>)FeatureBoardProblem.NotFound;
            audit.Record(db, AuditActions.FeatureStatusSet, new AuditTarget("feature-request", requestIds.Count == 1 ? requestIds.First().ToString() : null),
                new { status = status.ToString(), note, requests = changed });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return Result<FeatureBoardProblem>.Ok;
        }, cancellationToken);
    }
}
