using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Budgets;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Team;
using SecureAiChat.Core.Usage;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Budgets;

/// <summary>The budgets page's service: validation (nothing half-saved), audit of every change, spend shown per level, isolation.</summary>
public sealed class BudgetSettingsTests(AppHost app) : IClassFixture<AppHost>
{
    private async Task<string> WorkspaceAsync() => (await app.CreateTenantAsync("bs" + Guid.NewGuid().ToString("N")[..8])).Id;

    private async Task<T> WithServiceAsync<T>(string tenantId, Func<BudgetService, Task<T>> action)
    {
        await using var scope = await app.TenantScopeAsync(tenantId);
        return await action(scope.ServiceProvider.GetRequiredService<BudgetService>());
    }

    private async Task<IReadOnlyList<Problem<BudgetProblem>>> SaveAsync(string tenantId, BudgetForm form) => (await WithServiceAsync(tenantId, s => s.SaveAsync(form))).Problems;

    private async Task<T> FiscalYearAsync<T>(string tenantId, Func<WorkspaceFiscalYear, Task<T>> action)
    {
        await using var scope = await app.TenantScopeAsync(tenantId);
        return await action(scope.ServiceProvider.GetRequiredService<WorkspaceFiscalYear>());
    }

    private Task<Guid> DepartmentAsync(string tenantId, string name) =>
        app.TenantDbAsync(tenantId, async db =>
        {
            var department = new Department { Name = name };
            db.Departments.Add(department);
            await db.SaveChangesAsync();
            return department.Id;
        });

    private Task<int> BudgetCountAsync(string tenantId) => app.TenantDbAsync(tenantId, db => db.Budgets.CountAsync());

    private Task<List<string>> AuditActionsAsync(string tenantId) =>
        app.TenantDbAsync(tenantId, db => db.AuditEntries.Where(e => e.Action.StartsWith("settings.budget.")).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync());

    [Theory]
    [InlineData(BudgetUnit.Yen, 0)]
    [InlineData(BudgetUnit.Yen, -5_000)]
    [InlineData(BudgetUnit.Yen, Budget.MaxYen + 1)]
    [InlineData(BudgetUnit.Tokens, Budget.MaxTokens + 1)]
    public async Task Negative_zero_or_absurd_amounts_are_refused_and_nothing_is_saved(BudgetUnit unit, long amount)
    {
        var tenant = await WorkspaceAsync();

        var problems = await SaveAsync(tenant, new BudgetForm { Level = BudgetLevel.Workspace, Unit = unit, Amount = amount });

        Assert.Equal(new Problem<BudgetProblem>(BudgetProblem.AmountOutOfRange, Field: nameof(BudgetForm.Amount)), Assert.Single(problems));
        Assert.Equal(0, await BudgetCountAsync(tenant));
        Assert.Empty(await AuditActionsAsync(tenant));
    }

    [Fact]
    public async Task A_member_budget_above_its_departments_is_refused_naming_the_department()
    {
        var tenant = await WorkspaceAsync();
        var sales = await DepartmentAsync(tenant, "営業部");
        var member = await app.CreateUserAsync(tenant, $"{Guid.NewGuid():N}@example.jp");
        await app.TenantDbAsync(tenant, db => db.Users.Where(u => u.Id == member.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DepartmentId, sales)));
        Assert.Empty(await SaveAsync(tenant, new BudgetForm { Level = BudgetLevel.Department, DepartmentId = sales, Amount = 50_000 }));

        var over = await SaveAsync(tenant, new BudgetForm { Level = BudgetLevel.Member, UserId = member.Id, Amount = 60_000 });
        var overDefault = await SaveAsync(tenant, new BudgetForm { Level = BudgetLevel.Member, Amount = 60_000 });
        // Another unit or period is not comparable: allowed.
        var otherPeriod = await SaveAsync(tenant, new BudgetForm { Level = BudgetLevel.Member, UserId = member.Id, Amount = 60_000, Period = BudgetPeriod.FiscalYear });

        Assert.Equal(new Problem<BudgetProblem>(BudgetProblem.AboveDepartment, "営業部", Field: nameof(BudgetForm.Amount)), Assert.Single(over));
        Assert.Equal(BudgetProblem.AboveDepartment, Assert.Single(overDefault).Code);
        Assert.Empty(otherPeriod);
        Assert.Equal(2, await BudgetCountAsync(tenant));

