using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Settings;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Operations;

/// <summary>
/// One workspace as the operator console lists it: who it is, what it pays for, how much of it is used. Counts and
/// sums only, never anything a member wrote.
/// </summary>
/// <param name="SeatLimit">The plan's seats (or the contract's custom seats); null: unlimited.</param>
/// <param name="ActiveMembers7Days">Active members seen in the last 7 days.</param>
/// <param name="TokensThisMonth">Input + output tokens of the workspace's current month (its time zone), from the daily rollups.</param>
/// <param name="CostYenThisMonth">Estimated cost of those tokens in JPY; models without a price count as 0.</param>
/// <param name="FailedAnswers24Hours">Failed answers in the last 24 hours, from the hourly rollups.</param>
/// <param name="LastActivity">The latest time a member was seen; null: never.</param>
public sealed record TenantSummary(
    string TenantId,
    string Identifier,
    string Company,
    string Plan,
    TenantStatus Status,
    int SeatsUsed,
    int? SeatLimit,
    int ActiveMembers7Days,
    long TokensThisMonth,
    decimal CostYenThisMonth,
    AiProviderChoice Provider,
    int FailedAnswers24Hours,
    DateTimeOffset? LastActivity,
    DateTimeOffset CreatedAt,
    DateTimeOffset? TrialEndsAt = null)
{
    /// <summary>On a running PoC trial (active, not converted): the list shows the status "trial" instead of "active".</summary>
    public bool OnTrial => TrialEndsAt is not null && Status == TenantStatus.Active;

    /// <summary>The status as the console names it: a <see cref="TenantStatus"/>, or "Trial" for a running trial.</summary>
    public string DisplayStatus => OnTrial ? TenantListFilter.TrialStatus : Status.ToString();
}

/// <summary>Tokens and estimated cost of one day (the workspace's time zone).</summary>
public sealed record TenantUsageDay(DateOnly Day, long Tokens, decimal CostYen);

/// <summary>The tenant page: the list's figures plus the contract, plan history, provisioning, daily usage and the operators' entries.</summary>
public sealed record TenantDetail(
    TenantSummary Summary,
    AppTenantInfo Tenant,
    IReadOnlyList<PlanChange> PlanHistory,
    Provisioning.ProvisioningRequest? Provisioning,
    IReadOnlyList<TenantUsageDay> Usage,
    IReadOnlyList<Audit.PlatformAuditEntry> AuditEntries,
    int IpAllowListEntries);

/// <summary>
/// What the operator narrows the list to: a search over identifier and company, a plan, a status. A running trial has the
/// status "trial" (<see cref="TrialOnly"/>), not "active".
/// </summary>
public sealed record TenantListFilter(string? Search = null, string? Plan = null, TenantStatus? Status = null, bool TrialOnly = false)
{
    /// <summary>The status filter's value for running trials.</summary>
    public const string TrialStatus = "Trial";

    /// <summary>A filter from the status filter's text (a <see cref="TenantStatus"/> name or "Trial"); false when the text is neither.</summary>
    public static bool TryCreate(string? search, string? plan, string? status, out TenantListFilter filter)
    {
        filter = new(search, plan);
        if (string.IsNullOrEmpty(status)) return true;
        if (string.Equals(status, TrialStatus, StringComparison.OrdinalIgnoreCase))
        {
            filter = filter with { TrialOnly = true };
            return true;
        }
        if (!Enum.TryParse<TenantStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed)) return false;
        filter = filter with { Status = parsed };
        return true;
    }

    public bool Matches(TenantSummary tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var search = Search?.Trim();
        return (string.IsNullOrEmpty(search)
                || tenant.Identifier.Contains(search, StringComparison.OrdinalIgnoreCase)
                || tenant.Company.Contains(search, StringComparison.OrdinalIgnoreCase))
            && (string.IsNullOrEmpty(Plan) || string.Equals(tenant.Plan, Plan, StringComparison.OrdinalIgnoreCase))
            && (Status is null || (tenant.Status == Status && !tenant.OnTrial))
            && (!TrialOnly || tenant.OnTrial);
    }
}

