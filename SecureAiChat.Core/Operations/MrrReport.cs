using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Operations;

/// <summary>What the MRR computation needs of one workspace: its status and dates, its plan now and its applied plan changes.</summary>
/// <param name="ChurnedAt">When it stopped paying: the closure request of a closing or closed workspace; null otherwise.</param>
public sealed record MrrTenantFacts(
    string TenantId,
    TenantStatus Status,
    DateTimeOffset CreatedAt,
    string Plan,
    DateTimeOffset? TrialStartedAt,
    DateTimeOffset? TrialConvertedAt,
    DateTimeOffset? ChurnedAt,
    IReadOnlyList<(DateTimeOffset AppliedAt, string FromPlan, string ToPlan)> PlanChanges);

/// <summary>One month (Asia/Tokyo) of recurring revenue in JPY excluding tax: at its end, by plan, and how it moved from the month before.</summary>
/// <param name="Mrr">The MRR at the month's end (now, for the current month).</param>
/// <param name="New">MRR of workspaces that paid nothing at the end of the month before (new signups, converted trials).</param>
/// <param name="Expansion">Increases of workspaces that paid before and pay more now (upgrades).</param>
/// <param name="Contraction">Decreases of workspaces that still pay (downgrades), as a positive amount.</param>
/// <param name="Churned">MRR of workspaces that paid at the end of the month before and pay nothing now (closed), as a positive amount.</param>
public sealed record MrrMonth(
    int Year, int Month, decimal Mrr, IReadOnlyDictionary<PlanCode, decimal> ByPlan, decimal New, decimal Expansion, decimal Contraction, decimal Churned, int PayingWorkspaces)
{
    /// <summary>New + expansion − contraction − churned: the month's change of MRR.</summary>
    public decimal NetChange => New + Expansion - Contraction - Churned;
}

/// <summary>MRR month by month and the trials: running ones, conversions, ended unconverted, and the conversion rate.</summary>
/// <param name="ConversionRate">Converted ÷ (converted + ended unconverted); null while no trial has finished either way.</param>
public sealed record MrrSummary(IReadOnlyList<MrrMonth> Months, int ActiveTrials, int ConvertedTrials, int EndedTrials, decimal? ConversionRate)
{
    public MrrMonth Current => Months[^1];
}

/// <summary>
/// Monthly recurring revenue from the plan catalog's prices (JPY, tax excluded), the plan change history and the workspaces'
/// status. A workspace pays from its creation, except while provisioning and while on a PoC trial (from the trial's start until
/// its conversion; an unconverted trial never pays), until the closure request of a closing or closed workspace. A suspended
/// workspace still pays (the contract runs). An Enterprise contract counts at the catalog's starting price.
/// </summary>
public static class MrrCalculator
{
    /// <summary>The workspace's monthly price at <paramref name="at"/>; 0 when it does not pay then.</summary>
    public static decimal MrrAt(MrrTenantFacts tenant, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (tenant.Status == TenantStatus.Provisioning || tenant.CreatedAt > at) return 0m;
        if (tenant.TrialStartedAt <= at && !(tenant.TrialConvertedAt <= at)) return 0m;
        if (tenant.ChurnedAt <= at) return 0m;
        return PlanLimits.PlanOf(PlanAt(tenant, at)).MonthlyPriceYen;
    }

    /// <summary>The plan in force at <paramref name="at"/>: the last change applied by then, else the plan the first later change left.</summary>
    public static string PlanAt(MrrTenantFacts tenant, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var ordered = tenant.PlanChanges.OrderBy(c => c.AppliedAt).ToList();
        var last = ordered.LastOrDefault(c => c.AppliedAt <= at);
        if (last != default) return last.ToPlan;
        return ordered.Count > 0 ? ordered[0].FromPlan : tenant.Plan;
    }

