using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Operations;

/// <summary>The operator console's view of the platform chain: operators see it, workspaces never do.</summary>
public sealed class PlatformAuditPageTests(AppHost app) : IClassFixture<AppHost>
{
    [Fact]
    public async Task An_operator_sees_platform_entries_only_and_a_workspace_owner_cannot_reach_them()
    {
        var (lead, identifier, tenant, owner, workspaceOnly) = await PlatformAndWorkspaceEntriesAsync("opsaud");

        using var ops = app.CreateLoopbackClient(new CookieContainer());
        await app.SignInOperatorAsync(ops, await app.CreateOperatorAsync());
        var response = await ops.GetAsync(new Uri(app.PlatformUri, "/ops/audit"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"ops-audit-page\"", html, StringComparison.Ordinal);
        Assert.Contains(lead, html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"audit-verify\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(workspaceOnly, html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"audit-export\"", html, StringComparison.Ordinal);
        // The operator's own sign-in on the root host is in the platform chain, not in a workspace's.
        await using (var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.True(await db.PlatformAuditEntries.AnyAsync(e => e.Action == AuditActions.OperatorSignIn));
            Assert.False(await db.AuditEntries.IgnoreQueryFilters().AnyAsync(e => e.TenantId == PlatformTenant.Id));
        }

        using var workspaceOwner = await app.SignInAsync(identifier, owner.Email!);
        var fromWorkspace = await workspaceOwner.GetAsync(app.TenantUri(identifier, "/ops/audit"));
        Assert.NotEqual(HttpStatusCode.OK, fromWorkspace.StatusCode);
        Assert.DoesNotContain(lead, await fromWorkspace.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var ownViewer = await workspaceOwner.GetStringAsync(app.TenantUri(identifier, "/settings/audit"));
        Assert.Contains(workspaceOnly, ownViewer, StringComparison.Ordinal);
        Assert.DoesNotContain(lead, ownViewer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operator_exports_the_platform_chain_and_the_export_is_recorded_there_while_workspaces_cannot_reach_it()
    {
        var (lead, identifier, tenant, owner, workspaceOnly) = await PlatformAndWorkspaceEntriesAsync("opsexp");

        using var ops = app.CreateLoopbackClient(new CookieContainer());
        await app.SignInOperatorAsync(ops, await app.CreateOperatorAsync());
        var response = await ops.GetAsync(new Uri(app.PlatformUri, "/ops/audit/export?format=jsonl&category=platform"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("attachment; filename=\"audit-platform-", response.Content.Headers.ContentDisposition?.ToString() ?? response.Headers.GetValues("Content-Disposition").Single(), StringComparison.Ordinal);
        var lines = await response.Content.ReadAsStringAsync();
        Assert.Contains(lead, lines, StringComparison.Ordinal);
        Assert.DoesNotContain(workspaceOnly, lines, StringComparison.Ordinal);
        await using (var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var last = await db.PlatformAuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).FirstAsync();
            Assert.Equal((AuditActions.AuditExported, AuditActorKind.Operator), (last.Action, last.ActorKind));
            Assert.False(await db.AuditEntries.IgnoreQueryFilters().AnyAsync(e => e.TenantId == tenant.Id && e.Action == AuditActions.AuditExported));
        }

        using var workspaceOwner = await app.SignInAsync(identifier, owner.Email!);
        var fromWorkspace = await workspaceOwner.GetAsync(app.TenantUri(identifier, "/ops/audit/export?format=jsonl"));
        Assert.NotEqual(HttpStatusCode.OK, fromWorkspace.StatusCode);
        Assert.DoesNotContain(lead, await fromWorkspace.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var anonymous = app.CreateLoopbackClient(new CookieContainer());
        var signedOut = await anonymous.GetAsync(new Uri(app.PlatformUri, "/ops/audit/export?format=jsonl"));
        Assert.DoesNotContain(lead, await signedOut.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operator_sign_in_failures_and_successes_each_write_one_platform_entry()
    {
        var email = await app.CreateOperatorAsync();
        using var client = app.CreateLoopbackClient(new CookieContainer());
        await AccountForms.PostLoginAsync(client, new Uri(app.PlatformUri, "/Account/Login"), email, "wrong-" + TestPasswords.Default);
        await app.SignInOperatorAsync(client, email);

        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        var entries = await db.PlatformAuditEntries.AsNoTracking().Where(e => e.TargetId == userId).OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal([AuditActions.SignInFailed, AuditActions.OperatorSignIn], entries.Select(e => e.Action));
        Assert.Contains("bad_password", entries[0].Details, StringComparison.Ordinal);
        Assert.Equal((AuditActorKind.Operator, Roles.Operator), (entries[1].ActorKind, entries[1].ActorRole));
        Assert.All(entries, e => Assert.DoesNotContain(TestPasswords.Default, e.Details ?? "", StringComparison.Ordinal));
        Assert.True((await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(db, AuditChains.Platform)).Intact);
    }

    /// <summary>A lead entry in the platform chain and a workspace (with its Owner) whose own chain holds one entry.</summary>
    private async Task<(string Lead, string Identifier, AppTenantInfo Tenant, AppUser Owner, string WorkspaceOnly)> PlatformAndWorkspaceEntriesAsync(string prefix)
    {
        var lead = "リード監査-" + Guid.NewGuid().ToString("N")[..6];
        await using (var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            scope.ServiceProvider.GetRequiredService<IAuditLog>().Record(db, AuditActions.LeadChanged, new AuditTarget("lead", "1", lead));
            await db.SaveChangesAsync();
        }
        var identifier = prefix + Guid.NewGuid().ToString("N")[..6];
        var tenant = await app.CreateTenantAsync(identifier);
        var owner = await app.CreateUserAsync(tenant.Id, $"owner@{identifier}.example.jp", role: Roles.Owner);
        var workspaceOnly = "ワークスペース側-" + identifier;
        await using (var scope = await app.TenantScopeAsync(tenant.Id))
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            scope.ServiceProvider.GetRequiredService<IAuditLog>().Record(db, AuditActions.DepartmentCreated, new AuditTarget("department", "1", workspaceOnly));
            await db.SaveChangesAsync();
        }
        return (lead, identifier, tenant, owner, workspaceOnly);
    }
}