/// <summary>
/// Every workspace at a glance for the operator console (root host, platform scope). Usage comes from the rollups the
/// usage job keeps (daily for the month, hourly for the last 24 hours), so the list costs a few grouped queries however
/// much the workspaces chat; the figures lag the rollup job by its interval.
/// </summary>
public sealed class TenantDirectory(AppDbContext db, TimeProvider time)
{
    /// <summary>How many days the tenant page's usage chart shows.</summary>
    public const int ChartDays = 30;

    public async Task<IReadOnlyList<TenantSummary>> ListAsync(TenantListFilter? filter = null, CancellationToken cancellationToken = default) =>
        (await SummariesAsync(null, cancellationToken)).Where(t => filter?.Matches(t) ?? true).OrderBy(t => t.Identifier, StringComparer.Ordinal).ToList();

    /// <summary>One workspace for the tenant page: its figures, plan history, provisioning, usage by day and the operators' entries about it.</summary>
    public async Task<TenantDetail?> GetAsync(string identifier, CancellationToken cancellationToken = default)
    {
        var tenant = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Identifier == identifier && t.Id != PlatformTenant.Id, cancellationToken);
        if (tenant is null) return null;
        var summary = (await SummariesAsync(tenant.Id, cancellationToken)).Single();
        var history = await db.PlanChanges.AsNoTracking().Where(c => c.TenantId == tenant.Id).ToListAsync(cancellationToken);
        var request = await db.ProvisioningRequests.AsNoTracking().Include(r => r.Steps).SingleOrDefaultAsync(r => r.TenantId == tenant.Id, cancellationToken);

        var today = WorkspaceTime.Day(time.GetUtcNow(), WorkspaceTime.Zone(tenant.TimeZoneId));
        var first = today.AddDays(1 - ChartDays);
        var usage = await db.UsageDailyRollups.IgnoreQueryFilters([TenantFilter.Name]).AsNoTracking().Where(r => r.TenantId == tenant.Id && r.Day >= first)
            .GroupBy(r => r.Day).Select(g => new { Day = g.Key, Tokens = g.Sum(r => r.InputTokens + r.OutputTokens), Cost = g.Sum(r => r.CostYen) })
            .ToDictionaryAsync(d => d.Day, cancellationToken);
        var days = Enumerable.Range(0, ChartDays).Select(i => first.AddDays(i))
            .Select(d => usage.TryGetValue(d, out var u) ? new TenantUsageDay(d, u.Tokens, u.Cost ?? 0m) : new TenantUsageDay(d, 0, 0m)).ToList();

