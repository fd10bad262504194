using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Usage;

namespace SecureAiChat.Core.Budgets;

/// <summary>Why the fiscal year's start month was not changed.</summary>
public enum FiscalYearProblem
{
    MonthOutOfRange,

    /// <summary>Fiscal-year budgets are running: the change cuts their period short and needs confirmation.</summary>
    ChangeNeedsConfirmation,
}

/// <summary>
/// The workspace's fiscal year (会計年度): the month it starts in, set by an admin on the budgets page and read by the
/// fiscal-year budgets and the analytics page's fiscal-year ranges. The month is stored on the workspace row; each
/// budget keeps a copy, changed in the same transaction, so the budget gate on the answer path reads no second row.
/// </summary>
public sealed class WorkspaceFiscalYear(IDbContextFactory<AppDbContext> dbs, IAuditLog audit, IOptions<AnalyticsOptions> analytics)
{
    /// <summary>The current workspace's start month: its own, else <c>Usage:Analytics:FiscalYearStartMonth</c>.</summary>
    public async Task<int> StartMonthAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return await StartMonthAsync(db, cancellationToken);
    }

    internal async Task<int> StartMonthAsync(AppDbContext db, CancellationToken cancellationToken) =>
        await db.Tenants.AsNoTracking().Where(t => t.Id == db.CurrentTenantId).Select(t => t.FiscalYearStartMonth).SingleOrDefaultAsync(cancellationToken)
        ?? analytics.Value.FiscalYearStartMonth;

    /// <summary>
    /// Sets the start month. With fiscal-year budgets running the change begins their new period now (their ledgers
    /// are keyed by the start month), so it is refused until <paramref name="confirmed"/>. Recorded in the audit log.
    /// </summary>
    public async Task<Result<FiscalYearProblem>> SaveAsync(int startMonth, bool confirmed, CancellationToken cancellationToken = default)
    {
        if (startMonth is < 1 or > 12)
        {
            return new Problem<FiscalYearProblem>(FiscalYearProblem.MonthOutOfRange, Field: nameof(startMonth));
        }

        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var tenant = await db.Tenants.SingleAsync(t => t.Id == db.CurrentTenantId, cancellationToken);
        var current = tenant.FiscalYearStartMonth ?? analytics.Value.FiscalYearStartMonth;
        if (current == startMonth)
        {
            // The month in force chosen explicitly: kept, so a later change of the platform's default does not move it.
            if (tenant.FiscalYearStartMonth is null)
            {
                tenant.FiscalYearStartMonth = startMonth;
                await db.SaveChangesAsync(cancellationToken);
            }

            return Result<FiscalYearProblem>.Ok;
        }

        var budgets = await db.Budgets.ToListAsync(cancellationToken);
        if (budgets.Any(b => b.Period == BudgetPeriod.FiscalYear) && !confirmed)
        {
            return new Problem<FiscalYearProblem>(FiscalYearProblem.ChangeNeedsConfirmation, Field: nameof(confirmed));
        }

        tenant.FiscalYearStartMonth = startMonth;
        foreach (var budget in budgets)
        {
            budget.FiscalYearStartMonth = startMonth;
        }

        audit.Record(db, AuditActions.BudgetFiscalYearChanged, AuditTarget.Workspace(tenant.Name), new { From = current, To = startMonth });
        await db.SaveChangesAsync(cancellationToken);
        return Result<FiscalYearProblem>.Ok;
    }
}
