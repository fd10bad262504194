using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Core.Usage;

namespace SecureAiChat.Core.Budgets;

/// <summary>One budget that applies to a request, with the ledger of its current period and the request's maximum cost there.</summary>
internal sealed record BudgetCharge(Budget Budget, string Subject, BudgetWindow Window, Guid LedgerId, long MaxUnits);

/// <summary>
/// The budgets one answer must fit in (workspace, the member's department, the member's override or the default),
/// planned before the reservation transaction and taken inside it (<see cref="TokenReservations"/> runs both in one
/// transaction). Once taken, <see cref="SettleAsync"/> charges the real usage; disposing without settling (the
/// answer never reached the model, or failed before its usage was saved) returns the hold.
/// </summary>
public sealed class BudgetHold : IAnswerHold
{
    private readonly BudgetGate _gate;
    private readonly List<(BudgetCharge Charge, Guid ReservationId)> _taken = [];
    private int _done;

    internal BudgetHold(BudgetGate gate, string tenantId, string model, IReadOnlyList<BudgetCharge> charges)
    {
        _gate = gate;
        TenantId = tenantId;
        Model = model;
        Charges = charges;
    }

    internal string TenantId { get; }

    internal string Model { get; }

    internal IReadOnlyList<BudgetCharge> Charges { get; }

    /// <summary>The level of the budget that refused the last take (or whose ledger was missing); null after a take that succeeded.</summary>
    public BudgetLevel? RefusedLevel { get; private set; }

    /// <summary>
    /// Inside the caller's transaction: raises <see cref="BudgetLedger.Reserved"/> on every ledger in one UPDATE. A
    /// hard-stop budget's row only matches while spent + reserved + this cost stays within the amount; the database
    /// evaluates that under the row's lock, so parallel requests on any number of instances take the last room once.
    /// The reservation rows are added to <paramref name="db"/> for the caller's SaveChanges. (Should two requests ever
    /// lock shared rows crosswise, PostgreSQL and SQL Server report a deadlock, which their retrying strategies retry.)
    /// </summary>
    /// <returns><see cref="AnswerHoldTake.Taken"/>, or (transaction rolled back, <see cref="RefusedLevel"/> set) refused
    /// or a ledger does not exist yet.</returns>
    public async Task<AnswerHoldTake> TakeAsync(AppDbContext db, DateTime now, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        _taken.Clear();
        RefusedLevel = null;
        // One statement for every level (one round trip on the first-token path): each row's own condition, the
        // hard stop's "spent + reserved + cost <= amount", is evaluated by the database under that row's lock. Rows
        // are locked in the statement's order on every instance alike. Fewer rows than levels: the transaction is
        // rolled back, so the levels that had room keep nothing reserved.
        var sql = new RawSql();
        var tenant = sql.P(TenantId);
        sql.Append("""UPDATE "BudgetLedgers" SET "Reserved" = "Reserved" + CASE "Id" """);
        foreach (var charge in Charges)
        {
            sql.Append(" WHEN ").Append(sql.P(charge.LedgerId)).Append(" THEN ").Append(sql.P(charge.MaxUnits));
        }

        sql.Append($""" ELSE 0 END WHERE "TenantId" = {tenant} AND (""");
        var first = true;
        foreach (var charge in Charges)
        {
            sql.Append(first ? "" : " OR ").Append("""("Id" = """).Append(sql.P(charge.LedgerId));
            if (charge.Budget.Mode == BudgetMode.HardStop)
            {
                // "Granted": the period's approved increases, on the row itself, so a grant costs no extra read.
                sql.Append(""" AND "Spent" + "Reserved" + """).Append(sql.P(charge.MaxUnits)).Append(" <= ").Append(sql.P(charge.Budget.LimitUnits)).Append(" + \"Granted\"");
            }

            sql.Append(')');
            first = false;
        }

        sql.Append(')');
        var updated = await sql.ExecuteAsync(db, cancellationToken);
        if (updated != Charges.Count)
        {
            await db.Database.RollbackTransactionAsync(cancellationToken);
            return await WhyNotAsync(db, cancellationToken);
        }

        foreach (var charge in Charges)
        {
            var reservation = new BudgetReservation { LedgerId = charge.LedgerId, Amount = charge.MaxUnits, ExpiresAt = now + lifetime };
            db.BudgetReservations.Add(reservation);
            _taken.Add((charge, reservation.Id));
        }

        return AnswerHoldTake.Taken;
    }

