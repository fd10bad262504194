using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Feedback;

/// <summary>One feedback entry as the operator console shows it, with the workspace it came from.</summary>
public sealed record FeedbackInboxItem(Guid Id, string WorkspaceIdentifier, string WorkspaceName, int Rating, string Text, DateTimeOffset CreatedAt);

/// <summary>
/// Feedback from every workspace for platform operators. This deliberately crosses tenants
/// (<c>IgnoreQueryFilters</c>), so it is read-only and reached only from the operator console.
/// </summary>
public sealed class FeedbackInbox(AppDbContext db)
{
    /// <summary>Newest first; SQLite cannot order by DateTimeOffset, so the last entries are ordered in memory.</summary>
    public async Task<List<FeedbackInboxItem>> RecentAsync(int take, CancellationToken cancellationToken = default)
    {
        var entries = await db.FeedbackEntries.IgnoreQueryFilters([TenantFilter.Name]).AsNoTracking()
            .Join(db.Tenants, f => f.TenantId, t => t.Id, (f, t) => new FeedbackInboxItem(f.Id, t.Identifier, t.Name, f.Rating, f.Text, f.CreatedAt))
            .ToListAsync(cancellationToken);
        return entries.OrderByDescending(f => f.CreatedAt).Take(take).ToList();
    }
}