        var audit = await db.PlatformAuditEntries.AsNoTracking().Where(e => e.TargetType == "workspace" && e.TargetId == tenant.Id)
            .OrderByDescending(e => e.Sequence).Take(AuditEntriesShown).ToListAsync(cancellationToken);
        var allowListEntries = await db.IpAllowRules.IgnoreQueryFilters([TenantFilter.Name]).CountAsync(r => r.TenantId == tenant.Id, cancellationToken);
        return new TenantDetail(summary, tenant, history.OrderByDescending(c => c.RequestedAt).ToList(), request, days, audit, allowListEntries);
    }

    /// <summary>The operator entries the tenant page shows (newest first); the platform audit page has them all.</summary>
    public const int AuditEntriesShown = 100;

    private async Task<List<TenantSummary>> SummariesAsync(string? onlyTenantId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var tenants = await db.Tenants.AsNoTracking().Where(t => t.Id != PlatformTenant.Id && (onlyTenantId == null || t.Id == onlyTenantId)).ToListAsync(cancellationToken);

        var users = await db.Users.IgnoreQueryFilters([TenantFilter.Name]).AsNoTracking().Where(x => onlyTenantId == null || x.TenantId == onlyTenantId)
            .Select(u => new { u.TenantId, u.IsActive, u.LastActiveAt }).ToListAsync(cancellationToken);
        // SQLite cannot compare DateTimeOffset in SQL: the (few) open invitations' expiry is checked here.
        var invitations = await db.Invitations.IgnoreQueryFilters([TenantFilter.Name]).AsNoTracking().Where(x => onlyTenantId == null || x.TenantId == onlyTenantId)
            .Where(i => i.AcceptedAt == null && i.RevokedAt == null).Select(i => new { i.TenantId, i.ExpiresAt }).ToListAsync(cancellationToken);
        var providers = await db.AiProviderSettings.IgnoreQueryFilters([TenantFilter.Name]).AsNoTracking().Where(x => onlyTenantId == null || x.TenantId == onlyTenantId)
            .Select(s => new { s.TenantId, s.Active }).ToListAsync(cancellationToken);

        // A day before Tokyo's month start covers every workspace zone east of UTC-9; each row is kept to its own month below.
        var tokyoToday = WorkspaceTime.Day(now);
        var earliest = tokyoToday.AddDays(-tokyoToday.Day);
        var days = await db.UsageDailyRollups.IgnoreQueryFilters([TenantFilter.Name]).AsNoTracking().Where(r => r.Day >= earliest && (onlyTenantId == null || r.TenantId == onlyTenantId))
            .GroupBy(r => new { r.TenantId, r.Day })
            .Select(g => new { g.Key.TenantId, g.Key.Day, Tokens = g.Sum(r => r.InputTokens + r.OutputTokens), Cost = g.Sum(r => r.CostYen) })
            .ToListAsync(cancellationToken);
        var since = now.UtcDateTime.AddHours(-24);
        var failures = await db.UsageHourlyRollups.IgnoreQueryFilters([TenantFilter.Name]).AsNoTracking().Where(r => r.HourStartUtc >= since && (onlyTenantId == null || r.TenantId == onlyTenantId))
            .GroupBy(r => r.TenantId).Select(g => new { TenantId = g.Key, Failures = g.Sum(r => r.Failures) })
            .ToDictionaryAsync(g => g.TenantId, g => g.Failures, cancellationToken);

        var usersByTenant = users.ToLookup(u => u.TenantId);
        var invitationsByTenant = invitations.ToLookup(i => i.TenantId);
        var daysByTenant = days.ToLookup(d => d.TenantId);
        var providerByTenant = providers.GroupBy(p => p.TenantId).ToDictionary(g => g.Key, g => g.First().Active);
        var weekAgo = now.AddDays(-7);

        var list = new List<TenantSummary>(tenants.Count);
        foreach (var tenant in tenants)
        {
            var members = usersByTenant[tenant.Id].ToList();
            var active = members.Where(u => u.IsActive).ToList();
            var monthStart = MonthStart(now, tenant.TimeZoneId);
            var month = daysByTenant[tenant.Id].Where(d => d.Day >= monthStart).ToList();
            list.Add(new TenantSummary(
                tenant.Id, tenant.Identifier, tenant.Name, tenant.Plan, tenant.Status,
                active.Count + invitationsByTenant[tenant.Id].Count(i => i.ExpiresAt > now),
                PlanLimits.Seats(tenant),
                active.Count(u => u.LastActiveAt >= weekAgo),
                month.Sum(d => d.Tokens),
                month.Sum(d => d.Cost ?? 0m),
                providerByTenant.GetValueOrDefault(tenant.Id, AiProviderChoice.SystemDefault),
                failures.GetValueOrDefault(tenant.Id),
                members.Max(u => u.LastActiveAt),
                tenant.CreatedAt,
                tenant.IsTrial ? tenant.TrialEndsAt : null));
        }

        return list;
    }

    private static DateOnly MonthStart(DateTimeOffset now, string? timeZoneId)
    {
        var local = TimeZoneInfo.ConvertTime(now, WorkspaceTime.Zone(timeZoneId));
        return new DateOnly(local.Year, local.Month, 1);
    }
}