    /// <summary>After a refused reservation (rolled back): a ledger still to create, or the first level without room.</summary>
    private async Task<AnswerHoldTake> WhyNotAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var ids = Charges.Select(c => c.LedgerId).ToList();
        var ledgers = await db.BudgetLedgers.AsNoTracking().Where(l => ids.Contains(l.Id))
            .ToDictionaryAsync(l => l.Id, l => l.Spent + l.Reserved - l.Granted, cancellationToken);
        if (Charges.FirstOrDefault(c => !ledgers.ContainsKey(c.LedgerId)) is { } missing)
        {
            RefusedLevel = missing.Budget.Level;
            return AnswerHoldTake.NotReady;
        }

        var full = Charges.FirstOrDefault(c => c.Budget.Mode == BudgetMode.HardStop && ledgers[c.LedgerId] + c.MaxUnits > c.Budget.LimitUnits);
        // A hard stop that refuses counts as reached (100%) even when the settled spend is a little below it: queued
        // once per period (a member retrying does not queue a job per attempt).
        if (full is not null && !await db.BudgetAlerts.AnyAsync(a => a.BudgetId == full.Budget.Id && a.Subject == full.Subject
                && a.PeriodKey == full.Window.Key && a.Threshold == 100, cancellationToken))
        {
            _gate.QueueAlerts(TenantId, [full.LedgerId], full.LedgerId);
        }

        RefusedLevel = (full ?? Charges[^1]).Budget.Level;
        return AnswerHoldTake.Refused;
    }

    /// <summary>Creates the ledgers this request needs that do not exist yet (outside any transaction).</summary>
    public Task PrepareAsync(AppDbContext db, CancellationToken cancellationToken) => _gate.EnsureLedgersAsync(db, Charges, cancellationToken);

    /// <summary>Charges the answer's real usage and returns what was held beyond it. Once; later calls do nothing.</summary>
    public Task SettleAsync(long inputTokens, long outputTokens) =>
        Interlocked.Exchange(ref _done, 1) == 0 ? _gate.SettleAsync(this, _taken, inputTokens, outputTokens) : Task.CompletedTask;

    /// <summary>Returns the hold unused when the answer was not settled.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _done, 1) == 0 && _taken.Count > 0)
        {
            await _gate.SettleAsync(this, _taken, 0, 0).ConfigureAwait(false);
        }
    }
}

