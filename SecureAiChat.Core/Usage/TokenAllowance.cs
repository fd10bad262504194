using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Budgets;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Settings;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Usage;

/// <summary>Tokens used this month against a limit (the plan's system-default allowance or the admin's own cap).</summary>
public sealed record AllowanceStatus(UsageMonth Month, long UsedTokens, long? LimitTokens)
{
    /// <summary>Whole percent used, rounded down (99.9% never reads as 100%); 0 without a limit.</summary>
    public int Percent => LimitTokens is > 0 and var limit ? (int)Math.Min(999, UsedTokens * 100 / limit) : 0;

    public bool IsExhausted => LimitTokens is { } limit && UsedTokens >= limit;

    public long Remaining => LimitTokens is { } limit ? Math.Max(0, limit - UsedTokens) : long.MaxValue;
}

/// <summary>The outcome of a reservation: a lease to dispose once the answer's usage is saved, or the failure code that refused it.</summary>
public sealed record AnswerReservation(IAsyncDisposable? Lease, string? RefusalCode);

/// <summary>
/// The monthly token limits of the current tenant: the plan's system-default allowance (seed: 月間トークン数制限)
/// and the optional cap an admin sets for their own provider. Usage is counted from usage records
/// (input + output) of the calendar month in the tenant's time zone. Before each request a reservation of
/// prompt tokens + maximum output tokens must fit in what remains, so parallel requests overshoot by at most one
/// request's reservation, on every instance alike (see <see cref="TokenReservations"/>).
/// </summary>
public sealed class TokenAllowance(
    IDbContextFactory<AppDbContext> dbs,
    IMultiTenantContextAccessor<AppTenantInfo> tenant,
    TokenReservations reservations,
    TimeProvider time)
{
    /// <summary>The current calendar month in the tenant's time zone.</summary>
    public UsageMonth CurrentMonth => UsageMonth.For(time.GetUtcNow(), Tenant.TimeZoneId);

    /// <summary>System-default tokens used this month (or <paramref name="monthsBack"/> months ago) against the plan's allowance.</summary>
    public async Task<AllowanceStatus> GetSystemDefaultStatusAsync(int monthsBack = 0, CancellationToken cancellationToken = default)
    {
        var month = UsageMonth.For(time.GetUtcNow(), Tenant.TimeZoneId, monthsBack);
        return new AllowanceStatus(month, await UsedAsync(month, systemDefault: true, cancellationToken), PlanAllowance);
    }

    /// <summary>Tokens of the tenant's own providers used this month against the admin's cap (null: no cap).</summary>
    public async Task<AllowanceStatus> GetOwnProviderStatusAsync(long? cap, CancellationToken cancellationToken = default)
    {
        var month = UsageMonth.For(time.GetUtcNow(), Tenant.TimeZoneId);
        return new AllowanceStatus(month, await UsedAsync(month, systemDefault: false, cancellationToken), cap);
    }

    /// <summary>
    /// Reserves <paramref name="tokens"/> for one request. Returns null when the limit that applies to
    /// <paramref name="source"/> has no room; otherwise a lease to dispose once the request's usage is saved.
    /// </summary>
    /// <param name="lifetime">How long the reservation counts at most: longer than any request can run, so a row
    /// left by a crashed instance frees its room by then.</param>
    public async Task<IAsyncDisposable?> TryReserveAsync(AiProviderChoice source, long? ownCap, int tokens, TimeSpan lifetime, CancellationToken cancellationToken = default) =>
        (await ReserveAsync(source, ownCap, tokens, lifetime, null, cancellationToken)).Lease;

    /// <summary>
    /// Reserves <paramref name="tokens"/> against the limit that applies to <paramref name="source"/> and, in the same
    /// transaction, the request's maximum cost on each of its <paramref name="budgets"/>: all or nothing. The lease of a
    /// granted request releases the token reservation and returns whatever of the budget hold was not settled.
    /// </summary>
    public async Task<AnswerReservation> ReserveAsync(
        AiProviderChoice source, long? ownCap, int tokens, TimeSpan lifetime, BudgetHold? budgets, CancellationToken cancellationToken = default) =>
        await ReserveAsync(source, ownCap, tokens, lifetime, budgets, null, cancellationToken);

    /// <summary>
    /// As <see cref="ReserveAsync(AiProviderChoice, long?, int, TimeSpan, BudgetHold?, CancellationToken)"/>, and takes
    /// the answer's <paramref name="slot"/> among the answers streaming at once in the same transaction (one round of
    /// database work before the first token instead of two); the lease frees the slot too.
    /// </summary>
    public async Task<AnswerReservation> ReserveAsync(
        AiProviderChoice source, long? ownCap, int tokens, TimeSpan lifetime, BudgetHold? budgets, AnswerSlot? slot, CancellationToken cancellationToken = default)
    {
        var systemDefault = source == AiProviderChoice.SystemDefault;
        var limit = systemDefault ? PlanAllowance : ownCap;
        if (limit is null && budgets is null && slot is null)
        {
            return new AnswerReservation(TokenReservations.NoLimit, null);
        }

        TokenReservations.PoolCheck? pool = null;
        if (limit is { } max)
        {
            var month = UsageMonth.For(time.GetUtcNow(), Tenant.TimeZoneId);
            pool = new TokenReservations.PoolCheck(systemDefault ? TokenReservations.SystemPool : TokenReservations.OwnPool, tokens, max,
                (db, ct) => UsedAsync(db, month, systemDefault, ct));
        }

        return await reservations.ReserveAsync(Tenant.Id, pool, budgets, slot, lifetime,
            systemDefault ? ChatFailureCodes.AllowanceExhausted : ChatFailureCodes.TokenCapReached, cancellationToken);
    }

    private AppTenantInfo Tenant => tenant.MultiTenantContext.TenantInfo ?? throw new InvalidOperationException("No tenant is set.");

    private long? PlanAllowance => PlanCatalog.TryFind(Tenant.Plan, out var plan) ? plan.MonthlySystemTokens : PlanCatalog.All[0].MonthlySystemTokens;

    private async Task<long> UsedAsync(UsageMonth month, bool systemDefault, CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return await UsedAsync(db, month, systemDefault, cancellationToken);
    }

    private static async Task<long> UsedAsync(AppDbContext db, UsageMonth month, bool systemDefault, CancellationToken cancellationToken)
    {
        var records = db.UsageRecords.Where(u => u.CreatedAt >= month.StartUtc && u.CreatedAt < month.EndUtc);
        records = systemDefault ? records.Where(u => u.Source == AiProviderChoice.SystemDefault) : records.Where(u => u.Source != AiProviderChoice.SystemDefault);
        return await records.SumAsync(u => (long)u.InputTokens + u.OutputTokens, cancellationToken);
    }
}

