using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Budgets;

/// <summary>Which part of the workspace a budget limits.</summary>
public enum BudgetLevel
{
    /// <summary>The whole workspace, every member and provider option together.</summary>
    Workspace = 0,

    /// <summary>One department, pooled: its members share the amount.</summary>
    Department = 1,

    /// <summary>Each member on their own: the default for everyone (no <see cref="Budget.UserId"/>) or one member's override.</summary>
    Member = 2,
}

/// <summary>What a budget counts.</summary>
public enum BudgetUnit
{
    /// <summary>Yen, tax excluded, priced from the price table (<c>Usage:Pricing</c>).</summary>
    Yen = 0,

    /// <summary>Input plus output tokens.</summary>
    Tokens = 1,
}

/// <summary>How long a budget's amount lasts, in the workspace's time zone.</summary>
public enum BudgetPeriod
{
    Month = 0,

    /// <summary>Twelve months from <see cref="Budget.FiscalYearStartMonth"/>.</summary>
    FiscalYear = 1,
}

/// <summary>What happens at 100%.</summary>
public enum BudgetMode
{
    /// <summary>Spend is counted and shown; answers go on past 100%.</summary>
    AlertOnly = 0,

    /// <summary>A request whose maximum cost would cross 100% is refused before the model is called.</summary>
    HardStop = 1,
}

/// <summary>
/// One budget of a workspace: the workspace's, a department's, the member default, or one member's override
/// (<see cref="Scope"/> tells them apart and is unique per workspace). What was spent and what is reserved in a
/// period live in <see cref="BudgetLedger"/> rows, so changing the amount never touches them.
/// </summary>
public sealed class Budget : ITenantVersioned
{
    /// <summary>The most any budget may be: ¥1,000,000,000 or 10^12 tokens; more is surely a typo.</summary>
    public const long MaxYen = 1_000_000_000;

    public const long MaxTokens = 1_000_000_000_000;

    public const string WorkspaceScope = "workspace";

    public const string MemberDefaultScope = "member:*";

    public Guid Id { get; set; } = Guid.NewGuid();

    public string TenantId { get; set; } = "";

    /// <summary><c>workspace</c>, <c>department:{id}</c>, <c>member:*</c> (the default) or <c>member:{userId}</c>.</summary>
    public string Scope { get; set; } = "";

    public BudgetLevel Level { get; set; }

    /// <summary>The department of a department budget.</summary>
    public Guid? DepartmentId { get; set; }

    /// <summary>The member of an override; null on the member default.</summary>
    public string? UserId { get; set; }

    public BudgetUnit Unit { get; set; }

    /// <summary>Whole yen or tokens per period.</summary>
    public long Amount { get; set; }

    public BudgetPeriod Period { get; set; }

    /// <summary>A copy of the workspace's fiscal year start month (1–12), kept by <see cref="WorkspaceFiscalYear"/>: the gate reads no second row.</summary>
    public int FiscalYearStartMonth { get; set; } = 4;

    public BudgetMode Mode { get; set; }

    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>The amount in ledger units: tokens, or micro-yen (so one answer's fraction of a yen still counts).</summary>
    public long LimitUnits => Unit == BudgetUnit.Yen ? Amount * BudgetCosts.MicroYenPerYen : Amount;

    public long MaxAmount => Unit == BudgetUnit.Yen ? MaxYen : MaxTokens;

    public static string DepartmentScope(Guid departmentId) => "department:" + departmentId.ToString("N");

    public static string MemberScope(string userId) => "member:" + userId;
}

/// <summary>
/// What one budget's subject spent and holds reserved in one period: the workspace or department itself, or one
/// member (under the member default every member has a ledger of their own). The id is derived from the budget,
/// subject and period, so every app instance addresses the same row without reading it first; reservations are
/// taken with one conditional UPDATE of <see cref="Reserved"/> on this row, so the check and the reservation are
/// one atomic step on every database and no usage history is summed per request.
/// </summary>
public sealed class BudgetLedger : ITenantOwned
{
    public Guid Id { get; set; }

    public string TenantId { get; set; } = "";

    public Guid BudgetId { get; set; }

    /// <summary>The member of a member-level ledger; empty otherwise.</summary>
    public string Subject { get; set; } = "";

    /// <summary>The period (<c>2026-12</c>, or <c>FY2026-04</c> for the fiscal year from April 2026).</summary>
    public string PeriodKey { get; set; } = "";

    /// <summary>Settled cost in ledger units (tokens or micro-yen).</summary>
    public long Spent { get; set; }

    /// <summary>The maximum cost of the answers in flight, in ledger units.</summary>
    public long Reserved { get; set; }

    /// <summary>
    /// Approved "request more" increases for this period, in ledger units (the sum of the approved
    /// <see cref="BudgetRequest.GrantedUnits"/> on this ledger). The hard-stop check adds it to the budget's limit in the
    /// same statement, so a grant costs the answer path nothing; the next period's ledger starts at zero again.
    /// </summary>
    public long Granted { get; set; }
}

/// <summary>
/// One answer's hold on one ledger. Settled (deleted, with <see cref="BudgetLedger.Reserved"/> lowered and the real
/// cost added to <see cref="BudgetLedger.Spent"/>) when the answer's usage is saved; a row whose instance crashed
/// is deleted after <see cref="ExpiresAt"/> by the housekeeping job, which returns its amount to the ledger.
/// </summary>
public sealed class BudgetReservation : ITenantOwned, IExpiringRow
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string TenantId { get; set; } = "";

    public Guid LedgerId { get; set; }

    /// <summary>Ledger units held.</summary>
    public long Amount { get; set; }

    /// <summary>UTC.</summary>
    public DateTime ExpiresAt { get; set; }
}