/// <summary>Finds the budgets of a request, creates ledgers, settles holds and sweeps expired ones.</summary>
public sealed partial class BudgetGate(
    IDbContextFactory<AppDbContext> dbs,
    IMultiTenantContextAccessor<AppTenantInfo> tenant,
    TenantScopeFactory tenantScopes,
    IOptions<UsagePricingOptions> pricing,
    TimeProvider time,
    IBudgetAlertQueue alerts,
    TenantSettingsCache settings,
    ILogger<BudgetGate> logger)
{
    /// <summary>
    /// The budgets that apply to <paramref name="userId"/>'s next answer with its maximum cost, or null when the workspace
    /// has none. Read before the reservation transaction: a budget changed meanwhile applies from the next request.
    /// </summary>
    public async Task<BudgetHold?> PlanAsync(string userId, string model, long inputTokens, long maxOutputTokens, CancellationToken cancellationToken = default)
    {
        var info = tenant.MultiTenantContext.TenantInfo ?? throw new InvalidOperationException("No tenant is set.");
        // The workspace's budgets are read before every answer: kept per workspace until one is saved (here or on
        // another instance). Only the member's department is read per answer, and only when a department has a budget.
        var budgets = await settings.GetAsync(info.Id, async ct =>
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            return new WorkspaceBudgets(await db.Budgets.AsNoTracking().ToListAsync(ct));
        }, cancellationToken);
        if (budgets.All.Count == 0)
        {
            return null;
        }

        Guid? department = null;
        if (budgets.AnyDepartment)
        {
            await using var db = await dbs.CreateDbContextAsync(cancellationToken);
            department = await db.Users.Where(u => u.Id == userId).Select(u => u.DepartmentId).FirstOrDefaultAsync(cancellationToken);
        }

        var applicable = budgets.ApplicableTo(userId, department);
        if (applicable.Count == 0)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var charges = applicable.ConvertAll(b =>
        {
            var subject = b.Level == BudgetLevel.Member ? userId : "";
            var window = BudgetWindow.For(b, now, info.TimeZoneId);
            return new BudgetCharge(b, subject, window, LedgerId(info.Id, b.Id, subject, window.Key),
                BudgetCosts.Units(b.Unit, pricing.Value, model, inputTokens, maxOutputTokens));
        });
        return new BudgetHold(this, info.Id, model, charges);
    }

    /// <summary>Workspace, then the member's department, then the member's override or else the default.</summary>
    internal static async Task<List<Budget>> ApplicableAsync(AppDbContext db, string userId, CancellationToken cancellationToken)
    {
        var department = await db.Users.Where(u => u.Id == userId).Select(u => u.DepartmentId).FirstOrDefaultAsync(cancellationToken);
        var own = Budget.MemberScope(userId);
        var budgets = await db.Budgets.AsNoTracking()
            .Where(b => b.Level == BudgetLevel.Workspace || (b.Level == BudgetLevel.Department && b.DepartmentId == department)
                || b.Scope == own || b.Scope == Budget.MemberDefaultScope)
            .ToListAsync(cancellationToken);
        return new WorkspaceBudgets(budgets).ApplicableTo(userId, department);
    }

    /// <summary>A stable id per tenant, budget, subject and period, the same on every instance.</summary>
    internal static Guid LedgerId(string tenantId, Guid budgetId, string subject, string periodKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{tenantId}\n{budgetId:N}\n{subject}\n{periodKey}"));
        return new Guid(hash.AsSpan(0, 16));
    }

    /// <summary>
    /// Creates missing ledgers with what the subject already used in the period (from the usage records, once per
    /// ledger): a budget added or a period changed mid-period starts from the real spend so far, not from zero.
    /// A lost race with another instance creating the same row is no error: the id is the same.
    /// </summary>
    internal async Task EnsureLedgersAsync(AppDbContext db, IEnumerable<BudgetCharge> charges, CancellationToken cancellationToken)
    {
        foreach (var charge in charges)
        {
            if (await db.BudgetLedgers.AnyAsync(l => l.Id == charge.LedgerId, cancellationToken))
            {
                continue;
            }

            var spent = await SpentFromHistoryAsync(db, charge.Budget, charge.Subject, charge.Window, cancellationToken);
            db.BudgetLedgers.Add(new BudgetLedger
            {
                Id = charge.LedgerId, BudgetId = charge.Budget.Id, Subject = charge.Subject, PeriodKey = charge.Window.Key, Spent = spent,
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear(); // another instance created it first
            }
        }
    }

    /// <summary>The usage of a budget's subject in a window, in the budget's units.</summary>
    internal async Task<long> SpentFromHistoryAsync(AppDbContext db, Budget budget, string subject, BudgetWindow window, CancellationToken cancellationToken)
    {
        var records = db.UsageRecords.Where(u => u.CreatedAt >= window.StartUtc && u.CreatedAt < window.EndUtc);
        records = budget.Level switch
        {
            BudgetLevel.Department => records.Where(u => u.DepartmentId == budget.DepartmentId),
            BudgetLevel.Member => records.Where(u => u.UserId == subject),
            _ => records,
        };
        var byModel = await records.GroupBy(u => u.Model)
            .Select(g => new { Model = g.Key, Input = g.Sum(u => (long)u.InputTokens), Output = g.Sum(u => (long)u.OutputTokens) })
            .ToListAsync(cancellationToken);
        return byModel.Sum(m => BudgetCosts.Units(budget.Unit, pricing.Value, m.Model, m.Input, m.Output));
    }

    /// <summary>
    /// Per ledger, in one transaction: deletes the reservation and, if it was still there, lowers Reserved by its amount;
    /// adds the real cost to Spent either way (a reservation already swept as expired gave its amount back then).
    /// Runs in a tenant scope of its own: the caller's scope may be gone (closed tab).
    /// </summary>
    internal async Task SettleAsync(BudgetHold hold, IReadOnlyList<(BudgetCharge Charge, Guid ReservationId)> taken, long inputTokens, long outputTokens)
    {
        if (taken.Count == 0)
        {
            return;
        }

        await using var scope = await tenantScopes.CreateScopeAsync(hold.TenantId, CancellationToken.None).ConfigureAwait(false);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>()
            .CreateDbContextAsync(CancellationToken.None).ConfigureAwait(false);
        var crossed = await db.Database.CreateExecutionStrategy().ExecuteAsync(db, async (context, ct) =>
        {
            await using var transaction = await context.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
            var costs = new Dictionary<Guid, long>();
            foreach (var (charge, reservationId) in taken)
            {
                var cost = inputTokens + outputTokens == 0 ? 0 : BudgetCosts.Units(charge.Budget.Unit, pricing.Value, hold.Model, inputTokens, outputTokens);
                var deleted = await context.BudgetReservations.Where(r => r.Id == reservationId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
                var back = deleted == 1 ? charge.MaxUnits : 0;
                await context.BudgetLedgers.Where(l => l.Id == charge.LedgerId)
                    .ExecuteUpdateAsync(s => s.SetProperty(l => l.Spent, l => l.Spent + cost).SetProperty(l => l.Reserved, l => l.Reserved - back), ct)
                    .ConfigureAwait(false);
                costs[charge.LedgerId] = cost;
            }

            // Read inside the transaction, after the updates, under their row locks: each settle sees the spend its own
            // cost brought, so of all settles exactly the one whose cost carried a ledger across a threshold notices it.
            var found = new List<Guid>();
            var charged = costs.Where(c => c.Value > 0).Select(c => c.Key).ToList();
            if (charged.Count > 0)
            {
                var after = await context.BudgetLedgers.AsNoTracking().Where(l => charged.Contains(l.Id))
                    .Select(l => new { l.Id, l.Spent, l.Granted }).ToListAsync(ct).ConfigureAwait(false);
                foreach (var ledger in after)
                {
                    var limit = taken.First(t => t.Charge.LedgerId == ledger.Id).Charge.Budget.LimitUnits + ledger.Granted;
                    if (CrossesThreshold(ledger.Spent - costs[ledger.Id], ledger.Spent, limit)) found.Add(ledger.Id);
                }
            }

            await transaction.CommitAsync(ct).ConfigureAwait(false);
            return found;
        }, CancellationToken.None).ConfigureAwait(false);
        if (crossed.Count > 0)
        {
            QueueAlerts(hold.TenantId, crossed, null);
        }
    }

    /// <summary>Whether going from <paramref name="before"/> to <paramref name="after"/> crossed 50, 80 or 100% of <paramref name="limit"/>.</summary>
    internal static bool CrossesThreshold(long before, long after, long limit) =>
        limit > 0 && BudgetAlert.Thresholds.Any(t => before * 100 < t * limit && after * 100 >= t * limit);

    /// <summary>Queues the alert job; a failure to queue never fails the answer (the next crossing or refusal queues again).</summary>
    internal void QueueAlerts(string tenantId, IReadOnlyList<Guid> ledgerIds, Guid? refusedLedgerId)
    {
        try
        {
            alerts.Enqueue(tenantId, ledgerIds, refusedLedgerId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogQueueFailed(logger, ex, tenantId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Budget alerts could not be queued for tenant {TenantId}")]
    private static partial void LogQueueFailed(ILogger logger, Exception exception, string tenantId);

    /// <summary>
    /// Deletes expired reservations of every tenant (left by a crashed instance) and returns their amounts to their
    /// ledgers, each in a transaction of its own: a reservation settled meanwhile is deleted once, by whoever comes first.
    /// </summary>
    public static async Task<int> SweepExpiredAsync(AppDbContext db, DateTime now, int batchSize, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var expired = await db.BudgetReservations.IgnoreQueryFilters([TenantFilter.Name]).AsNoTracking()
                .Where(r => r.ExpiresAt < now).OrderBy(r => r.Id).Take(batchSize)
                .Select(r => new { r.Id, r.LedgerId, r.Amount })
                .ToListAsync(cancellationToken);
            foreach (var row in expired)
            {
                total += await db.Database.CreateExecutionStrategy().ExecuteAsync(db, async (context, ct) =>
                {
                    await using var transaction = await context.Database.BeginTransactionAsync(ct);
                    var deleted = await context.BudgetReservations.IgnoreQueryFilters([TenantFilter.Name]).Where(r => r.Id == row.Id).ExecuteDeleteAsync(ct);
                    if (deleted == 1)
                    {
                        await context.BudgetLedgers.IgnoreQueryFilters([TenantFilter.Name]).Where(l => l.Id == row.LedgerId)
                            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Reserved, l => l.Reserved - row.Amount), ct);
                    }

                    await transaction.CommitAsync(ct);
                    return deleted;
                }, cancellationToken);
            }

            if (expired.Count < batchSize) return total;
        }
    }
}

/// <summary>A workspace's budgets as read once (shared between answers: never changed after the read).</summary>
internal sealed record WorkspaceBudgets(IReadOnlyList<Budget> All)
{
    public bool AnyDepartment { get; } = All.Any(b => b.Level == BudgetLevel.Department);

    /// <summary>Workspace, then the member's department, then the member's override or else the default.</summary>
    public List<Budget> ApplicableTo(string userId, Guid? departmentId)
    {
        var own = Budget.MemberScope(userId);
        var hasOwn = All.Any(b => b.Scope == own);
        return [.. All.Where(b => b.Level == BudgetLevel.Workspace
                || (b.Level == BudgetLevel.Department && departmentId is not null && b.DepartmentId == departmentId)
                || b.Scope == own || (!hasOwn && b.Scope == Budget.MemberDefaultScope))
            .OrderBy(b => b.Level)];
    }
}
