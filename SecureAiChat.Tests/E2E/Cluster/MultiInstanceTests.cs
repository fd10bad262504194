using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Budgets;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Provisioning;
using SecureAiChat.Core.Settings;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Core.Usage;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.E2E.Cluster;

/// <summary>
/// The multi-instance suite: three published Production instances on one PostgreSQL database behind HAProxy
/// (<see cref="ClusterFixture"/>, started once). Each test places its browser contexts on chosen instances through
/// the balancer's stickiness cookie, so "another instance" is certain rather than left to round robin. Every wait
/// is on a condition with a generous bound; nothing is timed.
/// </summary>
public sealed partial class MultiInstanceTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMilliseconds(ClusterFixture.WaitMilliseconds);
    private static readonly long StarterAllowance = PlanCatalog.Find(PlanCode.Starter).MonthlySystemTokens;

    private static string Marker() => "m" + Guid.NewGuid().ToString("N")[..10];

    private async Task<(AppTenantInfo Tenant, List<AppUser> Members)> WorkspaceAsync(int members)
    {
        var tenant = await cluster.Seed.CreateTenantAsync("cl" + Guid.NewGuid().ToString("N")[..8], "クラスタ商事");
        var users = new List<AppUser>();
        for (var i = 0; i < members; i++) users.Add(await cluster.Seed.CreateUserAsync(tenant.Id, $"{Guid.NewGuid():N}@example.jp"));
        return (tenant, users);
    }

    private static async Task OpenChatAsync(IPage page, Uri uri)
    {
        await page.GotoAsync(uri.ToString());
        try
        {
            await page.WaitForInteractiveAsync();
            await page.Locator("textarea[data-testid=chat-textarea][data-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        }
        catch (TimeoutException ex)
        {
            // Say where the page was and which instance served it: a bound that runs out here is worth a look.
            var name = "cluster-not-interactive-" + Guid.NewGuid().ToString("N")[..6];
            await page.ScreenshotAsync(name);
            throw new TimeoutException($"{page.Url} on {await ClusterFixture.NodeOfAsync(page)} never became interactive (screenshot {name}).", ex);
        }
    }

    private static async Task SendAsync(IPage page, string text)
    {
        var box = page.Locator("[data-testid=chat-textarea]");
        await box.FillAsync(text);
        await box.PressAsync("Enter");
    }

    private static ILocator LastAnswer(IPage page) => page.Locator("[data-testid=message-assistant]").Last;

    private static LocatorAssertionsToContainTextOptions Text => new() { Timeout = ClusterFixture.WaitMilliseconds };

    private Task<List<ConversationMessage>> MessagesWithAsync(string tenantId, string marker) =>
        cluster.Seed.TenantDbAsync(tenantId, db =>
        {
            var conversations = db.ChatMessages.Where(m => m.Role == MessageRole.User && m.Content.Contains(marker)).Select(m => m.ConversationId);
            return db.ChatMessages.AsNoTracking().Where(m => conversations.Contains(m.ConversationId)).OrderBy(m => m.CreatedAt).ToListAsync();
        });

    private async Task<T> PlatformAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var scope = cluster.Seed.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Still not {what} after {Patience.TotalSeconds} s.");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task One_sign_in_through_the_balancer_serves_a_member_on_every_instance_and_each_answers()
    {
        var (tenant, members) = await WorkspaceAsync(1);
        var marker = Marker();
        cluster.ScriptAnswer(marker, new UpstreamScript { Reply = "クラスタからの回答です。" });
        var cookies = await cluster.SignInAsync(tenant.Identifier, members[0].Email!);

        for (var instance = 1; instance <= 3; instance++)
        {
            // The same session cookie on each instance: the key ring that signed it is shared through the database.
            var page = await cluster.PageAsync(cookies, tenant.Identifier, instance);
            await OpenChatAsync(page, cluster.TenantUri(tenant.Identifier, "/chat"));
            await SendAsync(page, $"インスタンス{instance}への質問 {marker}");
            await Assertions.Expect(LastAnswer(page)).ToContainTextAsync("クラスタからの回答です。", Text);
            // Every request of the page, the circuit's WebSocket included, stayed on the instance the cookie names.
            Assert.Equal($"app{instance}", await ClusterFixture.NodeOfAsync(page));
            if (instance == 1) await page.ScreenshotAsync("cluster-chat-through-balancer");
        }

        var messages = await MessagesWithAsync(tenant.Id, marker);
        Assert.Equal(3, messages.Count(m => m.Role == MessageRole.User));
        Assert.Equal(3, messages.Count(m => m.Role == MessageRole.Assistant && m.Status == MessageStatus.Completed));
        Assert.Equal(3, cluster.RequestsWith(marker).Count);
    }

    [Fact]
    public async Task Answers_spread_over_three_instances_at_the_allowance_edge_never_exceed_it()
    {
        var (tenant, members) = await WorkspaceAsync(6);
        // Room for two answers (prompt + 500 output tokens reserved, 511 used each) but never three, in any order.
        await cluster.Seed.TenantDbAsync(tenant.Id, db =>
        {
            db.UsageRecords.Add(new UsageRecord
            {
                UserId = members[0].Id, Model = ChatAppHost.Model, Source = AiProviderChoice.SystemDefault, InputTokens = (int)((StarterAllowance - 1_300) / 2),
                OutputTokens = (int)(StarterAllowance - 1_300 - (StarterAllowance - 1_300) / 2), Status = MessageStatus.Completed, CreatedAt = DateTime.UtcNow,
            });
            return db.SaveChangesAsync();
        });
        var marker = Marker();
        // The upstream waits before answering so that the requests are in flight together on their instances.
        cluster.ScriptAnswer(marker, new UpstreamScript { Reply = "ok", PromptTokens = 11, CompletionTokens = 500, DelayBeforeHeaders = TimeSpan.FromSeconds(2) });

        var pages = new List<IPage>();
        for (var i = 0; i < members.Count; i++)
        {
            var page = await cluster.PageAsync(await cluster.SignInAsync(tenant.Identifier, members[i].Email!), tenant.Identifier, i % 3 + 1);
            await OpenChatAsync(page, cluster.TenantUri(tenant.Identifier, "/chat"));
            pages.Add(page);
        }
        await Task.WhenAll(pages.Select((page, i) => SendAsync(page, $"上限の境目 {i} {marker}")));

        var messages = await EventuallyAsync(() => MessagesWithAsync(tenant.Id, marker), m => m.Count(x => x.Role == MessageRole.Assistant) == 6, "answered six times");
        var answers = messages.Where(m => m.Role == MessageRole.Assistant).ToList();
        Assert.Equal(2, answers.Count(a => a.Status == MessageStatus.Completed));
        Assert.All(answers.Where(a => a.Status != MessageStatus.Completed), a => Assert.Equal(AnswerFailure.AllowanceExhausted, a.Failure?.Kind));
        Assert.Equal(2, cluster.RequestsWith(marker).Count);
        var used = await cluster.Seed.TenantDbAsync(tenant.Id, db => db.UsageRecords.SumAsync(u => (long)u.InputTokens + u.OutputTokens));
        Assert.True(used <= StarterAllowance, $"{used} tokens used of {StarterAllowance}");
        Assert.Equal(["app1", "app2", "app3"], (await Task.WhenAll(pages.Select(ClusterFixture.NodeOfAsync))).Distinct().Order());
    }

    [Fact]
    public async Task A_company_signed_up_through_the_balancer_is_provisioned_once_and_its_owner_chats_in_the_new_workspace()
    {
        var subdomain = "su" + Guid.NewGuid().ToString("N")[..8];
        var owner = $"owner@{subdomain}.example.jp";
        var marker = Marker();
        cluster.ScriptAnswer(marker, new UpstreamScript { Tokens = ["新しい", "ワークスペース", "から", "の回答です。"] });

        // A first-time visitor: no cookies, so the balancer picks the instances (the signup circuit, the status
        // page and later the workspace's host each on whichever the round robin gives).
        var page = await cluster.NewVisitorPageAsync();
        await page.GotoAsync(cluster.PlatformUri("/signup?plan=Standard").ToString());
        await page.WaitForInteractiveAsync();
        await page.Locator("#signup-company").FillAsync("株式会社クラスタ登録");
        await page.Locator("#signup-subdomain").FillAsync(subdomain);
        await Assertions.Expect(page.Locator("[data-testid=subdomain-available]")).ToBeVisibleAsync();
        await page.Locator("#signup-name").FillAsync("山田 花子");
        await page.Locator("#signup-email").FillAsync(owner);
        await page.Locator("#signup-password").FillAsync(TestPasswords.Default);
        await page.Locator("[data-testid=field-terms] input[type=checkbox]").CheckAsync();
        await page.Locator("[data-testid=signup-submit]").ClickAsync();

        // Provisioning is a Hangfire job; four servers (the three instances and the seed host) poll the one queue.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/signup/status/"), new() { Timeout = ClusterFixture.WaitMilliseconds });
        await Assertions.Expect(page.Locator("[data-testid=status-card]")).ToHaveAttributeAsync("data-status", "Succeeded", new() { Timeout = ClusterFixture.WaitMilliseconds });
        await page.ScreenshotAsync("cluster-signup-status");

        // The owner's first sign-in: the single-use link of the status page, on the new workspace's host.
        await page.Locator("[data-testid=open-workspace]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(cluster.TenantUri(subdomain, "/onboarding/wizard").AbsoluteUri, new() { Timeout = ClusterFixture.WaitMilliseconds });
        await OpenChatAsync(page, cluster.TenantUri(subdomain, "/chat"));
        await SendAsync(page, "最初の質問 " + marker);
        await Assertions.Expect(LastAnswer(page)).ToContainTextAsync("新しいワークスペースからの回答です。", Text);
        Assert.NotNull(await ClusterFixture.NodeOfAsync(page));
        await page.ScreenshotAsync("cluster-signup-first-answer");

        // Exactly once: one request run once, one workspace, one owner, one welcome mail.
        var (request, workspaces) = await PlatformAsync(async db => (
            await db.ProvisioningRequests.AsNoTracking().Include(r => r.Steps).SingleAsync(r => r.Identifier == subdomain),
            await db.Tenants.AsNoTracking().Where(t => t.Identifier == subdomain).ToListAsync()));
        Assert.Equal(ProvisioningStatus.Succeeded, request.Status);
        Assert.Equal(1, request.Runs);
        Assert.All(request.Steps, s => Assert.Equal(StepStatus.Succeeded, s.Status));
        var workspace = Assert.Single(workspaces);
        Assert.Equal(request.TenantId, workspace.Id);
        var (users, owners) = await cluster.Seed.TenantDbAsync(workspace.Id, async db => (
            await db.Users.Select(u => u.Email).ToListAsync(),
            await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).CountAsync(n => n == Roles.Owner)));
        Assert.Equal([owner], users);
        Assert.Equal(1, owners);
        Assert.Single(cluster.PickedUpMailTo(owner));
        var messages = await MessagesWithAsync(workspace.Id, marker);
        Assert.Equal(MessageStatus.Completed, Assert.Single(messages, m => m.Role == MessageRole.Assistant).Status);
    }

    [Fact]
    public async Task Answers_spread_over_three_instances_at_a_yen_budget_edge_never_spend_past_it()
    {
        var (tenant, members) = await WorkspaceAsync(6);
        // A hard-stop workspace budget of ¥1 of which ¥0.90 is spent (10,000 output tokens of gpt-4o-mini at $0.60
        // per million and ¥150 per dollar): ¥0.10 left, room for two answers (prompt + 500 output tokens reserved,
        // about ¥0.045 each) but never three, in any order.
        var budget = await cluster.Seed.TenantDbAsync(tenant.Id, async db =>
        {
            db.UsageRecords.Add(new UsageRecord
            {
                UserId = members[0].Id, Model = ChatAppHost.Model, Source = AiProviderChoice.SystemDefault, InputTokens = 0, OutputTokens = 10_000,
                Status = MessageStatus.Completed, CreatedAt = DateTime.UtcNow,
            });
            var budget = new Budget { Level = BudgetLevel.Workspace, Scope = Budget.WorkspaceScope, Unit = BudgetUnit.Yen, Amount = 1, Mode = BudgetMode.HardStop };
            db.Budgets.Add(budget);
            await db.SaveChangesAsync();
            return budget;
        });
        var marker = Marker();
        // The upstream waits before answering so that the requests are in flight together on their instances.
        cluster.ScriptAnswer(marker, new UpstreamScript { Reply = "ok", PromptTokens = 11, CompletionTokens = 500, DelayBeforeHeaders = TimeSpan.FromSeconds(2) });

        var pages = new List<IPage>();
        for (var i = 0; i < members.Count; i++)
        {
            var page = await cluster.PageAsync(await cluster.SignInAsync(tenant.Identifier, members[i].Email!), tenant.Identifier, i % 3 + 1);
            await OpenChatAsync(page, cluster.TenantUri(tenant.Identifier, "/chat"));
            pages.Add(page);
        }
        await Task.WhenAll(pages.Select((page, i) => SendAsync(page, $"予算の境目 {i} {marker}")));

        var messages = await EventuallyAsync(() => MessagesWithAsync(tenant.Id, marker), m => m.Count(x => x.Role == MessageRole.Assistant) == 6, "answered six times");
        var answers = messages.Where(m => m.Role == MessageRole.Assistant).ToList();
        Assert.Equal(2, answers.Count(a => a.Status == MessageStatus.Completed));
        var refusal = MessageFailure.BudgetExceeded(BudgetLevel.Workspace);
        Assert.All(answers.Where(a => a.Status != MessageStatus.Completed), a => Assert.Equal(refusal, a.Failure));
        Assert.Equal(2, cluster.RequestsWith(marker).Count);
        // The refusals reach the members' pages, on whichever instance holds them.
        await EventuallyAsync(async () => (await Task.WhenAll(pages.Select(p => p.Locator($"[data-testid=message-error][data-failure={refusal.ToStored()}]").CountAsync()))).Sum(),
            shown => shown == 4, "shown four refusals");
        // The ledger all instances reserve on: spent within the budget, nothing left reserved.
        var ledger = await EventuallyAsync(() => cluster.Seed.TenantDbAsync(tenant.Id, db => db.BudgetLedgers.AsNoTracking().SingleAsync(l => l.BudgetId == budget.Id)),
            l => l.Reserved == 0, "settled");
        Assert.True(ledger.Spent <= budget.LimitUnits, $"{ledger.Spent} micro-yen spent of {budget.LimitUnits}");
        Assert.True(ledger.Spent > budget.LimitUnits * 9 / 10, $"{ledger.Spent} micro-yen: the two answers were not charged");
        Assert.Equal(["app1", "app2", "app3"], (await Task.WhenAll(pages.Select(ClusterFixture.NodeOfAsync))).Distinct().Order());
    }

    [Fact]
    public async Task A_suspension_saved_through_the_database_ends_open_pages_on_every_instance()
    {
        var (tenant, members) = await WorkspaceAsync(1);
        var cookies = await cluster.SignInAsync(tenant.Identifier, members[0].Email!);
        var pages = new List<IPage>();
        for (var instance = 1; instance <= 3; instance++)
        {
            var page = await cluster.PageAsync(cookies, tenant.Identifier, instance);
            await OpenChatAsync(page, cluster.TenantUri(tenant.Identifier, "/chat"));
            pages.Add(page);
        }

        // What the instance that suspends does: load the row, change it, save (the version is bumped). The three
        // instances hear of it only through their change poll.
        await using (var scope = cluster.Seed.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var row = await db.Tenants.SingleAsync(t => t.Id == tenant.Id);
            row.Status = TenantStatus.Suspended;
            row.SuspendedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync();
        }

        foreach (var page in pages)
        {
            await Assertions.Expect(page.Locator("[data-testid=workspace-unavailable]"))
                .ToHaveAttributeAsync("data-reason", "Suspended", new() { Timeout = (float)Patience.TotalMilliseconds });
        }
        // And a new request to each instance, straight past the balancer, is refused (the sign-in page is open to
        // anyone, so only the workspace gate can refuse it).
        using var direct = LoopbackHttp.CreateClient();
        foreach (var port in cluster.InstancePorts)
        {
            using var response = await direct.GetAsync(new Uri($"http://{tenant.Identifier}.localhost:{port}/Account/Login"));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    [Fact]
    public async Task Killing_the_instance_mid_answer_loses_no_sent_message_and_the_member_continues_on_another()
    {
        var (tenant, members) = await WorkspaceAsync(1);
        var marker = Marker();
        // A long answer: the instance is killed while it streams.
        cluster.ScriptAnswer(marker, new UpstreamScript { Tokens = Enumerable.Range(1, 600).Select(i => $" w{i}").ToList(), DelayPerToken = TimeSpan.FromMilliseconds(100) });
        var cookies = await cluster.SignInAsync(tenant.Identifier, members[0].Email!);
        var page = await cluster.PageAsync(cookies, tenant.Identifier, 3);
        await OpenChatAsync(page, cluster.TenantUri(tenant.Identifier, "/chat"));
        await SendAsync(page, "途中で落ちる質問 " + marker);
        await Assertions.Expect(page.Locator("[data-testid=streaming-body]")).ToContainTextAsync("w3", Text);
        await Assertions.Expect(page).ToHaveURLAsync(ConversationUrl(), new() { Timeout = ClusterFixture.WaitMilliseconds });
        var conversationUrl = page.Url;

        var pid = cluster.InstancePid(3);
        try
        {
            using (var process = System.Diagnostics.Process.GetProcessById(pid))
            {
                process.Kill(); // SIGKILL: no shutdown hook runs
                await process.WaitForExitAsync();
            }

            // The member's message was stored before the answer started.
            var stored = await MessagesWithAsync(tenant.Id, marker);
            Assert.Contains(stored, m => m.Role == MessageRole.User && m.Content == "途中で落ちる質問 " + marker);

            // The member opens the conversation again: the balancer sends the session to a live instance.
            var next = await page.Context.NewPageAsync();
            await OpenChatAsync(next, new Uri(conversationUrl));
            await Assertions.Expect(next.Locator("[data-testid=message-user]", new() { HasText = "途中で落ちる質問" })).ToHaveCountAsync(1, new() { Timeout = ClusterFixture.WaitMilliseconds });
            Assert.NotEqual("app3", await ClusterFixture.NodeOfAsync(next));

            var followUp = Marker();
            cluster.ScriptAnswer(followUp, new UpstreamScript { Reply = "別のインスタンスで続けます。" });
            await SendAsync(next, "続けてください " + followUp);
            await Assertions.Expect(LastAnswer(next)).ToContainTextAsync("別のインスタンスで続けます。", Text);
            var messages = await MessagesWithAsync(tenant.Id, marker);
            Assert.Contains(messages, m => m.Role == MessageRole.User && m.Content == "続けてください " + followUp);
            await next.ScreenshotAsync("cluster-continued-after-kill");
        }
        finally
        {
            var (code, output) = await cluster.RunScriptAsync("start-instance", "3");
            Assert.True(code == 0, output);
        }
    }

    [Fact]
    public async Task Stopping_an_instance_mid_answer_saves_the_answer_as_interrupted_and_the_open_page_comes_back_on_another()
    {
        var (tenant, members) = await WorkspaceAsync(1);
        var marker = Marker();
        // Longer than the cluster's Chat:ShutdownGrace (5 s): the answer is interrupted, not finished.
        cluster.ScriptAnswer(marker, new UpstreamScript { Tokens = Enumerable.Range(1, 600).Select(i => $" w{i}").ToList(), DelayPerToken = TimeSpan.FromMilliseconds(100) });
        var cookies = await cluster.SignInAsync(tenant.Identifier, members[0].Email!);
        var page = await cluster.PageAsync(cookies, tenant.Identifier, 2);
        await OpenChatAsync(page, cluster.TenantUri(tenant.Identifier, "/chat"));
        await SendAsync(page, "停止前の質問 " + marker);
        await Assertions.Expect(page.Locator("[data-testid=streaming-body]")).ToContainTextAsync("w3", Text);
        await Assertions.Expect(page).ToHaveURLAsync(ConversationUrl(), new() { Timeout = ClusterFixture.WaitMilliseconds });

        var pid = cluster.InstancePid(2);
        try
        {
            using (var process = System.Diagnostics.Process.GetProcessById(pid))
            {
                // SIGTERM, as App Service, Kubernetes or systemd stop an instance.
                var (code, output) = await ClusterFixture.RunAsync("kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], new Dictionary<string, string>());
                Assert.True(code == 0, output);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMilliseconds(ClusterFixture.WaitMilliseconds));
            }

            // The instance saved the answer before it exited: the partial text, marked interrupted, and its usage.
            var stored = await MessagesWithAsync(tenant.Id, marker);
            Assert.Equal(MessageRole.User, stored[0].Role);
            var answer = Assert.Single(stored, m => m.Role == MessageRole.Assistant);
            Assert.Equal(AnswerFailure.Interrupted, answer.Failure?.Kind);
            Assert.StartsWith(" w1 w2 w3", answer.Content, StringComparison.Ordinal);
            Assert.Equal(1, await cluster.Seed.TenantDbAsync(tenant.Id, db => db.UsageRecords.CountAsync(u => u.ConversationId == answer.ConversationId)));

            // The open page reconnects through the balancer, is served by another instance and shows both messages.
            await Assertions.Expect(page.Locator("[data-testid=message-error][data-failure=Interrupted]")).ToBeVisibleAsync(new() { Timeout = ClusterFixture.WaitMilliseconds });
            await Assertions.Expect(page.Locator("[data-testid=message-user]", new() { HasText = "停止前の質問" })).ToHaveCountAsync(1);
            Assert.NotEqual("app2", await ClusterFixture.NodeOfAsync(page));
            await page.ScreenshotAsync("cluster-interrupted-by-shutdown");
        }
        finally
        {
            var (code, output) = await cluster.RunScriptAsync("start-instance", "2");
            Assert.True(code == 0, output);
        }
    }

    [Fact]
    public async Task Two_migrate_commands_at_once_both_succeed_and_apply_each_migration_once()
    {
        var database = await PostgreSqlTestServer.CreateDatabaseAsync();
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Database__Provider"] = "PostgreSql",
                ["ConnectionStrings__Default"] = database,
                ["DataProtection__Certificate__Path"] = cluster.KeyRingCertificate.Path,
                ["DataProtection__Certificate__Password"] = cluster.KeyRingCertificate.Password,
                ["AI__SystemDefault__Provider"] = "Demo",
            };
            var dll = Path.Combine(cluster.AppDirectory, "SecureAiChat.Web.dll");
            var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => ClusterFixture.RunAsync("dotnet", [dll, "migrate"], environment)));

            Assert.All(runs, run => Assert.True(run.Code == 0, run.Output));
            await using var db = new PostgreSqlAppDbContext(new DbContextOptionsBuilder<PostgreSqlAppDbContext>()
                .UseNpgsql(database).UseApplicationServiceProvider(IdentityStoreSchema.DesignTimeServices()).Options, NoTenant.Instance);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(db.Database.GetMigrations().Count(), (await db.Database.GetAppliedMigrationsAsync()).Count());
            // The first key of the key ring is made once, not by each command.
            Assert.Equal(1, await db.DataProtectionKeys.CountAsync());
            // Hangfire's schema is in place before any instance starts (instances starting together raced to install it).
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var version = new NpgsqlCommand("SELECT count(*) FROM hangfire.schema", connection);
            Assert.Equal(1L, await version.ExecuteScalarAsync());
        }
        finally
        {
            await PostgreSqlTestServer.DropDatabaseAsync(database);
        }
    }

    [GeneratedRegex(@"/chat/[0-9a-f-]{36}$")]
    private static partial Regex ConversationUrl();
}
