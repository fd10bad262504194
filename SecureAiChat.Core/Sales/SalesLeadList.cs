using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Sales;

/// <summary>Sales inquiries for the operator console, newest first.</summary>
public sealed class SalesLeadList(AppDbContext db)
{
    /// <summary>
    /// SQLite cannot order by DateTimeOffset; leads arrive a few a week, so they are ordered in memory.
    /// </summary>
    public async Task<List<SalesLead>> RecentAsync(int take, CancellationToken cancellationToken = default) =>
        (await db.SalesLeads.AsNoTracking().ToListAsync(cancellationToken))
            .OrderByDescending(l => l.CreatedAt).Take(take).ToList();
}
