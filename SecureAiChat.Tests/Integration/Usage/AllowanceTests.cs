using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Operations;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Providers.Settings;
using SecureAiChat.Core.Provisioning;
using SecureAiChat.Core.Settings;
using SecureAiChat.Core.Usage;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Usage;

/// <summary>The system-default allowance and the admin's own cap: reservations under parallel load, refusal at 100%, alerts once per month.</summary>
public sealed class AllowanceTests(AiSettingsAppHost app) : AllowanceCases<AiSettingsAppHost>(app);

/// <summary>The same on PostgreSQL.</summary>
public sealed class PostgreSqlAllowanceTests(Integration.PostgreSql.PostgreSqlAiSettingsAppHost app) : AllowanceCases<Integration.PostgreSql.PostgreSqlAiSettingsAppHost>(app);

public abstract class AllowanceCases<THost>(THost app) : IClassFixture<THost>
    where THost : AiSettingsAppHost
{
    private static readonly long StarterAllowance = PlanCatalog.Find(PlanCode.Starter).MonthlySystemTokens;

    // Every answer of these tests costs 11 + 500 tokens as the upstream reports them.
    private static readonly UpstreamScript Expensive = new() { Reply = "ok", PromptTokens = 11, CompletionTokens = 500 };

    private static string Marker() => "m" + Guid.NewGuid().ToString("N")[..10];

    private async Task<(string TenantId, string UserId)> WorkspaceAsync(string role = Roles.Member)
    {
        var tenant = await app.CreateTenantAsync("al" + Guid.NewGuid().ToString("N")[..8]);
        var user = await app.CreateUserAsync(tenant.Id, $"{Guid.NewGuid():N}@example.jp", role: role);
        return (tenant.Id, user.Id);
    }

    private Task UseAsync(string tenantId, string userId, long tokens, AiProviderChoice source = AiProviderChoice.SystemDefault) =>
        app.RecordUsageAsync(tenantId, new UsageRecord
        {
            UserId = userId, Model = ChatAppHost.Model, Source = source, InputTokens = (int)(tokens / 2), OutputTokens = (int)(tokens - tokens / 2),
            Status = MessageStatus.Completed, CreatedAt = DateTime.UtcNow,
        });

    private Task<long> UsedAsync(string tenantId) =>
        app.TenantDbAsync(tenantId, db => db.UsageRecords.SumAsync(u => (long)u.InputTokens + u.OutputTokens));

    [Fact]
    public async Task Parallel_requests_at_the_edge_cannot_overshoot_the_allowance()
    {
        var (tenant, user) = await WorkspaceAsync();
        // Room for two reservations (prompt + 500 output tokens each) but not three.
        await UseAsync(tenant, user, StarterAllowance - 1_300);
        var marker = Marker();
        // The upstream answers after 2 s so that all eight are in flight together, as the test means: an answer that
        // finished first would free its unused reservation and legitimately let a later request in.
        app.Script(marker, Expensive with { DelayBeforeHeaders = TimeSpan.FromSeconds(2) });

        // Eight members of the workspace (the allowance is the workspace's; one member may stream only three at once).
        var members = new List<string> { user };
        for (var i = 1; i < 8; i++) members.Add((await app.CreateUserAsync(tenant, $"{Guid.NewGuid():N}@example.jp")).Id);
        var answers = await Task.WhenAll(members.Select((member, i) => app.AskAsync(tenant, member, $"edge {i} {marker}")));

        Assert.Equal(2, answers.Count(a => a.Message.Status == MessageStatus.Completed));
        Assert.All(answers.Where(a => a.Message.Status != MessageStatus.Completed),
            a => Assert.Equal(AnswerFailure.AllowanceExhausted, a.Message.Failure?.Kind));
        Assert.Equal(2, app.RequestsWith(marker).Count);
        Assert.True(await UsedAsync(tenant) <= StarterAllowance);
    }

    [Fact]
    public async Task Reservations_hold_across_instances_and_a_crashed_instances_reservation_expires()
    {
        var (tenant, user) = await WorkspaceAsync();
        await UseAsync(tenant, user, StarterAllowance - 1_300);
        // Each "instance" builds its own TokenReservations and TokenAllowance, as separate app processes do: only
        // the database is shared (an in-process lock or counter would let each instance take the last room).
        var scopes = new List<AsyncServiceScope>();
        for (var i = 0; i < 8; i++) scopes.Add(await app.TenantScopeAsync(tenant));
        static TokenAllowance Instance(AsyncServiceScope scope) => ActivatorUtilities.CreateInstance<TokenAllowance>(
            scope.ServiceProvider, ActivatorUtilities.CreateInstance<TokenReservations>(scope.ServiceProvider));
        try
        {
            var leases = await Task.WhenAll(scopes.Select(scope =>
                Instance(scope).TryReserveAsync(AiProviderChoice.SystemDefault, null, 600, TimeSpan.FromMinutes(20))));

            Assert.Equal(2, leases.Count(l => l is not null));
            var reservations = ActivatorUtilities.CreateInstance<TokenReservations>(scopes[0].ServiceProvider);
            Assert.Equal(1_200, await reservations.ReservedAsync(TokenReservations.SystemPool));

            // Released room is free again on every instance.
            await leases.First(l => l is not null)!.DisposeAsync();
            Assert.NotNull(await Instance(scopes[7]).TryReserveAsync(AiProviderChoice.SystemDefault, null, 600, TimeSpan.FromMinutes(20)));

            // A reservation whose instance died (never released) stops counting when it expires.
            await app.TenantDbAsync(tenant, db => db.TokenReservations.ExecuteUpdateAsync(r => r.SetProperty(x => x.ExpiresAt, DateTime.UtcNow.AddSeconds(-1))));
            Assert.Equal(0, await reservations.ReservedAsync(TokenReservations.SystemPool));
            Assert.NotNull(await Instance(scopes[3]).TryReserveAsync(AiProviderChoice.SystemDefault, null, 1_200, TimeSpan.FromMinutes(20)));
        }
        finally
        {
            foreach (var scope in scopes) await scope.DisposeAsync();
        }
    }

    [Fact]
    public async Task At_100_percent_system_default_requests_are_refused_without_calling_the_model_but_an_own_key_still_works()
    {
        var (tenant, user) = await WorkspaceAsync();
        await UseAsync(tenant, user, StarterAllowance);
        var marker = Marker();

        var refused = await app.AskAsync(tenant, user, "over " + marker);

        Assert.Equal(MessageStatus.Failed, refused.Message.Status);
        Assert.Equal(AnswerFailure.AllowanceExhausted, refused.Message.Failure?.Kind);
        Assert.Empty(app.RequestsWith(marker));

        await app.ConfigureAiAsync(tenant, new AiSettingsForm
        {
            Active = AiProviderChoice.OwnOpenAIKey, OpenAiNewKey = "sk-own-after-limit-0000", OpenAiBaseUrl = app.Upstream.OpenAiEndpoint.ToString(), OpenAiModels = "gpt-4o-mini",
        });
        var own = Marker();
        Assert.Equal(MessageStatus.Completed, (await app.AskAsync(tenant, user, "own " + own)).Message.Status);
    }

    [Fact]
    public async Task An_admins_own_cap_is_enforced_the_same_way()
    {
        var (tenant, user) = await WorkspaceAsync();
        await app.ConfigureAiAsync(tenant, new AiSettingsForm
        {
            Active = AiProviderChoice.OwnOpenAIKey, OpenAiNewKey = "sk-own-capped-000000", OpenAiBaseUrl = app.Upstream.OpenAiEndpoint.ToString(),
            OpenAiModels = "gpt-4o-mini", MonthlyTokenCap = 1_000,
        });
        var marker = Marker();
        app.Script(marker, Expensive);

        var first = await app.AskAsync(tenant, user, "cap 1 " + marker);
        var second = await app.AskAsync(tenant, user, "cap 2 " + marker);

        Assert.Equal(MessageStatus.Completed, first.Message.Status);
        Assert.Equal(AnswerFailure.TokenCapReached, second.Message.Failure?.Kind);
        Assert.Single(app.RequestsWith(marker));
    }

    [Fact]
    public async Task Admins_get_one_email_at_80_percent_and_one_at_100_percent_per_month()
    {
        var (tenant, admin) = await WorkspaceAsync(Roles.Admin);
        var adminEmail = (await app.TenantDbAsync(tenant, db => db.Users.SingleAsync(u => u.Id == admin))).Email!;
        await app.TenantDbAsync(tenant, db =>
        {
            db.AlertRules.AddRange(ProvisioningSteps.DefaultAlertRules());
            return db.SaveChangesAsync();
        });
        var job = app.Services.GetRequiredService<UsageAlertJob>();

        await UseAsync(tenant, admin, StarterAllowance * 79 / 100);
        Assert.Null(await job.EvaluateAsync(tenant));

        await UseAsync(tenant, admin, StarterAllowance * 1 / 100);
        Assert.Equal(80, await job.EvaluateAsync(tenant));
        Assert.Null(await job.EvaluateAsync(tenant));
        await job.RunAsync(CancellationToken.None);
        var warning = Assert.Single(app.PickedUpMailTo(adminEmail));
        Assert.Contains("80", warning.Subject, StringComparison.Ordinal);
        Assert.Contains("/settings/ai", warning.HtmlBody, StringComparison.Ordinal);

        await UseAsync(tenant, admin, StarterAllowance * 20 / 100);
        Assert.Equal(100, await job.EvaluateAsync(tenant));
        Assert.Null(await job.EvaluateAsync(tenant));
        Assert.Equal(2, app.PickedUpMailTo(adminEmail).Count);
        Assert.Equal([80, 100], await app.TenantDbAsync(tenant, db => db.UsageAlertNotices.OrderBy(n => n.ThresholdPercent).Select(n => n.ThresholdPercent).ToListAsync()));
    }

    [Fact]
    public async Task An_enterprise_contracts_own_allowance_is_the_limit()
    {
        var (tenant, user) = await WorkspaceAsync();
        await using (var platform = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope())
        {
            var changed = await platform.ServiceProvider.GetRequiredService<TenantOperations>()
                .ChangePlanAsync(tenant, nameof(PlanCode.Enterprise), 500, 1_000, "契約書 No.7");
            Assert.True(changed.Succeeded);
        }

        var marker = Marker();
        app.Script(marker, Expensive);

        Assert.Equal(MessageStatus.Completed, (await app.AskAsync(tenant, user, "contract 1 " + marker)).Message.Status);
        Assert.Equal(AnswerFailure.AllowanceExhausted, (await app.AskAsync(tenant, user, "contract 2 " + marker)).Message.Failure?.Kind);
        Assert.Single(app.RequestsWith(marker));
    }

    private static string ThisMonthsSystemTotal => TokenReservations.MonthPool(TokenReservations.SystemPool, UsageMonth.For(DateTimeOffset.UtcNow, "Asia/Tokyo"));

    private Task<long?> MonthTotalAsync(string tenantId) =>
        app.TenantDbAsync(tenantId, db => db.TokenPools.Where(p => p.Pool == ThisMonthsSystemTotal).Select(p => (long?)p.UsedTokens).SingleOrDefaultAsync());

    [Fact]
    public async Task Answers_in_parallel_keep_the_running_month_total_equal_to_their_usage_records()
    {
        var (tenant, user) = await WorkspaceAsync();
        var marker = Marker();
        app.Script(marker, Expensive);
        var members = new List<string> { user };
        for (var i = 1; i < 6; i++) members.Add((await app.CreateUserAsync(tenant, $"{Guid.NewGuid():N}@example.jp")).Id);

        var answers = await Task.WhenAll(members.Select((member, i) => app.AskAsync(tenant, member, $"total {i} {marker}")));

        Assert.All(answers, a => Assert.Equal(MessageStatus.Completed, a.Message.Status));
        // No lost update among six usage records saved at once: the total is exactly what the records add up to.
        Assert.Equal(6 * 511, await UsedAsync(tenant));
        Assert.Equal(6 * 511, await MonthTotalAsync(tenant));
    }

    [Fact]
    public async Task An_admission_reads_the_running_month_total_and_starts_it_from_the_records_the_month_already_has()
    {
        var (tenant, user) = await WorkspaceAsync();
        // Records saved before the totals existed (a database upgraded mid-month): the first admission sums them once.
        await app.TenantDbAsync(tenant, db =>
        {
            db.UsageRecords.Add(new UsageRecord
            {
                UserId = user, Model = ChatAppHost.Model, Source = AiProviderChoice.SystemDefault, InputTokens = 1_000, OutputTokens = 234,
                Status = MessageStatus.Completed, CreatedAt = DateTime.UtcNow,
            });
            return db.SaveChangesAsync();
        });
        Assert.Null(await MonthTotalAsync(tenant));
        var marker = Marker();
        app.Script(marker, Expensive);

        Assert.Equal(MessageStatus.Completed, (await app.AskAsync(tenant, user, "first " + marker)).Message.Status);
        Assert.Equal(1_234 + 511, await MonthTotalAsync(tenant));

        // From then on the admission reads the one row, not the month's records: a total at the allowance refuses.
        await app.TenantDbAsync(tenant, db => db.TokenPools.Where(p => p.Pool == ThisMonthsSystemTotal)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.UsedTokens, StarterAllowance)));
        var refused = await app.AskAsync(tenant, user, "second " + marker);
        Assert.Equal(AnswerFailure.AllowanceExhausted, refused.Message.Failure?.Kind);
        Assert.Single(app.RequestsWith(marker));
    }

    [Fact]
    public async Task Usage_is_counted_in_the_tenants_calendar_month()
    {
        // 2026-10-31 15:30 UTC is already November 1st in Tokyo.
        var month = UsageMonth.For(new DateTimeOffset(2026, 10, 31, 15, 30, 0, TimeSpan.Zero), "Asia/Tokyo");
        Assert.Equal("2026-11", month.Key);
        Assert.Equal(new DateTime(2026, 10, 31, 15, 0, 0, DateTimeKind.Utc), month.StartUtc);
        Assert.Equal(new DateTime(2026, 11, 30, 15, 0, 0, DateTimeKind.Utc), month.EndUtc);
        Assert.Equal("2026-10", UsageMonth.For(new DateTimeOffset(2026, 10, 31, 14, 59, 0, TimeSpan.Zero), "Asia/Tokyo").Key);
        await Task.CompletedTask;
    }
}
