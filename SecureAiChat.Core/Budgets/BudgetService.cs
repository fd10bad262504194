using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Core.Usage;

namespace SecureAiChat.Core.Budgets;

/// <summary>What an admin submits for one budget (a new one when <see cref="Id"/> is null).</summary>
public sealed class BudgetForm
{
    public Guid? Id { get; set; }

    public BudgetLevel Level { get; set; }

    public Guid? DepartmentId { get; set; }

    /// <summary>The member of an override; null for the member default.</summary>
    public string? UserId { get; set; }

    public BudgetUnit Unit { get; set; }

    public long Amount { get; set; }

    public BudgetPeriod Period { get; set; }

    public BudgetMode Mode { get; set; } = BudgetMode.HardStop;

    /// <summary>The admin read what a period change mid-period does and confirmed it.</summary>
    public bool ConfirmPeriodChange { get; set; }
}

/// <summary>
/// Why a budget was not saved. A problem names the <see cref="BudgetForm"/> property it belongs to in <c>Field</c> where
/// there is one, and the department's name in <c>Value</c> where one is involved.
/// </summary>
public enum BudgetProblem
{
    AmountOutOfRange,
    DepartmentNotFound,
    MemberNotFound,
    NotFound,
    AlreadyExists,

    /// <summary>A member budget above its department's (same unit and period); the value names the department.</summary>
    AboveDepartment,

    /// <summary>A department budget below a member budget of its members (same unit and period); the value names the department.</summary>
    BelowMembers,

    /// <summary>The period changes while a period is running: needs confirmation.</summary>
    PeriodChangeNeedsConfirmation,
}

/// <summary>A budget with its current period's spend (ledger units: tokens or micro-yen).</summary>
/// <param name="GrantedUnits">Approved "request more" increases of this period, added to the budget's amount.</param>
public sealed record BudgetLine(Budget Budget, string? SubjectName, BudgetWindow Window, long SpentUnits, long ReservedUnits, long GrantedUnits = 0)
{
    /// <summary>The period's limit in ledger units: the amount plus the period's grants.</summary>
    public long LimitUnits => Budget.LimitUnits + GrantedUnits;

    /// <summary>The period's limit in the budget's unit (the amount plus grants).</summary>
    public long Limit => Budget.Amount + (Budget.Unit == BudgetUnit.Yen ? GrantedUnits / BudgetCosts.MicroYenPerYen : GrantedUnits);

    public long RemainingUnits => Math.Max(0, LimitUnits - SpentUnits - ReservedUnits);

    /// <summary>Whole percent spent (reservations included), rounded down.</summary>
    public int Percent => LimitUnits <= 0 ? 100 : (int)Math.Min(999, (SpentUnits + ReservedUnits) * 100 / LimitUnits);

    /// <summary>Spent in the budget's unit (whole yen rounded up, or tokens).</summary>
    public long Spent => ToAmount(SpentUnits + ReservedUnits);

    public long Remaining => Budget.Unit == BudgetUnit.Yen ? RemainingUnits / BudgetCosts.MicroYenPerYen : RemainingUnits;

    private long ToAmount(long units) => Budget.Unit == BudgetUnit.Yen ? (units + BudgetCosts.MicroYenPerYen - 1) / BudgetCosts.MicroYenPerYen : units;
}

