using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Satisfaction;

/// <summary>One month of survey results (platform-wide or for one workspace).</summary>
/// <param name="Month">yyyyMM.</param>
/// <param name="ActiveMembers">Members active now (the denominator of the response rate).</param>
/// <param name="Answers">Members who gave a score.</param>
/// <param name="Dismissals">Members who closed the survey without a score.</param>
/// <param name="Average">Average score, null without answers.</param>
public sealed record SatisfactionMonth(int Month, int ActiveMembers, int Answers, int Dismissals, double? Average)
{
    /// <summary>Answers per active member, 0 to 1.</summary>
    public double ResponseRate => ActiveMembers == 0 ? 0 : Math.Min(1, (double)Answers / ActiveMembers);
}

/// <summary>A workspace's results of one month.</summary>
public sealed record SatisfactionWorkspace(string TenantId, string Identifier, string Name, SatisfactionMonth Result);

/// <summary>A comment as operators read it: score, workspace, month. Never who wrote it.</summary>
public sealed record SatisfactionComment(int Month, string WorkspaceIdentifier, int Score, string Text, DateTimeOffset AnsweredAt);

/// <summary>Everything the operator console shows about the survey.</summary>
public sealed record SatisfactionOverview(
    IReadOnlyList<SatisfactionMonth> Trend, IReadOnlyList<SatisfactionWorkspace> Workspaces, IReadOnlyList<SatisfactionComment> Comments);

/// <summary>
/// The survey results for operators (root host): response rate, average and trend per month, platform-wide and per workspace,
/// with the comments. Reads across workspaces on purpose; members are counted, never named.
/// </summary>
public sealed class SatisfactionReport(IDbContextFactory<AppDbContext> contexts, TimeProvider time)
{
    private static readonly string[] TenantFilterOnly = [TenantFilter.Name];

    /// <summary>The last <paramref name="months"/> months (oldest first) and this month's results per workspace.</summary>
    public async Task<SatisfactionOverview> OverviewAsync(int months, CancellationToken cancellationToken = default)
    {
        var current = SurveySchedule.MonthOf(time.GetUtcNow());
        var monthList = new List<int> { current };
        while (monthList.Count < months) monthList.Insert(0, SurveySchedule.PreviousMonth(monthList[0]));
        var first = monthList[0];

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var workspaces = await db.Tenants.AsNoTracking().Where(t => t.Status == TenantStatus.Active)
            .Select(t => new { t.Id, t.Identifier, t.Name }).ToListAsync(cancellationToken);
        var ids = workspaces.Select(w => w.Id).ToList();
        var members = await db.Users.IgnoreQueryFilters(TenantFilterOnly).AsNoTracking().Where(u => u.IsActive && ids.Contains(u.TenantId))
            .GroupBy(u => u.TenantId).Select(g => new { TenantId = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.TenantId, g => g.Count, cancellationToken);
        var responses = await db.SatisfactionResponses.IgnoreQueryFilters(TenantFilterOnly).AsNoTracking().Where(r => r.Month >= first)
            .Select(r => new { r.TenantId, r.Month, r.Score, r.Comment, r.AnsweredAt }).ToListAsync(cancellationToken);
        var allMembers = members.Values.Sum();

        SatisfactionMonth Summarize(int month, int active, IEnumerable<int?> scores)
        {
            var list = scores.ToList();
            var answered = list.Where(s => s is not null).Select(s => s!.Value).ToList();
            return new(month, active, answered.Count, list.Count - answered.Count, answered.Count == 0 ? null : answered.Average());
        }

        var trend = monthList.Select(m => Summarize(m, allMembers, responses.Where(r => r.Month == m).Select(r => r.Score))).ToList();
        var perWorkspace = workspaces.Select(w => new SatisfactionWorkspace(w.Id, w.Identifier, w.Name,
                Summarize(current, members.GetValueOrDefault(w.Id), responses.Where(r => r.TenantId == w.Id && r.Month == current).Select(r => r.Score))))
            .OrderBy(w => w.Identifier, StringComparer.Ordinal).ToList();
        var identifiers = workspaces.ToDictionary(w => w.Id, w => w.Identifier);
        var comments = responses.Where(r => r.Score is not null && !string.IsNullOrEmpty(r.Comment) && identifiers.ContainsKey(r.TenantId))
            .OrderByDescending(r => r.AnsweredAt)
            .Select(r => new SatisfactionComment(r.Month, identifiers[r.TenantId], r.Score!.Value, r.Comment!, r.AnsweredAt)).ToList();
        return new(trend, perWorkspace, comments);
    }
}