/// <summary>The answers one member and the whole workspace may have streaming at once (<see cref="ActiveAnswer"/> rows).</summary>
public sealed record AnswerSlot(string UserId, int PerMember, int PerWorkspace);

/// <summary>
/// Tokens reserved by requests in flight, per tenant and pool, as <see cref="TokenReservation"/> rows so the check
/// holds across app instances, and the answer's slot among those streaming at once (<see cref="ActiveAnswer"/>).
/// Checks and inserts run in one transaction that first takes the workspace's admission row lock
/// (<see cref="TokenPool"/> <see cref="AdmissionLock"/>), so two requests — on any instances — never both take the
/// last room or the last slot. A reservation is released after its request's usage record is saved: for a moment
/// the tokens count twice, never zero times.
/// </summary>
public sealed class TokenReservations(IDbContextFactory<AppDbContext> dbs, TenantScopeFactory tenantScopes, TimeProvider time)
{
    public const string SystemPool = "system";
    public const string OwnPool = "own";

    /// <summary>The <see cref="TokenPool"/> row every admission of a workspace locks first (both pools and the slots).</summary>
    public const string AdmissionLock = "admission";

    /// <summary>The lease of a request no limit applies to.</summary>
    public static readonly IAsyncDisposable NoLimit = new Lease(null, null, null, null);

    /// <summary>Tokens currently reserved in <paramref name="pool"/> of the current tenant.</summary>
    public async Task<long> ReservedAsync(string pool, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return await LiveAsync(db, pool, time.GetUtcNow().UtcDateTime, cancellationToken);
    }

    /// <summary>A pool's limit check: <paramref name="Used"/> reads what the month's usage records already count.</summary>
    internal sealed record PoolCheck(string Pool, long Tokens, long Limit, Func<AppDbContext, CancellationToken, Task<long>> Used);

