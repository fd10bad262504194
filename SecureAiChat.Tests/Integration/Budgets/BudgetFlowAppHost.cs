using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Budgets;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Providers.Settings;
using SecureAiChat.Core.Settings;
using SecureAiChat.Core.Team;
using SecureAiChat.Core.Usage;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Budgets;

/// <summary>
/// The chat host with a clock the tests set (period boundaries in Tokyo time) and the alert queue recorded instead of
/// handed to Hangfire, so a test runs the alert job itself, as many times as it likes, and sees exactly what was queued.
/// </summary>
public sealed class BudgetFlowAppHost : AiSettingsAppHost
{
    public ManualClock Clock { get; } = new();

    public RecordingAlertQueue Alerts { get; } = new();

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        base.ConfigureTestServices(services);
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(Clock);
        services.RemoveAll<IBudgetAlertQueue>();
        services.AddSingleton<IBudgetAlertQueue>(Alerts);
    }

    /// <summary>Runs the alert job for everything queued for <paramref name="tenantId"/> so far (and forgets it).</summary>
    public async Task RunQueuedAlertsAsync(string tenantId)
    {
        foreach (var (ledgers, refused) in Alerts.Take(tenantId))
        {
            await ActivatorUtilities.CreateInstance<BudgetAlertJob>(Services).RunAsync(tenantId, [.. ledgers], refused, CancellationToken.None);
        }
    }

    /// <summary>Runs the alert job over every ledger of the workspace, as a second instance's late job would.</summary>
    public async Task RunAlertsForAllLedgersAsync(string tenantId)
    {
        var ids = await TenantDbAsync(tenantId, db => db.BudgetLedgers.Select(l => l.Id).ToListAsync());
        await ActivatorUtilities.CreateInstance<BudgetAlertJob>(Services).RunAsync(tenantId, [.. ids], null, CancellationToken.None);
    }

    public Task<Guid> DepartmentAsync(string tenantId, string name = "営業部") =>
        TenantDbAsync(tenantId, async db =>
        {
            var department = new Department { Name = name + " " + Guid.NewGuid().ToString("N")[..4] };
            db.Departments.Add(department);
            await db.SaveChangesAsync();
            return department.Id;
        });

    public async Task<string> MemberAsync(string tenantId, Guid? departmentId = null, string role = SecureAiChat.Core.Identity.Roles.Member, string? culture = null)
    {
        var user = await CreateUserAsync(tenantId, $"{Guid.NewGuid():N}@example.jp", role: role);
        await TenantDbAsync(tenantId, db => db.Users.Where(u => u.Id == user.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.DepartmentId, departmentId).SetProperty(u => u.Culture, culture)));
        return user.Id;
    }

    /// <summary>Designates a department manager as an admin would on the team page.</summary>
    public async Task AddManagerAsync(string tenantId, Guid departmentId, string userId)
    {
        await using var scope = await TenantScopeAsync(tenantId);
        Assert.True((await scope.ServiceProvider.GetRequiredService<DepartmentService>().AddManagerAsync(departmentId, userId)).Succeeded);
    }

    public Task<string> EmailOfAsync(string tenantId, string userId) =>
        TenantDbAsync(tenantId, db => db.Users.Where(u => u.Id == userId).Select(u => u.Email!).SingleAsync());

    public Task<Budget> BudgetAsync(string tenantId, BudgetLevel level, long amount, BudgetMode mode, Guid? departmentId = null, string? userId = null,
        BudgetUnit unit = BudgetUnit.Tokens) =>
        TenantDbAsync(tenantId, async db =>
        {
            var budget = new Budget
            {
                Level = level, DepartmentId = departmentId, UserId = userId, Amount = amount, Unit = unit, Mode = mode,
                Scope = level switch
                {
                    BudgetLevel.Workspace => Budget.WorkspaceScope,
                    BudgetLevel.Department => Budget.DepartmentScope(departmentId!.Value),
                    _ => userId is null ? Budget.MemberDefaultScope : Budget.MemberScope(userId),
                },
            };
            db.Budgets.Add(budget);
            await db.SaveChangesAsync();
            return budget;
        });

    /// <summary>Usage already made this period (before the ledger exists, it is counted from the records).</summary>
    public Task UseAsync(string tenantId, string userId, long tokens, Guid? departmentId = null) =>
        TenantDbAsync(tenantId, db =>
        {
            db.UsageRecords.Add(new UsageRecord
            {
                UserId = userId, DepartmentId = departmentId, Model = Model, Source = AiProviderChoice.SystemDefault,
                InputTokens = (int)(tokens / 2), OutputTokens = (int)(tokens - tokens / 2), Status = MessageStatus.Completed, CreatedAt = Clock.GetUtcNow().UtcDateTime,
            });
            return db.SaveChangesAsync();
        });

    /// <summary>A clock that reads real time until a test sets it.</summary>
    public sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset? _now;

        public override DateTimeOffset GetUtcNow() => _now ?? System.GetUtcNow();

        public void Set(DateTimeOffset now) => _now = now;

        public void Reset() => _now = null;
    }

    public sealed class RecordingAlertQueue : IBudgetAlertQueue
    {
        private readonly ConcurrentQueue<(string Tenant, IReadOnlyList<Guid> Ledgers, Guid? Refused)> _queued = new();

        public void Enqueue(string tenantId, IReadOnlyList<Guid> ledgerIds, Guid? refusedLedgerId = null) => _queued.Enqueue((tenantId, ledgerIds, refusedLedgerId));

        /// <summary>What was queued for the tenant, in order; other tenants' entries stay.</summary>
        public List<(IReadOnlyList<Guid> Ledgers, Guid? Refused)> Take(string tenantId)
        {
            var all = new List<(string Tenant, IReadOnlyList<Guid> Ledgers, Guid? Refused)>();
            while (_queued.TryDequeue(out var item)) all.Add(item);
            foreach (var other in all.Where(a => a.Tenant != tenantId)) _queued.Enqueue(other);
            return [.. all.Where(a => a.Tenant == tenantId).Select(a => (a.Ledgers, a.Refused))];
        }

        public int CountFor(string tenantId) => _queued.Count(q => q.Tenant == tenantId);
    }
}
