using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Budgets;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Settings;
using SecureAiChat.Core.Team;
using SecureAiChat.Core.Usage;

namespace SecureAiChat.Benchmarks;

/// <summary>
/// Figure 10: what budgets add before the model is called: <see cref="BudgetGate.PlanAsync"/> and the allowance's
/// reservation transaction with three budget levels (workspace, department, member), against the same path in a
/// workspace without budgets (the allowance's reservation alone), alternating. The settle after the answer is noted.
/// </summary>
public static class BudgetBenchmarks
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(20);

    public static async Task RunAsync(BenchHost app, BenchSettings settings, Report report)
    {
        var budgeted = await app.CreateTenantAsync("bench-budget", "予算ベンチ株式会社");
        var plain = await app.CreateTenantAsync("bench-nobudget", "予算なしベンチ株式会社");
        var budgetedMember = (await app.CreateUserAsync(budgeted.Id, "budget@bench.example.jp")).Id;
        var plainMember = (await app.CreateUserAsync(plain.Id, "plain@bench.example.jp")).Id;
        await app.TenantDbAsync(budgeted.Id, async db =>
        {
            var department = db.Departments.Add(new Department { Name = "営業部" }).Entity;
            await db.SaveChangesAsync();
            await db.Users.Where(u => u.Id == budgetedMember).ExecuteUpdateAsync(s => s.SetProperty(u => u.DepartmentId, department.Id));
            db.Budgets.AddRange(
                new Budget { Scope = Budget.WorkspaceScope, Level = BudgetLevel.Workspace, Unit = BudgetUnit.Yen, Amount = Budget.MaxYen, Mode = BudgetMode.HardStop },
                new Budget { Scope = Budget.DepartmentScope(department.Id), Level = BudgetLevel.Department, DepartmentId = department.Id, Unit = BudgetUnit.Tokens, Amount = Budget.MaxTokens, Mode = BudgetMode.HardStop },
                new Budget { Scope = Budget.MemberDefaultScope, Level = BudgetLevel.Member, Unit = BudgetUnit.Tokens, Amount = Budget.MaxTokens, Mode = BudgetMode.HardStop });
            return await db.SaveChangesAsync();
        });

        var repeats = settings.Quick ? 100 : 2_000;
        const int warmup = 50;
        var baseline = new List<double>();
        var withBudgets = new List<double>();
        var settle = new List<double>();
        for (var i = 0; i < repeats + warmup; i++)
        {
            var (plainMs, _) = await ReserveAsync(app, plain.Id, plainMember);
            var (budgetMs, settleMs) = await ReserveAsync(app, budgeted.Id, budgetedMember);
            if (i < warmup) continue;
            baseline.Add(plainMs);
            withBudgets.Add(budgetMs);
            settle.Add(settleMs);
        }

        var paired = baseline.Zip(withBudgets, (b, a) => a - b).ToList();
        var added = Stats.Median(withBudgets) - Stats.Median(baseline);
        report.Add(new Figure("10", $"Budget check before the model call, 3 levels, p50 (n = {withBudgets.Count})",
            $"{Stats.F(Stats.Median(baseline), "0.000")} ms allowance only",
            $"{Stats.F(Stats.Median(withBudgets), "0.000")} ms",
            $"+{Stats.F(added, "0.000")} ms",
            $"paired IQR {Stats.Iqr(paired, "0.000")} ms",
            "≤ 0.5 ms", added <= 0.5,
            $"settle after the answer (not on the first-token path): p50 {Stats.F(Stats.Median(settle), "0.000")} ms"));
    }

    /// <summary>The answer path's reservation (plan + one transaction), timed; then the settle (budgets) or release, timed.</summary>
    private static async Task<(double ReserveMs, double SettleMs)> ReserveAsync(BenchHost app, string tenantId, string memberId)
    {
        await using var scope = await app.TenantScopeAsync(tenantId);
        var gate = scope.ServiceProvider.GetRequiredService<BudgetGate>();
        var allowance = scope.ServiceProvider.GetRequiredService<TokenAllowance>();
        var clock = Stopwatch.StartNew();
        var hold = await gate.PlanAsync(memberId, "gpt-4o-mini", 1_000, 1_000);
        var reserved = await allowance.ReserveAsync(AiProviderChoice.SystemDefault, null, 2_000, Lifetime, hold);
        var reserveMs = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        if (hold is not null) await hold.SettleAsync(10, 10);
        await reserved.Lease!.DisposeAsync();
        return (reserveMs, clock.Elapsed.TotalMilliseconds);
    }
}