        // Lowering the department below its member's budget is refused the same way.
        var department = await app.TenantDbAsync(tenant, db => db.Budgets.SingleAsync(b => b.Level == BudgetLevel.Department));
        Assert.Empty(await SaveAsync(tenant, new BudgetForm { Level = BudgetLevel.Member, UserId = null, Amount = 40_000 }));
        var below = await SaveAsync(tenant, new BudgetForm { Id = department.Id, Amount = 30_000 });
        Assert.Equal(BudgetProblem.BelowMembers, Assert.Single(below).Code);
        Assert.Equal(50_000, (await app.TenantDbAsync(tenant, db => db.Budgets.SingleAsync(b => b.Id == department.Id))).Amount);
    }

    [Fact]
    public async Task A_period_change_mid_period_needs_confirmation_and_the_new_period_counts_its_usage_so_far()
    {
        var tenant = await WorkspaceAsync();
        var member = await app.CreateUserAsync(tenant, $"{Guid.NewGuid():N}@example.jp");
        Assert.Empty(await SaveAsync(tenant, new BudgetForm { Level = BudgetLevel.Workspace, Unit = BudgetUnit.Tokens, Amount = 100_000 }));
        var budget = await app.TenantDbAsync(tenant, db => db.Budgets.SingleAsync());
        await app.TenantDbAsync(tenant, db =>
        {
            db.UsageRecords.Add(new UsageRecord
            {
                UserId = member.Id, Model = "gpt-4o-mini", InputTokens = 100, OutputTokens = 200, Status = MessageStatus.Completed, CreatedAt = DateTime.UtcNow,
            });
            return db.SaveChangesAsync();
        });
        var change = new BudgetForm { Id = budget.Id, Unit = BudgetUnit.Tokens, Amount = 100_000, Period = BudgetPeriod.FiscalYear };

        var unconfirmed = await SaveAsync(tenant, change);
        Assert.Equal(BudgetProblem.PeriodChangeNeedsConfirmation, Assert.Single(unconfirmed).Code);
        Assert.Equal(BudgetPeriod.Month, (await app.TenantDbAsync(tenant, db => db.Budgets.SingleAsync())).Period);

        change.ConfirmPeriodChange = true;
        Assert.Empty(await SaveAsync(tenant, change));
        var line = Assert.Single(await WithServiceAsync(tenant, s => s.ListAsync()));
        Assert.Equal(BudgetPeriod.FiscalYear, line.Budget.Period);
        Assert.StartsWith("FY", line.Window.Key, StringComparison.Ordinal);
        Assert.Equal(300, line.Spent);
        Assert.Equal(99_700, line.Remaining);
    }

    [Fact]
    public async Task Every_change_is_audited_and_a_duplicate_budget_is_refused()
    {
        var tenant = await WorkspaceAsync();
        Assert.Empty(await SaveAsync(tenant, new BudgetForm { Level = BudgetLevel.Workspace, Amount = 10_000 }));
        var duplicate = await SaveAsync(tenant, new BudgetForm { Level = BudgetLevel.Workspace, Amount = 20_000 });
        var id = (await app.TenantDbAsync(tenant, db => db.Budgets.SingleAsync())).Id;
        Assert.Empty(await SaveAsync(tenant, new BudgetForm { Id = id, Amount = 12_000 }));
        Assert.True((await FiscalYearAsync(tenant, f => f.SaveAsync(1, confirmed: false))).Succeeded);
        Assert.True(await WithServiceAsync(tenant, s => s.DeleteAsync(id)));

        Assert.Equal(BudgetProblem.AlreadyExists, Assert.Single(duplicate).Code);
        Assert.Equal(
            [AuditActions.BudgetSaved, AuditActions.BudgetSaved, AuditActions.BudgetFiscalYearChanged, AuditActions.BudgetDeleted],
            await AuditActionsAsync(tenant));
        Assert.Equal(0, await BudgetCountAsync(tenant));
    }

    [Fact]
    public async Task The_fiscal_year_is_the_workspaces_even_without_budgets_and_new_budgets_take_it()
    {
        var tenant = await WorkspaceAsync();
        var other = await WorkspaceAsync();
        Assert.Equal(4, await FiscalYearAsync(tenant, f => f.StartMonthAsync()));

        Assert.True((await FiscalYearAsync(tenant, f => f.SaveAsync(10, confirmed: false))).Succeeded);
        Assert.Empty(await SaveAsync(tenant, new BudgetForm { Level = BudgetLevel.Workspace, Amount = 10_000, Period = BudgetPeriod.FiscalYear }));

        Assert.Equal(10, await FiscalYearAsync(tenant, f => f.StartMonthAsync()));
        Assert.Equal(4, await FiscalYearAsync(other, f => f.StartMonthAsync()));
        var line = Assert.Single(await WithServiceAsync(tenant, s => s.ListAsync()));
        Assert.Equal(10, line.Budget.FiscalYearStartMonth);
        Assert.EndsWith("-10", line.Window.Key, StringComparison.Ordinal);
        var entry = await app.TenantDbAsync(tenant, db => db.AuditEntries.SingleAsync(e => e.Action == AuditActions.BudgetFiscalYearChanged));
        Assert.Contains("\"from\":4", entry.Details, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"to\":10", entry.Details, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(13)]
    [InlineData(-1)]
    public async Task A_start_month_outside_1_to_12_is_refused_and_nothing_is_saved(int month)
    {
        var tenant = await WorkspaceAsync();

        var saved = await FiscalYearAsync(tenant, f => f.SaveAsync(month, confirmed: true));

        Assert.Equal(FiscalYearProblem.MonthOutOfRange, saved.Code);
        Assert.Equal(4, await FiscalYearAsync(tenant, f => f.StartMonthAsync()));
        Assert.Empty(await AuditActionsAsync(tenant));
    }

    [Fact]
    public async Task Moving_the_fiscal_year_under_running_fiscal_year_budgets_needs_confirmation_and_moves_every_budget()
    {
        var tenant = await WorkspaceAsync();
        var sales = await DepartmentAsync(tenant, "営業部");
        Assert.Empty(await SaveAsync(tenant, new BudgetForm { Level = BudgetLevel.Workspace, Amount = 100_000, Period = BudgetPeriod.FiscalYear }));
        Assert.Empty(await SaveAsync(tenant, new BudgetForm { Level = BudgetLevel.Department, DepartmentId = sales, Amount = 10_000, Period = BudgetPeriod.Month }));

        var unconfirmed = await FiscalYearAsync(tenant, f => f.SaveAsync(1, confirmed: false));
        Assert.Equal(FiscalYearProblem.ChangeNeedsConfirmation, unconfirmed.Code);
        Assert.Equal(4, await FiscalYearAsync(tenant, f => f.StartMonthAsync()));
        Assert.All(await app.TenantDbAsync(tenant, db => db.Budgets.ToListAsync()), b => Assert.Equal(4, b.FiscalYearStartMonth));

        Assert.True((await FiscalYearAsync(tenant, f => f.SaveAsync(1, confirmed: true))).Succeeded);
        Assert.Equal(1, await FiscalYearAsync(tenant, f => f.StartMonthAsync()));
        Assert.All(await app.TenantDbAsync(tenant, db => db.Budgets.ToListAsync()), b => Assert.Equal(1, b.FiscalYearStartMonth));
        Assert.Equal(1, (await AuditActionsAsync(tenant)).Count(a => a == AuditActions.BudgetFiscalYearChanged));
    }

    [Fact]
    public async Task Another_workspaces_budget_cannot_be_changed_deleted_or_listed()
    {
        var tenant = await WorkspaceAsync();
        var other = await WorkspaceAsync();
        var otherDepartment = await DepartmentAsync(other, "他社の部署");
        Assert.Empty(await SaveAsync(tenant, new BudgetForm { Level = BudgetLevel.Workspace, Amount = 10_000 }));
        var id = (await app.TenantDbAsync(tenant, db => db.Budgets.SingleAsync())).Id;

        Assert.Equal(BudgetProblem.NotFound, Assert.Single(await SaveAsync(other, new BudgetForm { Id = id, Amount = 1 })).Code);
        Assert.False(await WithServiceAsync(other, s => s.DeleteAsync(id)));
        Assert.Empty(await WithServiceAsync(other, s => s.ListAsync()));
        Assert.Equal(BudgetProblem.DepartmentNotFound,
            Assert.Single(await SaveAsync(tenant, new BudgetForm { Level = BudgetLevel.Department, DepartmentId = otherDepartment, Amount = 1 })).Code);
        Assert.Equal(10_000, (await app.TenantDbAsync(tenant, db => db.Budgets.SingleAsync())).Amount);
    }

    [Fact]
    public async Task A_member_sees_the_budgets_that_apply_to_them_with_what_remains()
    {
        var tenant = await WorkspaceAsync();
        var member = await app.CreateUserAsync(tenant, $"{Guid.NewGuid():N}@example.jp");
        Assert.Empty(await SaveAsync(tenant, new BudgetForm { Level = BudgetLevel.Workspace, Unit = BudgetUnit.Yen, Amount = 1_000 }));
        Assert.Empty(await SaveAsync(tenant, new BudgetForm { Level = BudgetLevel.Member, Unit = BudgetUnit.Tokens, Amount = 5_000 }));
        await app.TenantDbAsync(tenant, db =>
        {
            db.UsageRecords.Add(new UsageRecord
            {
                UserId = member.Id, Model = "gpt-4o", InputTokens = 1_000_000, OutputTokens = 0, Status = MessageStatus.Completed, CreatedAt = DateTime.UtcNow,
            });
            return db.SaveChangesAsync();
        });

        var lines = await WithServiceAsync(tenant, s => s.ForMemberAsync(member.Id));

        Assert.Equal([BudgetLevel.Workspace, BudgetLevel.Member], lines.Select(l => l.Budget.Level));
        Assert.Equal(625, lines[0].Remaining); // $2.50 × ¥150 = ¥375 spent of ¥1,000
        Assert.Equal(0, lines[1].Remaining);
        Assert.True(lines[1].Percent >= 100);
    }
}
