using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Operations;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Provisioning;
using SecureAiChat.Core.Security.AllowList;
using SecureAiChat.Core.Team;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Web.Features.Operations;

namespace SecureAiChat.Tests.Integration.Operations;

/// <summary>
/// The operator's actions on a workspace: each needs a reason, lands in the platform audit chain and, where it affects
/// them, in the Owners' mailboxes; a suspension reaches the gate and open circuits through the tenant row alone.
/// </summary>
public sealed class TenantOperationsTests(AppHost app) : IClassFixture<AppHost>
{
    private async Task<(AppTenantInfo Tenant, AppUser Owner)> WorkspaceAsync(string prefix, string plan = "Standard")
    {
        var identifier = prefix + Guid.NewGuid().ToString("N")[..6];
        var tenant = await app.CreateTenantAsync(identifier, prefix + " 商事", plan: plan);
        var owner = await app.CreateUserAsync(tenant.Id, $"owner@{identifier}.example.jp", role: Roles.Owner);
        await app.CreateUserAsync(tenant.Id, $"member@{identifier}.example.jp");
        return (tenant, owner);
    }

    private async Task<T> OperateAsync<T>(Func<TenantOperations, Task<T>> action)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope();
        return await action(scope.ServiceProvider.GetRequiredService<TenantOperations>());
    }

    private async Task<List<PlatformAuditEntry>> EntriesAboutAsync(string tenantId)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().PlatformAuditEntries.AsNoTracking()
            .Where(e => e.TargetId == tenantId).OrderBy(e => e.Sequence).ToListAsync();
    }

    private async Task<AppTenantInfo> TenantAsync(string tenantId)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Tenants.AsNoTracking().SingleAsync(t => t.Id == tenantId);
    }

    [Fact]
    public async Task An_operator_sets_an_enterprise_contract_with_custom_seats_and_allowance_recorded_in_history_audit_and_the_owners_mail()
    {
        var (tenant, owner) = await WorkspaceAsync("opplan");

        var result = await OperateAsync(o => o.ChangePlanAsync(tenant.Id, "Enterprise", 120, 250_000_000, "  契約書 No.42 により  "));

        Assert.Equal(Result<int, OperatorActionRefusal>.Ok(1), result);
        var saved = await TenantAsync(tenant.Id);
        Assert.Equal(("Enterprise", (int?)120, (long?)250_000_000), (saved.Plan, saved.CustomSeats, saved.CustomMonthlyTokens));
        Assert.Equal(120, (await app.TenantDbAsync(tenant.Id, db => TeamSeats.CountAsync(db, DateTimeOffset.UtcNow))).PlanSeats);
        var history = await app.TenantDbAsync(tenant.Id, db => db.PlanChanges.AsNoTracking().Where(c => c.TenantId == tenant.Id).ToListAsync());
        var change = Assert.Single(history);
        Assert.Equal(("Standard", "Enterprise", PlanChangeSource.Operator, "契約書 No.42 により"), (change.FromPlan, change.ToPlan, change.Source, change.Reason));
        Assert.NotNull(change.AppliedAt);
        var entry = Assert.Single(await EntriesAboutAsync(tenant.Id));
        Assert.Equal(AuditActions.TenantPlanChanged, entry.Action);
        Assert.Contains("契約書 No.42 により", entry.Details, StringComparison.Ordinal);
        Assert.Contains("\"customSeats\":120", entry.Details, StringComparison.Ordinal);
        var mail = Assert.Single(app.PickedUpMailTo(owner.Email!));
        Assert.Equal($"【Secure AI Chat】{tenant.Name} のプランを変更しました", mail.Subject);
        Assert.Contains("250,000,000", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("契約書", mail.TextBody, StringComparison.Ordinal); // the operator's reason is for the audit log
        Assert.Empty(app.PickedUpMailTo($"member@{tenant.Identifier}.example.jp"));
    }

    [Fact]
    public async Task A_plan_change_without_a_reason_or_with_custom_limits_outside_enterprise_changes_nothing()
    {
        var (tenant, owner) = await WorkspaceAsync("opinv");

        Assert.Equal(OperatorActionRefusal.ReasonRequired, (await OperateAsync(o => o.ChangePlanAsync(tenant.Id, "Professional", null, null, "   "))).Code);
        Assert.Equal(OperatorActionRefusal.Invalid, (await OperateAsync(o => o.ChangePlanAsync(tenant.Id, "Professional", 80, null, "理由"))).Code);
        Assert.Equal(OperatorActionRefusal.Invalid, (await OperateAsync(o => o.ChangePlanAsync(tenant.Id, "Enterprise", 0, null, "理由"))).Code);
        Assert.Equal(OperatorActionRefusal.Invalid, (await OperateAsync(o => o.ChangePlanAsync(tenant.Id, "Platinum", null, null, "理由"))).Code);
        Assert.Equal(OperatorActionRefusal.Unchanged, (await OperateAsync(o => o.ChangePlanAsync(tenant.Id, "Standard", null, null, "理由"))).Code);
        Assert.Equal(OperatorActionRefusal.NotFound, (await OperateAsync(o => o.ChangePlanAsync("missing", "Standard", null, null, "理由"))).Code);

        Assert.Equal("Standard", (await TenantAsync(tenant.Id)).Plan);
        Assert.Empty(await EntriesAboutAsync(tenant.Id));
        Assert.Empty(app.PickedUpMailTo(owner.Email!));
    }

    [Fact]
    public async Task Suspending_shows_the_suspended_page_and_mails_the_owners_and_resuming_brings_the_workspace_back()
    {
        var (tenant, owner) = await WorkspaceAsync("opsusp");
        Assert.Equal(OperatorActionRefusal.ReasonRequired, (await OperateAsync(o => o.SuspendAsync(tenant.Id, SuspensionReason.NonPayment, ""))).Code);
        Assert.Equal(OperatorActionRefusal.NotApplicable, (await OperateAsync(o => o.ResumeAsync(tenant.Id, "まだ停止していない"))).Code);

        var suspended = await OperateAsync(o => o.SuspendAsync(tenant.Id, SuspensionReason.NonPayment, "11月分 未入金（督促 3 回）"));

        Assert.Equal(Result<int, OperatorActionRefusal>.Ok(1), suspended);
        var saved = await TenantAsync(tenant.Id);
        Assert.Equal((TenantStatus.Suspended, (SuspensionReason?)SuspensionReason.NonPayment), (saved.Status, saved.SuspensionReason));
        Assert.NotNull(saved.SuspendedAt);
        using (var client = app.CreateLoopbackClient())
        {
            var page = await client.GetAsync(app.TenantUri(tenant.Identifier, "/Account/Login"));
            Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        }
        var mail = Assert.Single(app.PickedUpMailTo(owner.Email!));
        Assert.Equal($"【Secure AI Chat】{tenant.Name} のワークスペースを停止しました", mail.Subject);
        Assert.Contains("お支払いの確認が取れないため", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal(OperatorActionRefusal.NotApplicable, (await OperateAsync(o => o.SuspendAsync(tenant.Id, SuspensionReason.Abuse, "二重"))).Code);

        Assert.True((await OperateAsync(o => o.ResumeAsync(tenant.Id, "入金確認済み"))).Succeeded);

        saved = await TenantAsync(tenant.Id);
        Assert.Equal((TenantStatus.Active, (SuspensionReason?)null, (DateTimeOffset?)null), (saved.Status, saved.SuspensionReason, saved.SuspendedAt));
        using (var client = app.CreateLoopbackClient())
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(app.TenantUri(tenant.Identifier, "/Account/Login"))).StatusCode);
        Assert.Equal([AuditActions.TenantSuspended, AuditActions.TenantResumed], (await EntriesAboutAsync(tenant.Id)).Select(e => e.Action));
        Assert.Contains("\"category\":\"NonPayment\"", (await EntriesAboutAsync(tenant.Id))[0].Details, StringComparison.Ordinal);
        Assert.Contains(app.PickedUpMailTo(owner.Email!), m => m.Subject == $"【Secure AI Chat】{tenant.Name} のワークスペースを再開しました");
    }

    [Fact]
    public async Task A_suspension_made_on_another_instance_ends_an_open_circuit_of_the_workspace_at_the_next_change_poll()
    {
        var (tenant, _) = await WorkspaceAsync("opcirc");
        var other = await app.CreateTenantAsync("opcircb" + Guid.NewGuid().ToString("N")[..6]);
        var watcher = app.Services.GetRequiredService<TenantChangeWatcher>();
        await watcher.PollAsync(); // knows the current versions
        using var circuit = OpenCircuit(tenant, watcher);
        using var bystander = OpenCircuit(other, watcher);

        // Another instance suspends: its change reaches this one only through the tenant row's version.
        await app.OtherInstanceDbAsync(tenant.Id, async db =>
        {
            var row = await db.Tenants.SingleAsync(t => t.Id == tenant.Id);
            row.Status = TenantStatus.Suspended;
            return await db.SaveChangesAsync();
        });
        Assert.False(circuit.IsRefused);
        await watcher.PollAsync();

        Assert.True(circuit.IsRefused);
        await Assert.ThrowsAsync<InvalidOperationException>(() => circuit.CreateInboundActivityHandler(_ => Task.CompletedTask)(null!));
        Assert.False(bystander.IsRefused);
        await bystander.CreateInboundActivityHandler(_ => Task.CompletedTask)(null!);
    }

    private static SuspendedWorkspaceCircuitHandler OpenCircuit(AppTenantInfo tenant, TenantChangeWatcher watcher)
    {
        // The /_blazor request as the tenant resolver leaves it: the workspace in the request's features.
        var context = new DefaultHttpContext();
        context.Features.Set(new MultiTenantContext<AppTenantInfo>(tenant, TenantResolution.Resolved, tenant.Identifier));
        var handler = new SuspendedWorkspaceCircuitHandler(new HttpContextAccessor { HttpContext = context }, watcher, NullLogger<SuspendedWorkspaceCircuitHandler>.Instance);
        handler.OnCircuitOpenedAsync(null!, CancellationToken.None).GetAwaiter().GetResult();
        return handler;
    }

    [Fact]
    public async Task Resending_the_welcome_mail_sends_it_to_the_signup_admin_and_is_recorded()
    {
        var (tenant, owner) = await WorkspaceAsync("opwel");
        Assert.Equal(OperatorActionRefusal.NotApplicable, (await OperateAsync(o => o.ResendWelcomeAsync(tenant.Id, "届いていないとの連絡"))).Code);
        await using (var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.ProvisioningRequests.Add(new ProvisioningRequest
            {
                Id = Guid.NewGuid().ToString("N"), TenantId = tenant.Id, Identifier = tenant.Identifier, CompanyName = tenant.Name, AdminName = "山田 花子",
                AdminEmail = owner.Email!, AdminUserId = owner.Id, Plan = "Standard", Status = ProvisioningStatus.Succeeded, Culture = "en-US",
            });
            await db.SaveChangesAsync();
        }

        Assert.True((await OperateAsync(o => o.ResendWelcomeAsync(tenant.Id, "届いていないとの連絡"))).Succeeded);

        var mail = Assert.Single(app.PickedUpMailTo(owner.Email!));
        Assert.Contains(tenant.Name, mail.Subject, StringComparison.Ordinal);
        Assert.Contains("/Account/ConfirmEmail?userId=", mail.TextBody, StringComparison.Ordinal);
        var entry = Assert.Single(await EntriesAboutAsync(tenant.Id));
        Assert.Equal(AuditActions.TenantWelcomeResent, entry.Action);
    }

    [Fact]
    public async Task Clearing_the_allow_list_from_the_tenant_page_needs_a_reason_and_tells_the_owners()
    {
        var (tenant, owner) = await WorkspaceAsync("opip");
        await app.TenantDbAsync(tenant.Id, async db =>
        {
            db.IpAllowRules.Add(new IpAllowRule { Network = "192.0.2.0/24", Label = "VPN" });
            return await db.SaveChangesAsync();
        });
        Assert.Equal(OperatorActionRefusal.ReasonRequired, (await OperateAsync(o => o.ClearIpAllowListAsync(tenant.Id, null))).Code);
        Assert.Equal(1, await app.TenantDbAsync(tenant.Id, db => db.IpAllowRules.CountAsync()));

        Assert.Equal(Result<int, OperatorActionRefusal>.Ok(1), await OperateAsync(o => o.ClearIpAllowListAsync(tenant.Id, "オーナーが締め出された（電話で本人確認）")));

        Assert.Equal(0, await app.TenantDbAsync(tenant.Id, db => db.IpAllowRules.CountAsync()));
        Assert.Equal(AuditActions.IpAllowListCleared, Assert.Single(await EntriesAboutAsync(tenant.Id)).Action);
        Assert.Equal($"【Secure AI Chat】{tenant.Name} の IP アドレス制限を解除しました", Assert.Single(app.PickedUpMailTo(owner.Email!)).Subject);
        Assert.Equal(OperatorActionRefusal.NotApplicable, (await OperateAsync(o => o.ClearIpAllowListAsync(tenant.Id, "もう一度"))).Code);
    }

    [Fact]
    public async Task The_tenant_page_shows_an_operator_the_figures_history_and_audit_entries_but_never_chat_content()
    {
        var (tenant, owner) = await WorkspaceAsync("oppage");
        await app.TenantDbAsync(tenant.Id, async db =>
        {
            db.Conversations.Add(new Conversation { UserId = owner.Id, Title = "極秘の合併計画について", Model = "gpt-4o", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        await OperateAsync(o => o.ChangePlanAsync(tenant.Id, "Professional", null, null, "営業合意"));
        using var ops = app.CreateLoopbackClient(new CookieContainer());
        await app.SignInOperatorAsync(ops, await app.CreateOperatorAsync());

        var html = WebUtility.HtmlDecode(await ops.GetStringAsync(new Uri(app.PlatformUri, $"/ops/tenants/{tenant.Identifier}")));

        Assert.Contains("data-testid=\"ops-tenant-page\"", html, StringComparison.Ordinal);
        Assert.Contains("Standard → Professional", html, StringComparison.Ordinal);
        Assert.Contains("プランを運営が変更", html, StringComparison.Ordinal);
        Assert.Contains("営業合意", html, StringComparison.Ordinal);
        Assert.DoesNotContain("極秘の合併計画", html, StringComparison.Ordinal);
        var missing = await ops.GetStringAsync(new Uri(app.PlatformUri, "/ops/tenants/no-such-workspace"));
        Assert.Contains("data-testid=\"ops-tenant-missing\"", missing, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Owner)]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Member)]
    [InlineData(null)]
    public async Task Nobody_but_an_operator_on_the_root_host_reaches_a_tenant_page(string? role)
    {
        var (tenant, _) = await WorkspaceAsync("opauth");
        var target = await app.CreateTenantAsync("opauthx" + Guid.NewGuid().ToString("N")[..6], "見せない会社");
        HttpClient client;
        Uri uri;
        if (role is null)
        {
            client = app.CreateLoopbackClient(new CookieContainer());
            uri = new Uri(app.PlatformUri, $"/ops/tenants/{target.Identifier}");
        }
        else
        {
            var email = $"{role.ToLowerInvariant()}x@{tenant.Identifier}.example.jp";
            await app.CreateUserAsync(tenant.Id, email, role: role);
            client = await app.SignInAsync(tenant.Identifier, email);
            uri = app.TenantUri(tenant.Identifier, $"/ops/tenants/{target.Identifier}");
        }

        using (client)
        {
            var response = await client.GetAsync(uri);
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("見せない会社", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}
