using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Data;
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

/// <summary>
/// The outcome of a reservation: a lease to dispose once the answer's usage is saved, or the refusal (for
/// <see cref="AnswerFailure.BudgetExceeded"/> the hold that refused knows which of its budgets it was).
/// </summary>
public sealed record AnswerReservation(IAsyncDisposable? Lease, AnswerFailure? Refusal);

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
    IPlanAllowance plans,
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
        AiProviderChoice source, long? ownCap, int tokens, TimeSpan lifetime, IAnswerHold? budgets, CancellationToken cancellationToken = default) =>
        await ReserveAsync(source, ownCap, tokens, lifetime, budgets, null, null, cancellationToken);

    /// <summary>
    /// As <see cref="ReserveAsync(AiProviderChoice, long?, int, TimeSpan, IAnswerHold?, CancellationToken)"/>, and takes
    /// the answer's <paramref name="slot"/> among the answers streaming at once in the same transaction (one round of
    /// database work before the first token instead of two); the lease frees the slot too. With <paramref name="db"/>
    /// the transaction runs on that context's (open) connection instead of a new one.
    /// </summary>
    public async Task<AnswerReservation> ReserveAsync(
        AiProviderChoice source, long? ownCap, int tokens, TimeSpan lifetime, IAnswerHold? budgets, AnswerSlot? slot, AppDbContext? db = null,
        CancellationToken cancellationToken = default)
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
            var name = systemDefault ? TokenReservations.SystemPool : TokenReservations.OwnPool;
            pool = new TokenReservations.PoolCheck(name, TokenReservations.MonthPool(name, month), tokens, max,
                db => MonthRecords(db, month, systemDefault));
        }

        return await reservations.ReserveAsync(Tenant.Id, pool, budgets, slot, lifetime,
            systemDefault ? AnswerFailure.AllowanceExhausted : AnswerFailure.TokenCapReached, db, cancellationToken);
    }

    /// <summary>
    /// Saves <paramref name="record"/> with <paramref name="db"/> and adds its tokens to its limit's running month total,
    /// in one transaction under the workspace's admission lock (so an admission on any instance sees both or neither).
    /// </summary>
    public Task RecordUsageAsync(AppDbContext db, UsageRecord record, CancellationToken cancellationToken = default)
    {
        var systemDefault = record.Source == AiProviderChoice.SystemDefault;
        var month = UsageMonth.For(new DateTimeOffset(record.CreatedAt, TimeSpan.Zero), Tenant.TimeZoneId);
        var pool = TokenReservations.MonthPool(systemDefault ? TokenReservations.SystemPool : TokenReservations.OwnPool, month);
        return TokenReservations.RecordUsageAsync(db, Tenant.Id, record, pool, context => MonthRecords(context, month, systemDefault), cancellationToken);
    }

    private AppTenantInfo Tenant => tenant.MultiTenantContext.TenantInfo ?? throw new InvalidOperationException("No tenant is set.");

    // The plan's allowance, or an Enterprise contract's own figure.
    private long? PlanAllowance => plans.MonthlyTokens(Tenant);

    private async Task<long> UsedAsync(UsageMonth month, bool systemDefault, CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return await UsedAsync(db, month, systemDefault, cancellationToken);
    }

    private static Task<long> UsedAsync(AppDbContext db, UsageMonth month, bool systemDefault, CancellationToken cancellationToken) =>
        MonthRecords(db, month, systemDefault).SumAsync(u => (long)u.InputTokens + u.OutputTokens, cancellationToken);

    /// <summary>The usage records that count against one limit in <paramref name="month"/>: the system default's or the own providers'.</summary>
    private static IQueryable<UsageRecord> MonthRecords(AppDbContext db, UsageMonth month, bool systemDefault)
    {
        var records = db.UsageRecords.Where(u => u.CreatedAt >= month.StartUtc && u.CreatedAt < month.EndUtc);
        return systemDefault ? records.Where(u => u.Source == AiProviderChoice.SystemDefault) : records.Where(u => u.Source != AiProviderChoice.SystemDefault);
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

    /// <summary>The <see cref="TokenPool"/> row of <paramref name="pool"/>'s running total in <paramref name="month"/>.</summary>
    public static string MonthPool(string pool, UsageMonth month) => $"{pool}:{month.Key}";

    /// <summary>
    /// A pool's limit check: <paramref name="MonthPool"/> is the row of its running month total, <paramref name="Records"/>
    /// the month's usage records that count against it (read once, when that row is created).
    /// </summary>
    internal sealed record PoolCheck(string Pool, string MonthPool, long Tokens, long Limit, Func<AppDbContext, IQueryable<UsageRecord>> Records);

    internal async Task<AnswerReservation> ReserveAsync(
        string tenantId, PoolCheck? pool, IAnswerHold? budgets, AnswerSlot? slot, TimeSpan lifetime, AnswerFailure poolRefusal, AppDbContext? given,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var owned = given is null ? await dbs.CreateDbContextAsync(cancellationToken) : null;
        var db = given ?? owned!;
        var sqlite = db.Database.IsSqlite();
        // The transaction is the unit: a savepoint around its one SaveChanges would only add two statements.
        db.Database.AutoSavepointsEnabled = false;
        // An explicit transaction under a retrying strategy must run inside the strategy, as a whole.
        var (id, answerId, refusal) = await db.Database.CreateExecutionStrategy().ExecuteAsync(db, async (context, ct) =>
        {
            // Retried at most once after creating the lock's row and once after creating budget ledgers (outside any lock).
            var ledgersEnsured = false;
            while (true)
            {
                context.ChangeTracker.Clear();
                await using var transaction = await context.Database.BeginTransactionAsync(ct);
                var admits = pool is not null || slot is not null;
                // The lock comes first, before anything is read, so the counts below cannot change before this
                // transaction's inserts commit. On SQLite the transaction already holds the database's write lock (the
                // provider begins it IMMEDIATE); elsewhere a write to the admission row takes that row's lock.
                if (admits && !sqlite && await BumpAsync(context, AdmissionLock, ct) == 0)
                {
                    await transaction.RollbackAsync(ct);
                    await EnsurePoolAsync(context, tenantId, AdmissionLock, ct);
                    continue;
                }

                // A request only budgets apply to takes no admission lock and has nothing to check here.
                var state = admits ? await ReadAdmissionAsync(context, tenantId, pool, slot, now, ct) : AdmissionState.None;
                if (state is null)
                {
                    // SQLite, first admission of the workspace: the admission row the read is anchored on is created once.
                    await transaction.RollbackAsync(ct);
                    await EnsurePoolAsync(context, tenantId, AdmissionLock, ct);
                    continue;
                }

                ActiveAnswer? answer = null;
                if (slot is not null)
                {
                    if (state.Mine >= slot.PerMember || state.All >= slot.PerWorkspace)
                    {
                        return ((Guid?)null, (Guid?)null, (AnswerFailure?)(state.Mine >= slot.PerMember ? AnswerFailure.TooManyAnswers : AnswerFailure.WorkspaceBusy));
                    }

                    answer = new ActiveAnswer { TenantId = tenantId, UserId = slot.UserId, StartedAt = now, ExpiresAt = now + lifetime };
                }

                TokenReservation? reservation = null;
                if (pool is not null)
                {
                    var used = state.Used ?? await StartMonthTotalAsync(context, pool.MonthPool, pool.Records, 0, ct);
                    if (used + state.Live + pool.Tokens > pool.Limit)
                    {
                        return ((Guid?)null, (Guid?)null, (AnswerFailure?)poolRefusal);
                    }

                    reservation = new TokenReservation { TenantId = tenantId, Pool = pool.Pool, Tokens = pool.Tokens, ExpiresAt = now + lifetime };
                }

                if (budgets is not null)
                {
                    var taken = await budgets.TakeAsync(context, now, lifetime, ct);
                    if (taken == AnswerHoldTake.NotReady && !ledgersEnsured)
                    {
                        // TakeAsync already rolled the transaction back.
                        context.ChangeTracker.Clear();
                        await budgets.PrepareAsync(context, ct);
                        ledgersEnsured = true;
                        continue;
                    }

                    if (taken != AnswerHoldTake.Taken)
                    {
                        return ((Guid?)null, (Guid?)null, (AnswerFailure?)AnswerFailure.BudgetExceeded);
                    }
                }

                if (answer is not null || reservation is not null)
                {
                    // Checked here as the save's guard would: the rows are inserted without the change tracker.
                    context.EnsureWritableUntracked();
                    await InsertAsync(context, answer, reservation, ct);
                }

                if (context.ChangeTracker.HasChanges())
                {
                    await context.SaveChangesAsync(ct); // the budgets' holds, a month total's first row
                }

                await transaction.CommitAsync(ct);
                return (reservation?.Id, answer?.Id, (AnswerFailure?)null);
            }
        }, cancellationToken);
        if (refusal is not null)
        {
            return new AnswerReservation(null, refusal);
        }

        IAsyncDisposable tokenLease = id is not null || answerId is not null ? new Lease(this, tenantId, id, answerId) : NoLimit;
        return new AnswerReservation(budgets is null ? tokenLease : new BothLease(tokenLease, budgets), null);
    }

    /// <summary>
    /// The slot and the reservation in one statement: they are the whole write of most admissions, and the change
    /// tracker's insert (attach, SQL generated per save, the save's passes over the tracker) cost more than the database
    /// does here, before the first token.
    /// </summary>
    private static Task<int> InsertAsync(AppDbContext db, ActiveAnswer? answer, TokenReservation? reservation, CancellationToken cancellationToken)
    {
        var sql = new RawSql();
        if (answer is not null)
        {
            sql.Append($"""INSERT INTO "ActiveAnswers" ("Id", "TenantId", "UserId", "StartedAt", "ExpiresAt") VALUES ({sql.P(answer.Id)}, {sql.P(answer.TenantId)}, {sql.P(answer.UserId)}, {sql.P(answer.StartedAt)}, {sql.P(answer.ExpiresAt)});""");
        }

        if (reservation is not null)
        {
            sql.Append($"""INSERT INTO "TokenReservations" ("Id", "TenantId", "Pool", "Tokens", "ExpiresAt") VALUES ({sql.P(reservation.Id)}, {sql.P(reservation.TenantId)}, {sql.P(reservation.Pool)}, {sql.P(reservation.Tokens)}, {sql.P(reservation.ExpiresAt)});""");
        }

        return sql.ExecuteAsync(db, cancellationToken);
    }

    /// <summary>What an admission checks: the answers streaming (the member's, all), the pool's month usage and live reservations.</summary>
    private sealed record AdmissionState(TenantStatus? Status, int Mine, int All, long? Used, long Live)
    {
        public static readonly AdmissionState None = new(null, 0, 0, 0, 0);
    }

    /// <summary>
    /// Everything the checks need in one statement (each round trip delays the first token), read under the admission
    /// lock, with the workspace's status, which the save's closing-workspace guard then uses instead of reading it again.
    /// Null when the workspace has no admission row yet.
    /// </summary>
    private static async Task<AdmissionState?> ReadAdmissionAsync(
        AppDbContext db, string tenantId, PoolCheck? pool, AnswerSlot? slot, DateTime now, CancellationToken cancellationToken)
    {
        var state = await AdmissionQuery.For(db)(db, tenantId, pool?.MonthPool ?? "", pool?.Pool ?? "", slot?.UserId ?? "", now, cancellationToken);
        if (state is not null)
        {
            db.StatusRead(state.Status);
        }

        return state;
    }

    private static readonly CompiledPerModel<Func<AppDbContext, string, string, string, string, DateTime, CancellationToken, Task<AdmissionState?>>> AdmissionQuery =
        new(() => EF.CompileAsyncQuery((AppDbContext db, string tenantId, string monthPool, string poolName, string user, DateTime now, CancellationToken _) =>
            db.TokenPools.Where(p => p.Pool == AdmissionLock).Select(_ => new AdmissionState(
                db.Tenants.Where(t => t.Id == tenantId).Select(t => (TenantStatus?)t.Status).FirstOrDefault(),
                db.ActiveAnswers.Count(a => a.ExpiresAt > now && a.UserId == user),
                db.ActiveAnswers.Count(a => a.ExpiresAt > now),
                db.TokenPools.Where(p => p.Pool == monthPool).Select(p => (long?)p.UsedTokens).FirstOrDefault(),
                db.TokenReservations.Where(r => r.Pool == poolName && r.ExpiresAt > now).Sum(r => r.Tokens))).SingleOrDefault()));

    /// <summary>
    /// Creates a month total's row, under the admission lock, from the month's records so far plus <paramref name="adding"/>
    /// (the first admission or usage record of a month; a row saved only if the transaction commits). Returns the total.
    /// </summary>
    private static async Task<long> StartMonthTotalAsync(
        AppDbContext db, string monthPool, Func<AppDbContext, IQueryable<UsageRecord>> records, long adding, CancellationToken cancellationToken)
    {
        var total = await records(db).SumAsync(u => (long)u.InputTokens + u.OutputTokens, cancellationToken) + adding;
        db.TokenPools.Add(new TokenPool { Pool = monthPool, UsedTokens = total });
        return total;
    }

    /// <summary>Saves a usage record and adds it to its month total under the admission lock (see <see cref="TokenAllowance.RecordUsageAsync"/>).</summary>
    internal static async Task RecordUsageAsync(
        AppDbContext db, string tenantId, UsageRecord record, string monthPool, Func<AppDbContext, IQueryable<UsageRecord>> records, CancellationToken cancellationToken)
    {
        var tokens = (long)record.InputTokens + record.OutputTokens;
        await db.Database.CreateExecutionStrategy().ExecuteAsync(db, async (context, ct) =>
        {
            while (true)
            {
                context.ChangeTracker.Clear();
                await using var transaction = await context.Database.BeginTransactionAsync(ct);
                if (await BumpAsync(context, AdmissionLock, ct) == 0)
                {
                    await transaction.RollbackAsync(ct);
                    await EnsurePoolAsync(context, tenantId, AdmissionLock, ct);
                    continue;
                }

                if (await context.TokenPools.Where(p => p.Pool == monthPool)
                        .ExecuteUpdateAsync(s => s.SetProperty(p => p.UsedTokens, p => p.UsedTokens + tokens), ct) == 0)
                {
                    await StartMonthTotalAsync(context, monthPool, records, tokens, ct);
                }

                context.UsageRecords.Add(record);
                await context.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return;
            }
        }, cancellationToken);
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
    private sealed class BothLease(IAsyncDisposable tokens, IAnswerHold budgets) : IAsyncDisposable
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
