using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Templates;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Usage;

/// <summary>The preset ranges of the analytics page.</summary>
public enum AnalyticsRangePreset
{
    Last7Days,
    Last30Days,
    Last90Days,
    ThisMonth,
    LastMonth,
    ThisFiscalYear,
    LastFiscalYear,
    Custom,
}

/// <summary>Days <see cref="From"/> to <see cref="To"/>, both included, in the workspace's time zone.</summary>
public sealed record AnalyticsRange(DateOnly From, DateOnly To)
{
    /// <summary>The longest custom range (about three fiscal years), so one request stays cheap.</summary>
    public const int MaxDays = 1100;

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>
    /// The range of <paramref name="preset"/> on <paramref name="today"/>. A fiscal year starts on the 1st of
    /// <paramref name="fiscalYearStartMonth"/> (April in most Japanese companies) and is named by the year it starts in.
    /// </summary>
    public static AnalyticsRange For(AnalyticsRangePreset preset, DateOnly today, int fiscalYearStartMonth = 4, DateOnly? from = null, DateOnly? to = null)
    {
        if (fiscalYearStartMonth is < 1 or > 12) throw new ArgumentOutOfRangeException(nameof(fiscalYearStartMonth));
        var month = new DateOnly(today.Year, today.Month, 1);
        var fiscalStart = new DateOnly(today.Month >= fiscalYearStartMonth ? today.Year : today.Year - 1, fiscalYearStartMonth, 1);
        return preset switch
        {
            AnalyticsRangePreset.Last7Days => new(today.AddDays(-6), today),
            AnalyticsRangePreset.Last30Days => new(today.AddDays(-29), today),
            AnalyticsRangePreset.Last90Days => new(today.AddDays(-89), today),
            AnalyticsRangePreset.ThisMonth => new(month, month.AddMonths(1).AddDays(-1)),
            AnalyticsRangePreset.LastMonth => new(month.AddMonths(-1), month.AddDays(-1)),
            AnalyticsRangePreset.ThisFiscalYear => new(fiscalStart, fiscalStart.AddYears(1).AddDays(-1)),
            AnalyticsRangePreset.LastFiscalYear => new(fiscalStart.AddYears(-1), fiscalStart.AddDays(-1)),
            _ => Custom(from ?? today, to ?? today),
        };
    }

    /// <summary>A custom range; reversed bounds are swapped and a range longer than <see cref="MaxDays"/> is shortened from the start.</summary>
    public static AnalyticsRange Custom(DateOnly from, DateOnly to)
    {
        if (to < from) (from, to) = (to, from);
        if (to.DayNumber - from.DayNumber + 1 > MaxDays) from = to.AddDays(-(MaxDays - 1));
        return new(from, to);
    }
}

/// <summary>Restricts the figures to one department (<see cref="NoDepartment"/>: members without one) and/or one model.</summary>
public sealed record AnalyticsFilter(Guid? DepartmentId = null, string? Model = null)
{
    /// <summary>Stands for "no department" in <see cref="DepartmentId"/>.</summary>
    public static readonly Guid NoDepartment = Guid.Empty;
}

public sealed record AnalyticsDay(DateOnly Day, long InputTokens, long OutputTokens, decimal CostYen, int Answers, int ActiveMembers)
{
    public long TotalTokens => InputTokens + OutputTokens;
}

/// <summary>Members who used AI at least once in the week starting (Monday) on <see cref="WeekStart"/>.</summary>
public sealed record AnalyticsWeek(DateOnly WeekStart, int ActiveMembers);

/// <summary>A row of a table: a department, a member or a model. <see cref="CostYen"/> null: no price known for any of its models.</summary>
public sealed record AnalyticsLine(string Key, string Label, int Members, int Answers, int Failures, long InputTokens, long OutputTokens, decimal? CostYen)
{
    public long TotalTokens => InputTokens + OutputTokens;
}

public sealed record AnalyticsReport(
    AnalyticsRange Range,
    IReadOnlyList<AnalyticsDay> Days,
    IReadOnlyList<AnalyticsWeek> Weeks,
    IReadOnlyList<AnalyticsLine> ByDepartment,
    IReadOnlyList<AnalyticsLine> ByMember,
    IReadOnlyList<AnalyticsLine> ByModel,
    int ActiveMembers,
    int Answers,
    long TotalTokens,
    decimal? CostYen);

/// <summary>
/// How far the workspace's people have come (導入状況): invited (everyone asked to join: invitations and members), joined
/// (active accounts), had a first chat, active in the last 7 days.
/// </summary>
public sealed record AdoptionFunnel(int Invited, int Joined, int FirstChat, int ActiveLast7Days)
{
    /// <summary>Active in the last 7 days per joined member, in whole percent (0 without members).</summary>
    public int ActivationPercent => Joined == 0 ? 0 : ActiveLast7Days * 100 / Joined;
}

