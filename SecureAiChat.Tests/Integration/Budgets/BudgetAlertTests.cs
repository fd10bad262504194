using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Budgets;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Identity;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Budgets;

/// <summary>Alerts at 50/80/100%: one mail per threshold and period to the right people, queued by the settle, not repeated, again next period.</summary>
public sealed class BudgetAlertTests(BudgetFlowAppHost app) : IClassFixture<BudgetFlowAppHost>
{
    // Every answer of these tests costs 11 + 500 tokens as the upstream reports them.
    private static readonly UpstreamScript Expensive = new() { Reply = "ok", PromptTokens = 11, CompletionTokens = 500 };

    // 23:50 on 31 December in Tokyo, and midnight after it.
    private static readonly DateTimeOffset LastMinutesOfDecember = new(2026, 12, 31, 14, 50, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset TokyoNewYear = new(2026, 12, 31, 15, 0, 0, TimeSpan.Zero);

    private async Task<MessageStatus> AnswerAsync(string tenant, string member)
    {
        var marker = "a" + Guid.NewGuid().ToString("N")[..10];
        app.Script(marker, Expensive);
        return (await app.AskAsync(tenant, member, "answer " + marker)).Message.Status;
    }

    private async Task<List<string>> SubjectsAsync(string tenant, string userId) =>
        [.. app.PickedUpMailTo(await app.EmailOfAsync(tenant, userId)).Select(m => m.Subject ?? "")];

    [Fact]
    public async Task Each_threshold_mails_the_member_and_admins_once_per_period_and_a_new_Tokyo_month_mails_again()
    {
        app.Clock.Set(LastMinutesOfDecember);
        try
        {
            var tenant = (await app.CreateTenantAsync("ba" + Guid.NewGuid().ToString("N")[..8])).Id;
            var admin = await app.MemberAsync(tenant, role: Roles.Admin, culture: "en");
            var member = await app.MemberAsync(tenant);
            var bystander = await app.MemberAsync(tenant);
            await app.BudgetAsync(tenant, BudgetLevel.Member, 1_000, BudgetMode.AlertOnly);

            // 511 of 1,000 tokens: 50% crossed.
            Assert.Equal(MessageStatus.Completed, await AnswerAsync(tenant, member));
            Assert.Equal(1, app.Alerts.CountFor(tenant));
            await app.RunQueuedAlertsAsync(tenant);
            Assert.Contains("50%", Assert.Single(await SubjectsAsync(tenant, member)));
            // The admin reads it in English, the member (no culture set) in Japanese.
            Assert.Equal("50% of the budget reached", Assert.Single(await SubjectsAsync(tenant, admin)).Split("] ")[1].Split(" (")[0]);
            Assert.Contains("予算の 50% に達しました", (await SubjectsAsync(tenant, member))[0]);

            // Another instance's job over the same ledgers finds the alert recorded and mails nothing.
            await app.RunAlertsForAllLedgersAsync(tenant);
            Assert.Single(await SubjectsAsync(tenant, member));

            // 1,022 tokens: 80% and 100% crossed by one answer; one mail, for 100%, and both recorded.
            Assert.Equal(MessageStatus.Completed, await AnswerAsync(tenant, member));
            await app.RunQueuedAlertsAsync(tenant);
            await app.RunAlertsForAllLedgersAsync(tenant);
            var subjects = await SubjectsAsync(tenant, member);
            Assert.Equal(2, subjects.Count);
            Assert.Single(subjects, s => s.Contains("100%"));
            Assert.Equal(2, (await SubjectsAsync(tenant, admin)).Count);
            Assert.Equal([50, 80, 100], await app.TenantDbAsync(tenant, db => db.BudgetAlerts.Select(a => a.Threshold).OrderBy(t => t).ToListAsync()));

            // A third answer in the same period crosses nothing new: nothing queued, nothing mailed.
            Assert.Equal(MessageStatus.Completed, await AnswerAsync(tenant, member));
            Assert.Equal(0, app.Alerts.CountFor(tenant));
            await app.RunAlertsForAllLedgersAsync(tenant);
            Assert.Equal(2, (await SubjectsAsync(tenant, member)).Count);
            Assert.Empty(await SubjectsAsync(tenant, bystander));

            // Midnight in Tokyo on 1 January: a new month, a new ledger, and the 50% mail again.
            app.Clock.Set(TokyoNewYear);
            Assert.Equal(MessageStatus.Completed, await AnswerAsync(tenant, member));
            await app.RunQueuedAlertsAsync(tenant);
            subjects = await SubjectsAsync(tenant, member);
            Assert.Equal(3, subjects.Count);
            Assert.Equal(2, subjects.Count(s => s.Contains("50%")));
            Assert.Equal(["2026-12", "2027-01"], await app.TenantDbAsync(tenant, db => db.BudgetAlerts.Select(a => a.PeriodKey).Distinct().OrderBy(k => k).ToListAsync()));
        }
        finally
        {
            app.Clock.Reset();
        }
    }

    [Fact]
    public async Task A_department_budget_alerts_its_managers_and_the_admins_but_not_its_members()
    {
        var tenant = (await app.CreateTenantAsync("bd" + Guid.NewGuid().ToString("N")[..8])).Id;
        var department = await app.DepartmentAsync(tenant);
        var other = await app.DepartmentAsync(tenant, "経理部");
        var owner = await app.MemberAsync(tenant, role: Roles.Owner);
        var manager = await app.MemberAsync(tenant, department);
        var otherManager = await app.MemberAsync(tenant, other);
        var member = await app.MemberAsync(tenant, department);
        await app.AddManagerAsync(tenant, department, manager);
        await app.AddManagerAsync(tenant, other, otherManager);

        await app.BudgetAsync(tenant, BudgetLevel.Department, 1_000, BudgetMode.AlertOnly, department);

        Assert.Equal(MessageStatus.Completed, await AnswerAsync(tenant, member));
        await app.RunQueuedAlertsAsync(tenant);

        Assert.Contains("50%", Assert.Single(await SubjectsAsync(tenant, manager)));
        Assert.Single(await SubjectsAsync(tenant, owner));
        Assert.Empty(await SubjectsAsync(tenant, member));
        Assert.Empty(await SubjectsAsync(tenant, otherManager));
    }

    [Fact]
    public async Task A_hard_stop_that_refuses_counts_as_100_percent_and_mails_once()
    {
        var tenant = (await app.CreateTenantAsync("bh" + Guid.NewGuid().ToString("N")[..8])).Id;
        var admin = await app.MemberAsync(tenant, role: Roles.Admin);
        var member = await app.MemberAsync(tenant);
        await app.BudgetAsync(tenant, BudgetLevel.Member, 1_000, BudgetMode.HardStop, userId: member);
        await app.UseAsync(tenant, member, 900);

        Assert.Equal(MessageStatus.Failed, await AnswerAsync(tenant, member));
        await app.RunQueuedAlertsAsync(tenant);
        Assert.Equal(MessageStatus.Failed, await AnswerAsync(tenant, member));
        Assert.Equal(0, app.Alerts.CountFor(tenant)); // the second refusal finds the 100% alert recorded
        await app.RunAlertsForAllLedgersAsync(tenant);

        Assert.Contains("100%", Assert.Single(await SubjectsAsync(tenant, member)));
        Assert.Contains("100%", Assert.Single(await SubjectsAsync(tenant, admin)));
    }

    [Fact]
    public void A_threshold_is_crossed_once_between_two_figures()
    {
        Assert.True(BudgetGate.CrossesThreshold(499, 500, 1_000));
        Assert.False(BudgetGate.CrossesThreshold(500, 799, 1_000));
        Assert.True(BudgetGate.CrossesThreshold(799, 2_000, 1_000));
        Assert.False(BudgetGate.CrossesThreshold(1_000, 2_000, 1_000));
        Assert.False(BudgetGate.CrossesThreshold(0, 10, 0));
    }
}

/// <summary>The production wiring: a crossing queues a real Hangfire job on the host, which records the alert and mails.</summary>
public sealed class BudgetAlertHangfireTests(AiSettingsAppHost app) : IClassFixture<AiSettingsAppHost>
{
    [Fact]
    public async Task A_crossing_queues_the_alert_job_that_hangfire_runs_and_mails_the_member()
    {
        var tenant = (await app.CreateTenantAsync("bj" + Guid.NewGuid().ToString("N")[..8])).Id;
        var member = await app.CreateUserAsync(tenant, $"{Guid.NewGuid():N}@example.jp");
        await app.TenantDbAsync(tenant, db =>
        {
            db.Budgets.Add(new Budget { Level = BudgetLevel.Member, Scope = Budget.MemberDefaultScope, Unit = BudgetUnit.Tokens, Amount = 1_000, Mode = BudgetMode.AlertOnly });
            return db.SaveChangesAsync();
        });
        var marker = "h" + Guid.NewGuid().ToString("N")[..10];
        app.Script(marker, new UpstreamScript { Reply = "ok", PromptTokens = 11, CompletionTokens = 500 });

        Assert.Equal(MessageStatus.Completed, (await app.AskAsync(tenant, member.Id, "answer " + marker)).Message.Status);

        // Waits for the background job's outcome (a condition, not a duration).
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (app.PickedUpMailTo(member.Email!).Count == 0)
        {
            await timer.WaitForNextTickAsync(deadline.Token);
        }

        Assert.Contains("50%", Assert.Single(app.PickedUpMailTo(member.Email!)).Subject);
        Assert.Equal([50], await app.TenantDbAsync(tenant, db => db.BudgetAlerts.Select(a => a.Threshold).ToListAsync()));
    }
}