    internal async Task<AnswerReservation> ReserveAsync(
        string tenantId, PoolCheck? pool, BudgetHold? budgets, AnswerSlot? slot, TimeSpan lifetime, string poolRefusalCode, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        // An explicit transaction under a retrying strategy must run inside the strategy, as a whole.
        var (id, answerId, refusal) = await db.Database.CreateExecutionStrategy().ExecuteAsync(db, async (context, ct) =>
        {
            // Retried at most once after creating the lock's row and once after creating budget ledgers (outside any lock).
            var ledgersEnsured = false;
            while (true)
            {
                context.ChangeTracker.Clear();
                await using var transaction = await context.Database.BeginTransactionAsync(ct);
                // The write comes first: it takes the row lock (on SQLite the database's write lock) before anything is
                // read, so the counts below cannot change before this transaction's inserts commit.
                if ((pool is not null || slot is not null) && await BumpAsync(context, AdmissionLock, ct) == 0)
                {
                    await transaction.RollbackAsync(ct);
                    await EnsurePoolAsync(context, tenantId, AdmissionLock, ct);
                    continue;
                }

                ActiveAnswer? answer = null;
                if (slot is not null)
                {
                    var streaming = await context.ActiveAnswers.Where(a => a.ExpiresAt > now).GroupBy(_ => 1)
                        .Select(g => new { Mine = g.Count(a => a.UserId == slot.UserId), All = g.Count() })
                        .SingleOrDefaultAsync(ct);
                    if ((streaming?.Mine ?? 0) >= slot.PerMember || (streaming?.All ?? 0) >= slot.PerWorkspace)
                    {
                        return ((Guid?)null, (Guid?)null, (string?)((streaming?.Mine ?? 0) >= slot.PerMember ? ChatFailureCodes.TooManyAnswers : ChatFailureCodes.WorkspaceBusy));
                    }

                    answer = new ActiveAnswer { UserId = slot.UserId, StartedAt = now, ExpiresAt = now + lifetime };
                    context.ActiveAnswers.Add(answer);
                }

                TokenReservation? reservation = null;
                if (pool is not null)
                {
                    if (await pool.Used(context, ct) + await LiveAsync(context, pool.Pool, now, ct) + pool.Tokens > pool.Limit)
                    {
                        return ((Guid?)null, (Guid?)null, (string?)poolRefusalCode);
                    }

                    reservation = new TokenReservation { Pool = pool.Pool, Tokens = pool.Tokens, ExpiresAt = now + lifetime };
                    context.TokenReservations.Add(reservation);
                }

                if (budgets is not null)
                {
                    var (taken, level) = await budgets.TakeAsync(context, now, lifetime, ct);
                    if (taken == BudgetTakeResult.MissingLedger && !ledgersEnsured)
                    {
                        // TakeAsync already rolled the transaction back.
                        context.ChangeTracker.Clear();
                        await budgets.EnsureLedgersAsync(context, ct);
                        ledgersEnsured = true;
                        continue;
                    }

                    if (taken != BudgetTakeResult.Taken)
                    {
                        return ((Guid?)null, (Guid?)null, (string?)ChatFailureCodes.BudgetExceeded(level));
                    }
                }

                await context.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return (reservation?.Id, answer?.Id, (string?)null);
            }
        }, cancellationToken);
        if (refusal is not null)
        {
            return new AnswerReservation(null, refusal);
        }

        IAsyncDisposable tokenLease = id is not null || answerId is not null ? new Lease(this, tenantId, id, answerId) : NoLimit;
        return new AnswerReservation(budgets is null ? tokenLease : new BothLease(tokenLease, budgets), null);
    }

    private static Task<int> BumpAsync(AppDbContext db, string pool, CancellationToken cancellationToken) =>
        db.TokenPools.Where(p => p.Pool == pool).ExecuteUpdateAsync(s => s.SetProperty(p => p.Version, p => p.Version + 1), cancellationToken);

    /// <summary>Creates the pool's row once; a lost race with another instance is no error.</summary>
    private static async Task EnsurePoolAsync(AppDbContext db, string tenantId, string pool, CancellationToken cancellationToken)
    {
        if (await db.TokenPools.AnyAsync(p => p.Pool == pool, cancellationToken))
        {
            return;
        }

        if (!db.Database.IsSqlServer())
        {
            await db.Database.ExecuteSqlAsync(
                $"""INSERT INTO "TokenPools" ("TenantId", "Pool", "Version") VALUES ({tenantId}, {pool}, 0) ON CONFLICT DO NOTHING""", cancellationToken);
            return;
        }

        db.TokenPools.Add(new TokenPool { Pool = pool });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear(); // another instance created it first
        }
    }

    private static Task<long> LiveAsync(AppDbContext db, string pool, DateTime now, CancellationToken cancellationToken) =>
        db.TokenReservations.Where(r => r.Pool == pool && r.ExpiresAt > now).SumAsync(r => r.Tokens, cancellationToken);

    /// <summary>Deletes a reservation and frees the answer's slot, in a tenant scope of its own: the caller's scope may be gone (closed tab).</summary>
    private async Task ReleaseAsync(string tenantId, Guid? reservation, Guid? answer)
    {
        await using var scope = await tenantScopes.CreateScopeAsync(tenantId, CancellationToken.None).ConfigureAwait(false);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>()
            .CreateDbContextAsync(CancellationToken.None).ConfigureAwait(false);
        if (reservation is { } id)
        {
            await db.TokenReservations.Where(r => r.Id == id).ExecuteDeleteAsync(CancellationToken.None).ConfigureAwait(false);
        }

        if (answer is { } slot)
        {
            await db.ActiveAnswers.Where(a => a.Id == slot).ExecuteDeleteAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Releases the token reservation and returns the unsettled budget hold.</summary>
    private sealed class BothLease(IAsyncDisposable tokens, BudgetHold budgets) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await budgets.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                await tokens.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private sealed class Lease(TokenReservations? owner, string? tenantId, Guid? reservation, Guid? answer) : IAsyncDisposable
    {
        private int _disposed;

        public async ValueTask DisposeAsync()
        {
            if (owner is not null && Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                await owner.ReleaseAsync(tenantId!, reservation, answer).ConfigureAwait(false);
            }
        }
    }
}
