using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Email;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Budgets;

/// <summary>Hands ledgers that just crossed an alert threshold to the alert job, off the answer's path.</summary>
public interface IBudgetAlertQueue
{
    /// <param name="refusedLedgerId">A hard-stop ledger that just refused a request: it counts as at 100%.</param>
    void Enqueue(string tenantId, IReadOnlyList<Guid> ledgerIds, Guid? refusedLedgerId = null);
}

/// <summary>A Hangfire job per crossing (rare: three thresholds per budget, subject and period).</summary>
public sealed class HangfireBudgetAlertQueue(IBackgroundJobClient jobs) : IBudgetAlertQueue
{
    public void Enqueue(string tenantId, IReadOnlyList<Guid> ledgerIds, Guid? refusedLedgerId = null)
    {
        var ids = ledgerIds.ToArray();
        jobs.Enqueue<BudgetAlertJob>(j => j.RunAsync(tenantId, ids, refusedLedgerId, CancellationToken.None));
    }
}

/// <summary>
/// Mails the 50/80/100% alerts of the given ledgers: to the member (member level), the department's managers
/// (department level) and the admins (every level), each in their language. Exactly once per threshold and period
/// across any number of instances and runs: the <see cref="BudgetAlert"/> row is inserted first and its unique
/// index lets one insert win; the mail follows, and when it fails the row is removed again for Hangfire's retry.
/// A ledger jumping past several thresholds at once records all of them and mails the highest.
/// </summary>
public sealed partial class BudgetAlertJob(TenantScopeFactory scopes, IEmailSender email, PublicUrls urls, ILogger<BudgetAlertJob> logger)
{
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [30, 120, 600])]
    [JobDisplayName("Budget alerts")]
    public async Task RunAsync(string tenantId, Guid[] ledgerIds, Guid? refusedLedgerId, CancellationToken cancellationToken)
    {
        await using var scope = await scopes.CreateScopeAsync(tenantId, cancellationToken);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tenant = scope.ServiceProvider.GetRequiredService<IMultiTenantContextAccessor<AppTenantInfo>>().MultiTenantContext.TenantInfo!;
        foreach (var ledgerId in ledgerIds.Distinct())
        {
            await EvaluateAsync(db, tenant, ledgerId, ledgerId == refusedLedgerId, cancellationToken);
        }
    }

    private async Task EvaluateAsync(AppDbContext db, AppTenantInfo tenant, Guid ledgerId, bool refused, CancellationToken cancellationToken)
    {
        var ledger = await db.BudgetLedgers.AsNoTracking().SingleOrDefaultAsync(l => l.Id == ledgerId, cancellationToken);
        var budget = ledger is null ? null : await db.Budgets.AsNoTracking().SingleOrDefaultAsync(b => b.Id == ledger.BudgetId, cancellationToken);
        if (ledger is null || budget is null)
        {
            return; // the budget was deleted meanwhile
        }

        var limit = budget.LimitUnits + ledger.Granted;
        var reached = BudgetAlert.Thresholds.Where(t => ledger.Spent * 100 >= t * limit || (refused && t == 100 && budget.Mode == BudgetMode.HardStop)).ToList();
        if (reached.Count == 0)
        {
            return;
        }

        var known = await db.BudgetAlerts.AsNoTracking()
            .Where(a => a.BudgetId == budget.Id && a.Subject == ledger.Subject && a.PeriodKey == ledger.PeriodKey)
            .Select(a => a.Threshold).ToListAsync(cancellationToken);
        var fresh = reached.Except(known).ToList();
        if (fresh.Count == 0)
        {
            return;
        }

        var rows = fresh.Select(t => new BudgetAlert { BudgetId = budget.Id, Subject = ledger.Subject, PeriodKey = ledger.PeriodKey, Threshold = t }).ToList();
        db.BudgetAlerts.AddRange(rows);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return; // another instance or run inserted (and mails) them
        }

        try
        {
            var highest = fresh.Max();
            var subject = BudgetPeople.MailSubject(budget, await BudgetPeople.SubjectNameAsync(db, budget, ledger.Subject, cancellationToken));
            foreach (var person in await BudgetPeople.ForAsync(db, budget, ledger.Subject, approversOnly: false, cancellationToken))
            {
                // The member lands on their usage; those who decide land on the budgets page.
                var url = urls.Workspace(tenant.Identifier, person.Id == ledger.Subject ? "/usage" : "/settings/budgets");
                await email.SendAsync(EmailTemplates.BudgetAlert(new BudgetAlertEmail(
                    person.Email, tenant.Name, subject, highest, BudgetPeople.ToAmount(budget, ledger.Spent), BudgetPeople.ToAmount(budget, limit),
                    ledger.PeriodKey, budget.Mode == BudgetMode.HardStop, url), person.Culture), cancellationToken);
            }

            LogSent(logger, tenant.Id, budget.Id, highest, ledger.PeriodKey);
        }
        catch
        {
            db.BudgetAlerts.RemoveRange(rows);
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Budget alert {Threshold}% sent for tenant {TenantId}, budget {BudgetId} ({Period})")]
    private static partial void LogSent(ILogger logger, string tenantId, Guid budgetId, int threshold, string period);
}