/// <summary>The budgets page: list with current spend, validated saves and deletes (audited), and a member's own remaining budget.</summary>
public sealed class BudgetService(
    IDbContextFactory<AppDbContext> dbs,
    IMultiTenantContextAccessor<AppTenantInfo> tenant,
    BudgetGate gate,
    IAuditLog audit,
    WorkspaceFiscalYear fiscalYear,
    TimeProvider time)
{
    private string TimeZoneId => tenant.MultiTenantContext.TenantInfo?.TimeZoneId ?? WorkspaceTime.DefaultZoneId;

    /// <summary>The departments and active members a budget can be set for, by name.</summary>
    public async Task<(IReadOnlyList<(Guid Id, string Name)> Departments, IReadOnlyList<(string Id, string Name)> Members)> ChoicesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.Name).Select(d => new { d.Id, d.Name }).ToListAsync(cancellationToken);
        var members = await db.Users.AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.DisplayName).ThenBy(u => u.Email)
            .Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(cancellationToken);
        return ([.. departments.Select(d => (d.Id, d.Name))], [.. members.Select(m => (m.Id, m.DisplayName.Length > 0 ? m.DisplayName : m.Email ?? m.Id))]);
    }

    /// <summary>Every budget of the workspace, workspace first, with its current period's spend.</summary>
    public async Task<IReadOnlyList<BudgetLine>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var budgets = await db.Budgets.AsNoTracking().ToListAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        var userIds = budgets.Where(b => b.UserId is not null).Select(b => b.UserId!).ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName.Length > 0 ? u.DisplayName : u.Email ?? u.Id, cancellationToken);
        var lines = new List<BudgetLine>();
        foreach (var budget in budgets.OrderBy(b => b.Level).ThenBy(b => b.UserId is not null))
        {
            var name = budget.Level switch
            {
                BudgetLevel.Department => departments.GetValueOrDefault(budget.DepartmentId ?? Guid.Empty),
                BudgetLevel.Member when budget.UserId is { } user => users.GetValueOrDefault(user),
                _ => null,
            };
            // The member default has a ledger per member: its line shows the amount, each member sees their own spend.
            lines.Add(budget.Scope == Budget.MemberDefaultScope
                ? new BudgetLine(budget, name, BudgetWindow.For(budget, time.GetUtcNow(), TimeZoneId), 0, 0)
                : await LineAsync(db, budget, budget.UserId ?? "", name, cancellationToken));
        }

        return [.. lines.OrderBy(l => l.Budget.Level).ThenBy(l => l.Budget.UserId is not null).ThenBy(l => l.SubjectName, StringComparer.Ordinal)];
    }

    /// <summary>The budgets that apply to <paramref name="userId"/> now, workspace first, with what remains of each.</summary>
    public async Task<IReadOnlyList<BudgetLine>> ForMemberAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var lines = new List<BudgetLine>();
        foreach (var budget in await BudgetGate.ApplicableAsync(db, userId, cancellationToken))
        {
            lines.Add(await LineAsync(db, budget, budget.Level == BudgetLevel.Member ? userId : "", null, cancellationToken));
        }

        return lines;
    }

    /// <summary>The ledger's figures, or what the usage records say when no answer has created the ledger yet (read only).</summary>
    private async Task<BudgetLine> LineAsync(AppDbContext db, Budget budget, string subject, string? name, CancellationToken cancellationToken)
    {
        var info = tenant.MultiTenantContext.TenantInfo ?? throw new InvalidOperationException("No tenant is set.");
        var window = BudgetWindow.For(budget, time.GetUtcNow(), info.TimeZoneId);
        var id = BudgetGate.LedgerId(info.Id, budget.Id, subject, window.Key);
        var ledger = await db.BudgetLedgers.AsNoTracking().Where(l => l.Id == id).Select(l => new { l.Spent, l.Reserved, l.Granted }).FirstOrDefaultAsync(cancellationToken);
        return ledger is not null
            ? new BudgetLine(budget, name, window, ledger.Spent, ledger.Reserved, ledger.Granted)
            : new BudgetLine(budget, name, window, await gate.SpentFromHistoryAsync(db, budget, subject, window, cancellationToken), 0);
    }

    /// <summary>Validates and saves one budget; nothing is saved when a problem is returned.</summary>
    public async Task<Result<BudgetProblem>> SaveAsync(BudgetForm form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var max = form.Unit == BudgetUnit.Yen ? Budget.MaxYen : Budget.MaxTokens;
        if (form.Amount < 1 || form.Amount > max)
        {
            return new Problem<BudgetProblem>(BudgetProblem.AmountOutOfRange, Field: nameof(BudgetForm.Amount));
        }

        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var all = await db.Budgets.ToListAsync(cancellationToken);
        Budget? budget = null;
        if (form.Id is { } id)
        {
            budget = all.SingleOrDefault(b => b.Id == id);
            if (budget is null)
            {
                return BudgetProblem.NotFound;
            }

            // The level and subject of an existing budget are what it is; only its figures change.
            form.Level = budget.Level;
            form.DepartmentId = budget.DepartmentId;
            form.UserId = budget.UserId;
        }

        string scope;
        Guid? memberDepartment = null;
        switch (form.Level)
        {
            case BudgetLevel.Department:
                if (form.DepartmentId is not { } departmentId || !await db.Departments.AnyAsync(d => d.Id == departmentId, cancellationToken))
                {
                    return new Problem<BudgetProblem>(BudgetProblem.DepartmentNotFound, Field: nameof(BudgetForm.DepartmentId));
                }

                scope = Budget.DepartmentScope(departmentId);
                break;
            case BudgetLevel.Member when form.UserId is { Length: > 0 } userId:
                var member = await db.Users.Where(u => u.Id == userId).Select(u => new { u.DepartmentId }).FirstOrDefaultAsync(cancellationToken);
                if (member is null)
                {
                    return new Problem<BudgetProblem>(BudgetProblem.MemberNotFound, Field: nameof(BudgetForm.UserId));
                }

                memberDepartment = member.DepartmentId;
                scope = Budget.MemberScope(userId);
                break;
            case BudgetLevel.Member:
                form.UserId = null;
                scope = Budget.MemberDefaultScope;
                break;
            default:
                form.DepartmentId = null;
                form.UserId = null;
                scope = Budget.WorkspaceScope;
                break;
        }

        if (budget is null && all.Any(b => b.Scope == scope))
        {
            return BudgetProblem.AlreadyExists;
        }

        if (await NestingProblemAsync(db, all, form, scope, memberDepartment, cancellationToken) is { } nesting)
        {
            return nesting;
        }

        // A running period is cut short by a change of period (as by one of the fiscal year's start, WorkspaceFiscalYear):
        // the new period's ledger starts from the usage records so far in it, and answers in flight settle on the
        // ledger they reserved on.
        var periodChanges = budget is not null && budget.Period != form.Period;
        if (periodChanges && !form.ConfirmPeriodChange)
        {
            return new Problem<BudgetProblem>(BudgetProblem.PeriodChangeNeedsConfirmation, Field: nameof(BudgetForm.ConfirmPeriodChange));
        }

        var now = time.GetUtcNow();
        if (budget is null)
        {
            budget = new Budget
            {
                Scope = scope, Level = form.Level, DepartmentId = form.DepartmentId, UserId = form.UserId,
                FiscalYearStartMonth = await fiscalYear.StartMonthAsync(db, cancellationToken),
            };
            db.Budgets.Add(budget);
        }

        var before = new { budget.Amount, Unit = budget.Unit.ToString(), Period = budget.Period.ToString(), Mode = budget.Mode.ToString() };
        budget.Amount = form.Amount;
        budget.Unit = form.Unit;
        budget.Period = form.Period;
        budget.Mode = form.Mode;
        budget.UpdatedAt = now;
        audit.Record(db, AuditActions.BudgetSaved, new AuditTarget("budget", budget.Id.ToString()), new
        {
            Level = budget.Level.ToString(), budget.DepartmentId, Member = budget.UserId, budget.Amount, Unit = budget.Unit.ToString(),
            Period = budget.Period.ToString(), Mode = budget.Mode.ToString(), Before = form.Id is null ? null : before,
        });
        await db.SaveChangesAsync(cancellationToken);
        return Result<BudgetProblem>.Ok;
    }

    /// <summary>Member budgets may not exceed their department's, of the same unit and period (either side may be the one saved).</summary>
    private static async Task<Problem<BudgetProblem>?> NestingProblemAsync(
        AppDbContext db, List<Budget> all, BudgetForm form, string scope, Guid? memberDepartment, CancellationToken cancellationToken)
    {
        bool Comparable(Budget b) => b.Unit == form.Unit && b.Period == form.Period && b.Scope != scope;
        async Task<string> NameAsync(Guid? departmentId) =>
            await db.Departments.Where(d => d.Id == departmentId).Select(d => d.Name).FirstOrDefaultAsync(cancellationToken) ?? "";

        switch (form.Level)
        {
            case BudgetLevel.Member:
                var departments = all.Where(b => b.Level == BudgetLevel.Department && Comparable(b)
                    && (form.UserId is null || b.DepartmentId == memberDepartment) && b.Amount < form.Amount).ToList();
                return departments.Count == 0 ? null
                    : new(BudgetProblem.AboveDepartment, await NameAsync(departments.MinBy(b => b.Amount)!.DepartmentId), Field: nameof(BudgetForm.Amount));
            case BudgetLevel.Department:
                var inDepartment = await db.Users.Where(u => u.DepartmentId == form.DepartmentId).Select(u => u.Id).ToListAsync(cancellationToken);
                var above = all.Any(b => b.Level == BudgetLevel.Member && Comparable(b) && b.Amount > form.Amount
                    && (b.UserId is null || inDepartment.Contains(b.UserId)));
                return above ? new(BudgetProblem.BelowMembers, await NameAsync(form.DepartmentId), Field: nameof(BudgetForm.Amount)) : null;
            default:
                return null;
        }
    }

    /// <summary>Deletes a budget (its ledgers stay as history; answers in flight settle on them). False when not found.</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var budget = await db.Budgets.SingleOrDefaultAsync(b => b.Id == id, cancellationToken);
        if (budget is null)
        {
            return false;
        }

        db.Budgets.Remove(budget);
        audit.Record(db, AuditActions.BudgetDeleted, new AuditTarget("budget", id.ToString()), new
        {
            Level = budget.Level.ToString(), budget.DepartmentId, Member = budget.UserId, budget.Amount, Unit = budget.Unit.ToString(),
        });
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
