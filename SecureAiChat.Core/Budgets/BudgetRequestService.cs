using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Email;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Budgets;

/// <summary>Why a request or a decision was not saved (nothing was).</summary>
public enum BudgetRequestProblem
{
    /// <summary>Below 1, or above the most a budget may be (<see cref="Budget.MaxYen"/> / <see cref="Budget.MaxTokens"/>).</summary>
    AmountOutOfRange,
    ReasonRequired,
    ReasonTooLong,

    /// <summary>A denial needs a comment that tells the member why.</summary>
    CommentRequired,
    CommentTooLong,

    /// <summary>No such request or budget in this workspace (another workspace's id included), or it does not apply to the member.</summary>
    NotFound,

    /// <summary>The member already has a pending request on this budget.</summary>
    AlreadyPending,

    /// <summary>Someone decided it first (or it was never pending).</summary>
    AlreadyDecided,

    /// <summary>Neither an admin nor a manager of the budget's department.</summary>
    NotApprover,

    /// <summary>Nobody decides their own request, admins included.</summary>
    OwnRequest,

    /// <summary>Approving more than was asked.</summary>
    AboveRequested,

    /// <summary>The request's period is over: an increase would apply to nothing (it can still be denied).</summary>
    PeriodEnded,
}

/// <summary>A request as the approver's list shows it.</summary>
public sealed record BudgetRequestLine(BudgetRequest Request, Budget Budget, string RequesterName, string? SubjectName);