/// <summary>A shared template and how often its filled prompt went into a chat.</summary>
public sealed record TemplateUse(string Title, int Uses);

/// <summary>A department and its id, for the filter (<see cref="AnalyticsFilter.NoDepartment"/> for members without one).</summary>
public sealed record AnalyticsOption(string Key, string Label);

/// <summary>
/// The analytics page's figures, all read from <see cref="UsageDailyRollup"/> (never from raw usage records), so a year's range
/// costs one read of the range's daily rows whatever the history. Departments are those recorded at the time of use.
/// </summary>
public sealed class UsageAnalytics(
    IDbContextFactory<AppDbContext> dbs, IMultiTenantContextAccessor<AppTenantInfo> tenant, TimeProvider time, IMemoryCache cache)
{
    /// <summary>How long an unused cached read of the rollups' whole history stays in memory.</summary>
    private static readonly TimeSpan CacheIdle = TimeSpan.FromMinutes(15);

    /// <summary>Today in the workspace's time zone.</summary>
    public DateOnly Today => UsageRollupJob.LocalDay(time.GetUtcNow().UtcDateTime, WorkspaceTime.Zone(tenant.MultiTenantContext.TenantInfo?.TimeZoneId));

    /// <summary>What <paramref name="user"/> may see: the workspace when they read it, else the departments they manage.</summary>
    public async Task<AnalyticsScope> ScopeForAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (Roles.ReadsWorkspace(user)) return AnalyticsScope.Workspace;
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return AnalyticsScope.Of(userId is null ? [] : await db.DepartmentManagers.Where(m => m.UserId == userId).Select(m => m.DepartmentId).ToListAsync(cancellationToken));
    }

    /// <summary>The figures of the whole workspace (jobs and reports; a viewer's page passes their scope).</summary>
    public Task<AnalyticsReport> GetAsync(AnalyticsRange range, AnalyticsFilter filter, CancellationToken cancellationToken = default) =>
        GetAsync(range, filter, AnalyticsScope.Workspace, cancellationToken);

    /// <summary>The figures of <paramref name="range"/> under <paramref name="filter"/>, inside <paramref name="scope"/> (a filter outside it sees nothing).</summary>
    public async Task<AnalyticsReport> GetAsync(AnalyticsRange range, AnalyticsFilter filter, AnalyticsScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(range);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        // One read of the range's daily rows, every table and series summed from it here: five grouped reads (days,
        // member × department, models, active members, member-days) each walked the same rows through the (TenantId, Day)
        // index, and on SQLite every one of them paid the row lookups again (benchmark figure 11c).
        var rows = await Filtered(db, range, filter, scope)
            .Select(r => new DailyRow(r.Day, r.UserId, r.DepartmentId, r.Model, r.Answers, r.Failures, r.InputTokens, r.OutputTokens, r.CostYen))
            .ToListAsync(cancellationToken);

        var byDay = rows.GroupBy(r => r.Day).ToDictionary(g => g.Key, g => new AnalyticsDay(g.Key, g.Sum(r => r.Input), g.Sum(r => r.Output),
            SumCost(g.Select(r => r.Cost)) ?? 0, g.Sum(r => r.Answers), g.Select(r => r.UserId).Distinct().Count()));
        var series = Enumerable.Range(0, range.Days).Select(i => range.From.AddDays(i))
            .Select(d => byDay.TryGetValue(d, out var x) ? x : new AnalyticsDay(d, 0, 0, 0, 0, 0))
            .ToList();

        // Member × department lines: a member who moved department appears under each, as the usage was recorded.
        var members = rows.GroupBy(r => (r.UserId, r.DepartmentId))
            .Select(g => new
            {
                g.Key.UserId, g.Key.DepartmentId, Answers = g.Sum(r => r.Answers), Failures = g.Sum(r => r.Failures),
                Input = g.Sum(r => r.Input), Output = g.Sum(r => r.Output), Cost = SumCost(g.Select(r => r.Cost)),
            })
            .ToList();
        var models = rows.GroupBy(r => r.Model)
            .Select(g => new
            {
                Model = g.Key, Members = g.Select(r => r.UserId).Distinct().Count(), Answers = g.Sum(r => r.Answers), Failures = g.Sum(r => r.Failures),
                Input = g.Sum(r => r.Input), Output = g.Sum(r => r.Output), Cost = SumCost(g.Select(r => r.Cost)),
            })
            .ToList();
        var active = rows.Select(r => r.UserId).Distinct().Count();
        // A week's active members cannot be summed from the days (one member active on two days counts once).
        var perWeek = rows.GroupBy(r => WeekStart(r.Day)).ToDictionary(g => g.Key, g => g.Select(r => r.UserId).Distinct().Count());
        var weeks = new List<AnalyticsWeek>();
        for (var week = WeekStart(range.From); week <= range.To; week = week.AddDays(7))
        {
            weeks.Add(new AnalyticsWeek(week, perWeek.GetValueOrDefault(week)));
        }

        var departmentNames = await DepartmentNamesAsync(db, cancellationToken);
        var userIds = members.Select(m => m.UserId).Distinct().ToList();
        var userNames = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Email })
            .ToDictionaryAsync(u => u.Id, u => string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? u.Id : u.DisplayName, cancellationToken);

        var byDepartment = members.GroupBy(m => m.DepartmentId ?? AnalyticsFilter.NoDepartment)
            .Select(g => new AnalyticsLine(g.Key.ToString(), departmentNames.GetValueOrDefault(g.Key, ""), g.Select(m => m.UserId).Distinct().Count(),
                g.Sum(m => m.Answers), g.Sum(m => m.Failures), g.Sum(m => m.Input), g.Sum(m => m.Output), SumCost(g.Select(m => m.Cost))))
            .OrderByDescending(l => l.CostYen ?? 0).ThenByDescending(l => l.TotalTokens).ToList();
        var byMember = members.GroupBy(m => m.UserId)
            .Select(g => new AnalyticsLine(g.Key, userNames.GetValueOrDefault(g.Key) ?? g.Key, 1,
                g.Sum(m => m.Answers), g.Sum(m => m.Failures), g.Sum(m => m.Input), g.Sum(m => m.Output), SumCost(g.Select(m => m.Cost))))
            .OrderByDescending(l => l.CostYen ?? 0).ThenByDescending(l => l.TotalTokens).ToList();
        var byModel = models
            .Select(m => new AnalyticsLine(m.Model, m.Model, m.Members, m.Answers, m.Failures, m.Input, m.Output, m.Cost))
            .OrderByDescending(l => l.Answers).ToList();
        return new AnalyticsReport(range, series, weeks, byDepartment, byMember, byModel, active,
            series.Sum(d => d.Answers), series.Sum(d => d.TotalTokens), SumCost(members.Select(m => m.Cost)));
    }

    /// <summary>
    /// The adoption funnel inside <paramref name="scope"/> (a department manager: the people of their departments, by the
    /// department they are in now) from the accounts, the invitations and the daily rollups.
    /// </summary>
    public async Task<AdoptionFunnel> AdoptionAsync(AnalyticsScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var ids = scope.Departments?.ToList();
        var users = db.Users.AsNoTracking().Where(u => u.IsActive);
        var invitations = db.Invitations.AsNoTracking().Where(i => i.AcceptedAt == null);
        if (ids is not null)
        {
            users = users.Where(u => u.DepartmentId != null && ids.Contains(u.DepartmentId.Value));
            invitations = invitations.Where(i => i.DepartmentId != null && ids.Contains(i.DepartmentId.Value));
        }

        var members = await users.Select(u => u.Id).ToListAsync(cancellationToken);
        var pending = await invitations.Select(i => i.NormalizedEmail).Distinct().CountAsync(cancellationToken);
        var weekAgo = Today.AddDays(-6);
        var lastChat = await LastChatDaysAsync(db, cancellationToken);
        var chatted = members.Where(lastChat.ContainsKey).Select(m => lastChat[m]).ToList();
        return new AdoptionFunnel(members.Count + pending, members.Count, chatted.Count, chatted.Count(last => last >= weekAgo));
    }

    /// <summary>
    /// The shared templates used most in <paramref name="range"/>, inside <paramref name="scope"/> and the filter's
    /// department (by the department the member was in when using it), from the per-day counts of
    /// <see cref="TemplateUseDay"/>. A template use has no model, so the model filter does not apply.
    /// </summary>
    public async Task<IReadOnlyList<TemplateUse>> TopTemplatesAsync(
        AnalyticsRange range, AnalyticsFilter filter, AnalyticsScope scope, int count = 5, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(range);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var top = await InRange(db.TemplateUseDays.AsNoTracking(), range, filter, scope)
            .Join(db.PromptTemplates.AsNoTracking().Where(t => t.OwnerUserId == null), u => u.TemplateId, t => t.Id, (u, t) => new { t.Id, t.Title, u.Uses })
            .GroupBy(x => new { x.Id, x.Title })
            .Select(g => new { g.Key.Title, Uses = g.Sum(x => x.Uses) })
            .OrderByDescending(x => x.Uses).ThenBy(x => x.Title).Take(count)
            .ToListAsync(cancellationToken);
        return [.. top.Select(x => new TemplateUse(x.Title, x.Uses))];
    }

    /// <summary>The Monday of <paramref name="day"/>'s week (weeks run Monday to Sunday, as in Japanese business calendars).</summary>
    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>The workspace's departments in <paramref name="scope"/> for the filter, by name.</summary>
    public async Task<IReadOnlyList<AnalyticsOption>> DepartmentsAsync(AnalyticsScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return (await db.Departments.AsNoTracking().OrderBy(d => d.Name).Select(d => new { d.Id, d.Name }).ToListAsync(cancellationToken))
            .Where(d => scope.Allows(d.Id)).Select(d => new AnalyticsOption(d.Id.ToString(), d.Name)).ToList();
    }

    /// <summary>The models that appear in the rollups, for the filter.</summary>
    public async Task<IReadOnlyList<string>> ModelsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return await CachedAsync(db, "models", () => db.UsageDailyRollups.AsNoTracking().Select(r => r.Model).Distinct().OrderBy(m => m)
            .ToListAsync(cancellationToken), cancellationToken);
    }

    // Each member's last day with usage, over the whole history (the adoption funnel's "first chat" and "active").
    private Task<Dictionary<string, DateOnly>> LastChatDaysAsync(AppDbContext db, CancellationToken cancellationToken) =>
        CachedAsync(db, "last-chat", () => db.UsageDailyRollups.AsNoTracking().GroupBy(r => r.UserId)
            .Select(g => new { UserId = g.Key, Last = g.Max(r => r.Day) }).ToDictionaryAsync(g => g.UserId, g => g.Last, StringComparer.Ordinal, cancellationToken),
            cancellationToken);

    /// <summary>
    /// A read of the rollups' whole history, cached until the next rollup run: the key holds the workspace's rollup
    /// <see cref="UsageRollupState.Version"/> as the database has it, so every instance sees a run of any other one at once (no
    /// in-process guard). The version is read before the rollups, so a cached value is never older than its key.
    /// </summary>
    private async Task<T> CachedAsync<T>(AppDbContext db, string what, Func<Task<T>> read, CancellationToken cancellationToken)
        where T : class
    {
        var version = await db.UsageRollupStates.AsNoTracking().Select(s => (long?)s.Version).SingleOrDefaultAsync(cancellationToken);
        var tenantId = tenant.MultiTenantContext.TenantInfo?.Id;
        // No state row yet (no run so far) or no workspace: nothing to key by, so no cache.
        if (version is null || tenantId is null) return await read();
        var key = (typeof(UsageAnalytics), what, tenantId, version.Value);
        if (cache.TryGetValue(key, out T? hit) && hit is not null) return hit;
        var value = await read();
        cache.Set(key, value, new MemoryCacheEntryOptions { SlidingExpiration = CacheIdle, Size = 1 });
        return value;
    }

    /// <summary>Names by department id; a deleted department keeps its usage under an empty name (shown as "deleted department").</summary>
    internal static async Task<Dictionary<Guid, string>> DepartmentNamesAsync(AppDbContext db, CancellationToken cancellationToken) =>
        await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);

    private static IQueryable<UsageDailyRollup> Filtered(AppDbContext db, AnalyticsRange range, AnalyticsFilter filter, AnalyticsScope scope)
    {
        var rows = InRange(db.UsageDailyRollups.AsNoTracking(), range, filter, scope);
        if (!string.IsNullOrEmpty(filter.Model)) rows = rows.Where(r => r.Model == filter.Model);
        return rows;
    }

    // The range's days inside the viewer's scope and the filter's department (recorded at the time of use).
    private static IQueryable<T> InRange<T>(IQueryable<T> rows, AnalyticsRange range, AnalyticsFilter filter, AnalyticsScope scope)
        where T : class, IDepartmentDay
    {
        rows = rows.Where(r => r.Day >= range.From && r.Day <= range.To);
        if (scope.Departments is { } departments)
        {
            var ids = departments.ToList();
            rows = rows.Where(r => r.DepartmentId != null && ids.Contains(r.DepartmentId.Value));
        }

        if (filter.DepartmentId == AnalyticsFilter.NoDepartment) rows = rows.Where(r => r.DepartmentId == null);
        else if (filter.DepartmentId is { } department) rows = rows.Where(r => r.DepartmentId == department);
        return rows;
    }

    private sealed record DailyRow(
        DateOnly Day, string UserId, Guid? DepartmentId, string Model, int Answers, int Failures, long Input, long Output, decimal? Cost);

    private static decimal? SumCost(IEnumerable<decimal?> costs)
    {
        decimal? total = null;
        foreach (var cost in costs)
        {
            if (cost is { } yen) total = (total ?? 0) + yen;
        }

        return total;
    }
}