    /// <summary>The last <paramref name="months"/> months up to the one of <paramref name="now"/> (Asia/Tokyo), oldest first.</summary>
    public static MrrSummary Compute(IReadOnlyList<MrrTenantFacts> tenants, DateTimeOffset now, int months)
    {
        ArgumentNullException.ThrowIfNull(tenants);
        ArgumentOutOfRangeException.ThrowIfLessThan(months, 1);
        var local = TimeZoneInfo.ConvertTime(now, WorkspaceTime.Tokyo);
        var firstMonth = new DateTime(local.Year, local.Month, 1).AddMonths(1 - months);
        var list = new List<MrrMonth>(months);
        for (var i = 0; i < months; i++)
        {
            var start = firstMonth.AddMonths(i);
            var end = MonthEnd(start.AddMonths(1), now);
            var previousEnd = MonthEnd(start, now);
            decimal mrr = 0, added = 0, expansion = 0, contraction = 0, churned = 0;
            var paying = 0;
            var byPlan = PlanCatalog.All.ToDictionary(p => p.Code, _ => 0m);
            foreach (var tenant in tenants)
            {
                var before = MrrAt(tenant, previousEnd);
                var after = MrrAt(tenant, end);
                if (after > 0)
                {
                    mrr += after;
                    paying++;
                    byPlan[PlanLimits.PlanOf(PlanAt(tenant, end)).Code] += after;
                }
                if (before == 0 && after > 0) added += after;
                else if (before > 0 && after == 0) churned += before;
                else if (after > before) expansion += after - before;
                else if (after < before) contraction += before - after;
            }
            list.Add(new MrrMonth(start.Year, start.Month, mrr, byPlan, added, expansion, contraction, churned, paying));
        }

        var trials = tenants.Where(t => t.TrialStartedAt is not null).ToList();
        var converted = trials.Count(t => t.TrialConvertedAt is not null);
        var ended = trials.Count(t => t.TrialConvertedAt is null && t.Status is TenantStatus.Closing or TenantStatus.Closed);
        var active = trials.Count(t => t.TrialConvertedAt is null && t.Status is TenantStatus.Active or TenantStatus.Provisioning);
        return new MrrSummary(list, active, converted, ended, converted + ended == 0 ? null : Math.Round((decimal)converted / (converted + ended), 4));
    }

    /// <summary>The last instant of the month that ends at <paramref name="nextMonthStart"/> (00:00 Asia/Tokyo), or now when that is later.</summary>
    private static DateTimeOffset MonthEnd(DateTime nextMonthStart, DateTimeOffset now)
    {
        var boundary = new DateTimeOffset(nextMonthStart, WorkspaceTime.Tokyo.GetUtcOffset(nextMonthStart)).AddTicks(-1);
        return boundary < now ? boundary : now;
    }
}

/// <summary>The MRR panel's data (root host, platform scope): every workspace's facts read once, computed by <see cref="MrrCalculator"/>.</summary>
public sealed class MrrReport(AppDbContext db, TimeProvider time)
{
    public const int Months = 12;

    public async Task<MrrSummary> GetAsync(int months = Months, CancellationToken cancellationToken = default)
    {
        var tenants = await db.Tenants.AsNoTracking().Where(t => t.Id != PlatformTenant.Id).ToListAsync(cancellationToken);
        var changes = (await db.PlanChanges.AsNoTracking().Where(c => c.AppliedAt != null)
                .Select(c => new { c.TenantId, c.AppliedAt, c.FromPlan, c.ToPlan }).ToListAsync(cancellationToken))
            .ToLookup(c => c.TenantId);
        var facts = tenants.Select(t => new MrrTenantFacts(
            t.Id, t.Status, t.CreatedAt, t.Plan, t.TrialStartedAt, t.TrialConvertedAt,
            t.Status is TenantStatus.Closing or TenantStatus.Closed ? t.ClosureRequestedAt ?? t.ClosedAt ?? t.CreatedAt : null,
            changes[t.Id].Select(c => (c.AppliedAt!.Value, c.FromPlan, c.ToPlan)).ToList())).ToList();
        return MrrCalculator.Compute(facts, time.GetUtcNow(), months);
    }
}