/// <summary>
/// "Request more" (稟議): a member asks for more on a budget that applies to them; an approver (the department's managers
/// for a department budget, the admins for every budget) approves, possibly less, or denies with a comment. The decision
/// is one conditional update (only a pending request changes), so two approvers on two instances cannot both decide;
/// an approval adds its amount to the period's ledger (<see cref="BudgetLedger.Granted"/>) in the same transaction.
/// Every request and decision is audited before it is saved; both sides are mailed after.
/// </summary>
public sealed partial class BudgetRequestService(
    IDbContextFactory<AppDbContext> dbs,
    IMultiTenantContextAccessor<AppTenantInfo> tenant,
    BudgetGate gate,
    IAuditLog audit,
    IEmailSender email,
    PublicUrls urls,
    TimeProvider time,
    ILogger<BudgetRequestService> logger)
{
    private AppTenantInfo Tenant => tenant.MultiTenantContext.TenantInfo ?? throw new InvalidOperationException("No tenant is set.");

    /// <summary>Asks for <paramref name="amount"/> (whole yen or tokens) more on a budget that applies to <paramref name="userId"/>, this period.</summary>
    public async Task<Result<Guid, BudgetRequestProblem>> SubmitAsync(string userId, Guid budgetId, long amount, string? reason, CancellationToken cancellationToken = default)
    {
        var text = (reason ?? "").Trim();
        if (text.Length == 0) return BudgetRequestProblem.ReasonRequired;
        if (text.Length > BudgetRequest.ReasonMaxLength) return BudgetRequestProblem.ReasonTooLong;
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var budget = (await BudgetGate.ApplicableAsync(db, userId, cancellationToken)).SingleOrDefault(b => b.Id == budgetId);
        if (budget is null) return BudgetRequestProblem.NotFound;
        if (amount < 1 || amount > budget.MaxAmount) return BudgetRequestProblem.AmountOutOfRange;

        var subject = budget.Level == BudgetLevel.Member ? userId : "";
        var window = BudgetWindow.For(budget, time.GetUtcNow(), Tenant.TimeZoneId);
        if (await db.BudgetRequests.AnyAsync(r => r.RequesterId == userId && r.BudgetId == budgetId && r.PeriodKey == window.Key
                && r.Status == BudgetRequestStatus.Pending, cancellationToken))
        {
            return BudgetRequestProblem.AlreadyPending;
        }

        var request = new BudgetRequest
        {
            BudgetId = budget.Id, Subject = subject, LedgerId = BudgetGate.LedgerId(Tenant.Id, budget.Id, subject, window.Key),
            PeriodKey = window.Key, PeriodEndUtc = window.EndUtc, RequesterId = userId, Amount = amount, Reason = text, CreatedAt = time.GetUtcNow(),
        };
        db.BudgetRequests.Add(request);
        audit.Record(db, AuditActions.BudgetRequested, new AuditTarget("budget_request", request.Id.ToString()), new
        {
            Budget = budget.Id, Level = budget.Level.ToString(), budget.DepartmentId, Amount = amount, Unit = budget.Unit.ToString(), Period = window.Key,
            Reason = text,
        });
        await db.SaveChangesAsync(cancellationToken);

        var requester = (await BudgetPeople.PeopleAsync(db, [userId], cancellationToken)).FirstOrDefault();
        var mail = BudgetPeople.MailSubject(budget, await BudgetPeople.SubjectNameAsync(db, budget, subject, cancellationToken));
        foreach (var approver in (await BudgetPeople.ForAsync(db, budget, subject, approversOnly: true, cancellationToken)).Where(p => p.Id != userId))
        {
            await MailAsync(EmailTemplates.BudgetRequest(new BudgetRequestEmail(approver.Email, Tenant.Name, requester?.Name ?? userId, mail, amount, text, window.Key,
                urls.Workspace(Tenant.Identifier, "/settings/budgets")), approver.Culture), cancellationToken);
        }

        return request.Id;
    }

    /// <summary>The pending requests <paramref name="actorId"/> may decide (admins: all; managers: their departments' budgets), oldest first.</summary>
    public async Task<IReadOnlyList<BudgetRequestLine>> PendingAsync(string actorId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var admin = await BudgetPeople.IsAdminAsync(db, actorId, cancellationToken);
        var managed = db.DepartmentManagers.Where(m => m.UserId == actorId).Select(m => (Guid?)m.DepartmentId);
        var rows = await (from r in db.BudgetRequests.AsNoTracking()
                          join b in db.Budgets.AsNoTracking() on r.BudgetId equals b.Id
                          where r.Status == BudgetRequestStatus.Pending && (admin || (b.Level == BudgetLevel.Department && managed.Contains(b.DepartmentId)))
                          select new { Request = r, Budget = b }).ToListAsync(cancellationToken);
        rows = [.. rows.OrderBy(r => r.Request.CreatedAt)]; // in memory: SQLite cannot order by a DateTimeOffset
        var ids = rows.Select(r => r.Request.RequesterId).ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName.Length > 0 ? u.DisplayName : u.Email ?? u.Id, cancellationToken);
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        return [.. rows.Select(r => new BudgetRequestLine(r.Request, r.Budget, names.GetValueOrDefault(r.Request.RequesterId, "—"),
            r.Budget.Level switch
            {
                BudgetLevel.Department => departments.GetValueOrDefault(r.Budget.DepartmentId ?? Guid.Empty),
                BudgetLevel.Member => names.GetValueOrDefault(r.Request.Subject),
                _ => null,
            }))];
    }

    /// <summary>Whether <paramref name="userId"/> may open the requests list: an admin or a department manager.</summary>
    public async Task<bool> IsApproverAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return await BudgetPeople.IsAdminAsync(db, userId, cancellationToken) || await db.DepartmentManagers.AnyAsync(m => m.UserId == userId, cancellationToken);
    }

    /// <summary>The member's requests of the current and past periods, newest first (their status on /usage).</summary>
    public async Task<IReadOnlyList<BudgetRequest>> MineAsync(string userId, int take = 5, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        // A member's requests are few; ordered in memory (SQLite cannot order by a DateTimeOffset).
        var mine = await db.BudgetRequests.AsNoTracking().Where(r => r.RequesterId == userId).ToListAsync(cancellationToken);
        return [.. mine.OrderByDescending(r => r.CreatedAt).Take(take)];
    }

    /// <summary>
    /// Approves (<paramref name="approvedAmount"/>, at most what was asked) or denies (with a comment) a pending request.
    /// Nothing is saved when it is refused.
    /// </summary>
    public async Task<Result<BudgetRequestProblem>> DecideAsync(string actorId, Guid requestId, bool approve, long? approvedAmount, string? comment, CancellationToken cancellationToken = default)
    {
        var note = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (note is { Length: > BudgetRequest.CommentMaxLength }) return BudgetRequestProblem.CommentTooLong;
        if (!approve && note is null) return BudgetRequestProblem.CommentRequired;

        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var request = await db.BudgetRequests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        var budget = request is null ? null : await db.Budgets.AsNoTracking().SingleOrDefaultAsync(b => b.Id == request.BudgetId, cancellationToken);
        if (request is null || budget is null) return BudgetRequestProblem.NotFound;
        if (request.RequesterId == actorId) return BudgetRequestProblem.OwnRequest;
        var allowed = await BudgetPeople.IsAdminAsync(db, actorId, cancellationToken)
            || (budget.Level == BudgetLevel.Department && await BudgetPeople.ManagerIds(db, budget.DepartmentId).AnyAsync(id => id == actorId, cancellationToken));
        if (!allowed) return BudgetRequestProblem.NotApprover;
        if (request.Status != BudgetRequestStatus.Pending) return BudgetRequestProblem.AlreadyDecided;

        long amount = 0, units = 0;
        if (approve)
        {
            amount = approvedAmount ?? request.Amount;
            if (amount < 1) return BudgetRequestProblem.AmountOutOfRange;
            if (amount > request.Amount) return BudgetRequestProblem.AboveRequested;
            // The period is over, or the budget's period was changed since (its ledger is no longer the one that counts).
            var window = BudgetWindow.For(budget, time.GetUtcNow(), Tenant.TimeZoneId);
            if (window.Key != request.PeriodKey) return BudgetRequestProblem.PeriodEnded;
            units = budget.Unit == BudgetUnit.Yen ? amount * BudgetCosts.MicroYenPerYen : amount;
            // The grant lives on the period's ledger; create it (with the period's spend so far) if no answer did yet.
            await gate.EnsureLedgersAsync(db, [new BudgetCharge(budget, request.Subject, window, request.LedgerId, 0)], cancellationToken);
        }

        var now = time.GetUtcNow();
        var decided = await db.Database.CreateExecutionStrategy().ExecuteAsync(db, async (context, ct) =>
        {
            await using var transaction = await context.Database.BeginTransactionAsync(ct);
            var status = approve ? BudgetRequestStatus.Approved : BudgetRequestStatus.Denied;
            // Only a pending request changes: of two deciders (on any instances) one updates a row, the other none.
            var changed = await context.BudgetRequests.Where(r => r.Id == requestId && r.Status == BudgetRequestStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, status).SetProperty(r => r.ApprovedAmount, approve ? amount : null)
                    .SetProperty(r => r.GrantedUnits, units).SetProperty(r => r.DeciderId, actorId).SetProperty(r => r.Comment, note)
                    .SetProperty(r => r.DecidedAt, now), ct);
            if (changed != 1)
            {
                await transaction.RollbackAsync(ct);
                return false;
            }

            if (approve)
            {
                await context.BudgetLedgers.Where(l => l.Id == request.LedgerId).ExecuteUpdateAsync(s => s.SetProperty(l => l.Granted, l => l.Granted + units), ct);
            }

            audit.Record(context, approve ? AuditActions.BudgetRequestApproved : AuditActions.BudgetRequestDenied,
                new AuditTarget("budget_request", requestId.ToString()), new
                {
                    Budget = budget.Id, Level = budget.Level.ToString(), Requester = request.RequesterId, Requested = request.Amount,
                    Approved = approve ? amount : (long?)null, Unit = budget.Unit.ToString(), Period = request.PeriodKey, Comment = note,
                });
            await context.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }, cancellationToken);
        if (!decided) return BudgetRequestProblem.AlreadyDecided;

        if ((await BudgetPeople.PeopleAsync(db, [request.RequesterId], cancellationToken)).FirstOrDefault() is { } requester)
        {
            var mail = BudgetPeople.MailSubject(budget, await BudgetPeople.SubjectNameAsync(db, budget, request.Subject, cancellationToken));
            await MailAsync(EmailTemplates.BudgetDecision(new BudgetDecisionEmail(requester.Email, Tenant.Name, mail, request.Amount, approve ? amount : null, note,
                new DateTimeOffset(request.PeriodEndUtc, TimeSpan.Zero), urls.Workspace(Tenant.Identifier, "/usage")), requester.Culture), cancellationToken);
        }

        return Result<BudgetRequestProblem>.Ok;
    }

    // The request or decision is saved and shown on the page either way; a mail that could not go out is logged, not undone.
    private async Task MailAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await email.SendAsync(message, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogMailFailed(logger, ex, Tenant.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A budget request mail could not be sent for tenant {TenantId}")]
    private static partial void LogMailFailed(ILogger logger, Exception exception, string tenantId);
}
