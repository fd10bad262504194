using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Alerts;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Provisioning;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Tests.Integration.Alerts;

/// <summary>
/// Platform alerts (open once, mailed once to Ops:AlertAddress, closed once) and who reaches the alert pages:
/// /settings/alerts for Owners and Admins of their own workspace, /ops/alerts and the tenant page's open alerts for operators.
/// </summary>
public sealed class AlertPagesTests(AlertsAppHost app) : IClassFixture<AlertsAppHost>
{
    private Task<T> PlatformDbAsync<T>(Func<AppDbContext, Task<T>> query) => Run(query);

    private async Task<T> Run<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    [Fact]
    public async Task Platform_alerts_open_once_mail_the_ops_address_once_and_close_once_and_operators_see_them()
    {
        var identifier = "pafail" + Guid.NewGuid().ToString("N")[..6];
        var request = new ProvisioningRequest { Identifier = identifier, CompanyName = "失敗 株式会社", AdminName = "管理者", AdminEmail = "a@example.jp", Plan = "Starter", Status = ProvisioningStatus.Failed };
        await PlatformDbAsync(db => { db.ProvisioningRequests.Add(request); return db.SaveChangesAsync(); });
        var busy = await app.CreateTenantAsync("parate" + Guid.NewGuid().ToString("N")[..6]);
        await app.AnswersAsync(busy.Id, completed: 1, failed: 4);
        var before = app.SubjectsTo(AlertsAppHost.OpsAddress).Count;

        await app.EvaluatePlatformAsync();
        await app.EvaluatePlatformAsync();
        var open = await PlatformDbAsync(db => db.PlatformAlerts.AsNoTracking().Where(a => a.ClosedAt == null).ToListAsync());
        Assert.Single(open, a => a.Kind == PlatformAlertKind.ProvisioningFailed && a.Subject == request.Id && a.Detail == identifier);
        var rate = Assert.Single(open, a => a.Kind == PlatformAlertKind.WorkspaceFailureRate && a.Subject == busy.Id);
        Assert.Equal(80, rate.Value);
        var subjects = app.SubjectsTo(AlertsAppHost.OpsAddress).Skip(before).ToList();
        Assert.Single(subjects, s => s.Contains($"ワークスペース {identifier} のプロビジョニングが失敗しました", StringComparison.Ordinal));
        Assert.Single(subjects, s => s.Contains($"ワークスペース {busy.Identifier} の回答の 80% が失敗しています", StringComparison.Ordinal));

        // The operator's list and the tenant page; chat content never reaches either (there is none to show, only counts).
        var operatorEmail = await app.CreateOperatorAsync();
        using var ops = app.CreateLoopbackClient(new CookieContainer());
        await app.SignInOperatorAsync(ops, operatorEmail);
        var page = await ops.GetStringAsync(new Uri(app.PlatformUri, "/ops/alerts"));
        Assert.Contains("data-testid=\"ops-alerts-page\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"ops-tab-alerts\"", page, StringComparison.Ordinal);
        Assert.Contains($"ワークスペース {identifier} のプロビジョニングが失敗しました", page, StringComparison.Ordinal);

        // Retried and succeeded: the alert closes, mailed once.
        await PlatformDbAsync(db => db.ProvisioningRequests.Where(r => r.Id == request.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ProvisioningStatus.Succeeded)));
        await app.EvaluatePlatformAsync();
        await app.EvaluatePlatformAsync();
        subjects = app.SubjectsTo(AlertsAppHost.OpsAddress).Skip(before).ToList();
        Assert.Single(subjects, s => s.Contains("解決:", StringComparison.Ordinal) && s.Contains(identifier, StringComparison.Ordinal));
        Assert.NotNull(await PlatformDbAsync(db => db.PlatformAlerts.Where(a => a.Subject == request.Id).Select(a => a.ClosedAt).SingleAsync()));
    }

    [Fact]
    public async Task Admins_open_the_alert_settings_and_see_the_banner_members_and_other_workspaces_are_refused()
    {
        var a = await app.CreateTenantAsync("paset" + Guid.NewGuid().ToString("N")[..6]);
        var b = await app.CreateTenantAsync("paoth" + Guid.NewGuid().ToString("N")[..6]);
        var admin = await app.CreateUserAsync(a.Id, $"admin-{Guid.NewGuid():N}@example.jp", role: Roles.Admin);
        var member = await app.CreateUserAsync(a.Id, $"member-{Guid.NewGuid():N}@example.jp");
        await app.ChatAnswersAsync(a.Id, "KeyRejected", "KeyRejected", "KeyRejected");
        Assert.Single(await app.EvaluateAsync(a.Id));

        using var adminClient = await app.SignInAsync(a.Identifier, admin.Email!);
        var page = await adminClient.GetStringAsync(app.TenantUri(a.Identifier, "/settings/alerts"));
        Assert.Contains("data-testid=\"alerts-page\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"nav-alerts\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"workspace-alert-banner\"", page, StringComparison.Ordinal);
        Assert.Contains("のキーが拒否されました", page, StringComparison.Ordinal);
        var other = await adminClient.GetAsync(app.TenantUri(b.Identifier, "/settings/alerts"));
        Assert.NotEqual(HttpStatusCode.OK, other.StatusCode);

        using var memberClient = await app.SignInAsync(a.Identifier, member.Email!);
        var refused = await memberClient.GetAsync(app.TenantUri(a.Identifier, "/settings/alerts"));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/Account/AccessDenied", refused.Headers.Location?.ToString(), StringComparison.Ordinal);
        var home = await memberClient.GetStringAsync(app.TenantUri(a.Identifier, "/"));
        Assert.DoesNotContain("workspace-alert-banner", home, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"nav-alerts\"", home, StringComparison.Ordinal);

        // Operators see the workspace's open alert on its tenant page; workspace users never reach /ops/alerts.
        var operatorEmail = await app.CreateOperatorAsync();
        using var ops = app.CreateLoopbackClient(new CookieContainer());
        await app.SignInOperatorAsync(ops, operatorEmail);
        var tenantPage = await ops.GetStringAsync(new Uri(app.PlatformUri, "/ops/tenants/" + a.Identifier));
        Assert.Contains("data-testid=\"ops-tenant-alerts\"", tenantPage, StringComparison.Ordinal);
        Assert.Contains("data-kind=\"KeyRejected\"", tenantPage, StringComparison.Ordinal);
        foreach (var client in new[] { adminClient, memberClient })
        {
            var response = await client.GetAsync(app.TenantUri(a.Identifier, "/ops/alerts"));
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        }
        using var anonymous = app.CreateLoopbackClient(new CookieContainer());
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri(app.PlatformUri, "/ops/alerts"))).StatusCode);
    }
}
