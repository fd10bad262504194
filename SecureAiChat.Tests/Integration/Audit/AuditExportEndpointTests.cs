using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Audit;

/// <summary>The audit query (filters, period in the workspace's zone, keyset paging) and the export endpoint over real HTTP.</summary>
public sealed class AuditExportEndpointTests(AppHost app) : IClassFixture<AppHost>
{
    private sealed record Workspace(string TenantId, string Identifier, AppUser Owner, AppUser Member);

    private async Task<Workspace> WorkspaceAsync(string prefix)
    {
        var identifier = prefix + Guid.NewGuid().ToString("N")[..6];
        var tenant = await app.CreateTenantAsync(identifier);
        var owner = await app.CreateUserAsync(tenant.Id, $"owner@{identifier}.example.jp", role: Roles.Owner, displayName: "山田 太郎");
        var member = await app.CreateUserAsync(tenant.Id, $"member@{identifier}.example.jp");
        return new Workspace(tenant.Id, identifier, owner, member);
    }

    private async Task RecordAsync(string tenantId, string action, AuditTarget target, AuditOutcome outcome = AuditOutcome.Success)
    {
        await using var scope = await app.TenantScopeAsync(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        scope.ServiceProvider.GetRequiredService<IAuditLog>().Record(db, action, target, outcome: outcome);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Filters_period_in_the_workspace_zone_and_keyset_pages_newest_first()
    {
        var w = await WorkspaceAsync("q");
        for (var i = 1; i <= 5; i++) await RecordAsync(w.TenantId, AuditActions.DepartmentCreated, new AuditTarget("department", i.ToString(), $"部署{i}"));
        await RecordAsync(w.TenantId, AuditActions.SignInFailed, new AuditTarget("user", null, "taro@example.jp"), AuditOutcome.Failure);
        // 2026-03-31 23:30 and 2026-04-01 00:30 in Tokyo: the same UTC day, different workspace days.
        await app.TenantDbAsync(w.TenantId, async db =>
        {
            await db.AuditEntries.Where(e => e.Sequence == 1).ExecuteUpdateAsync(s => s.SetProperty(e => e.OccurredAt, new DateTime(2026, 3, 31, 14, 30, 0, DateTimeKind.Utc)));
            return await db.AuditEntries.Where(e => e.Sequence == 2).ExecuteUpdateAsync(s => s.SetProperty(e => e.OccurredAt, new DateTime(2026, 3, 31, 15, 30, 0, DateTimeKind.Utc)));
        });

        await app.TenantDbAsync(w.TenantId, async db =>
        {
            var april = await AuditLogQuery.PageAsync<AuditEntry>(db, new AuditFilter { From = new DateOnly(2026, 4, 1), To = new DateOnly(2026, 4, 1) }, WorkspaceTime.Tokyo, null, 50);
            Assert.Equal([2L], april.Entries.Select(e => e.Sequence));

            var first = await AuditLogQuery.PageAsync<AuditEntry>(db, new AuditFilter { Category = "team" }, WorkspaceTime.Tokyo, null, 2);
            Assert.Equal([5L, 4L], first.Entries.Select(e => e.Sequence));
            var second = await AuditLogQuery.PageAsync<AuditEntry>(db, new AuditFilter { Category = "team" }, WorkspaceTime.Tokyo, first.NextBefore, 2);
            Assert.Equal([3L, 2L], second.Entries.Select(e => e.Sequence));
            var last = await AuditLogQuery.PageAsync<AuditEntry>(db, new AuditFilter { Category = "team" }, WorkspaceTime.Tokyo, second.NextBefore, 2);
            Assert.Equal([1L], last.Entries.Select(e => e.Sequence));
            Assert.Null(last.NextBefore);

            var failures = await AuditLogQuery.PageAsync<AuditEntry>(db, new AuditFilter { Outcome = AuditOutcome.Failure, Target = "taro" }, WorkspaceTime.Tokyo, null, 50);
            Assert.Equal([6L], failures.Entries.Select(e => e.Sequence));
            Assert.Equal(AuditActions.DepartmentCreated, (await AuditLogQuery.FindAsync<AuditEntry>(db, 3))?.Action);
            return 0;
        });
    }

    [Fact]
    public async Task Owner_exports_filtered_utf8_csv_with_bom_and_the_export_is_recorded()
    {
        var w = await WorkspaceAsync("csv");
        var other = await WorkspaceAsync("oth");
        await RecordAsync(w.TenantId, AuditActions.DepartmentCreated, new AuditTarget("department", "1", "経理部"));
        await RecordAsync(w.TenantId, AuditActions.SignInFailed, new AuditTarget("user", null, "taro@example.jp"), AuditOutcome.Failure);
        await RecordAsync(other.TenantId, AuditActions.DepartmentCreated, new AuditTarget("department", "1", "他社の部署"));
        using var owner = await app.SignInAsync(w.Identifier, w.Owner.Email!);

        var response = await owner.GetAsync(app.TenantUri(w.Identifier, "/settings/audit/export?format=csv&category=team"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.Contains("経理部", text, StringComparison.Ordinal);
        Assert.Contains("部署を作成", text, StringComparison.Ordinal);
        Assert.DoesNotContain(AuditActions.SignInFailed, text, StringComparison.Ordinal);
        Assert.DoesNotContain("他社の部署", text, StringComparison.Ordinal);

        var exported = await app.TenantDbAsync(w.TenantId, db => db.AuditEntries.Where(e => e.Action == AuditActions.AuditExported).ToListAsync());
        var entry = Assert.Single(exported);
        Assert.Equal(w.Owner.Id, entry.ActorId);
        Assert.Contains("\"category\":\"team\"", entry.Details, StringComparison.Ordinal);
        Assert.Equal(0, await app.TenantDbAsync(other.TenantId, db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.AuditExported)));
    }

    [Fact]
    public async Task Shift_jis_and_json_lines_exports_hold_only_this_workspaces_entries()
    {
        var w = await WorkspaceAsync("sjis");
        var other = await WorkspaceAsync("oth");
        await RecordAsync(w.TenantId, AuditActions.DepartmentCreated, new AuditTarget("department", "1", "経理部"));
        await RecordAsync(other.TenantId, AuditActions.DepartmentCreated, new AuditTarget("department", "1", "他社の部署"));
        using var owner = await app.SignInAsync(w.Identifier, w.Owner.Email!);

        var sjis = await owner.GetByteArrayAsync(app.TenantUri(w.Identifier, "/settings/audit/export?format=csv-sjis"));
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var text = Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback).GetString(sjis);
        Assert.Contains("経理部", text, StringComparison.Ordinal);
        Assert.DoesNotContain("他社", text, StringComparison.Ordinal);

        var jsonl = await owner.GetStringAsync(app.TenantUri(w.Identifier, "/settings/audit/export?format=jsonl"));
        var lines = jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // Newest first: the JSON export's own entry (written before streaming), the CSV export, the Owner's sign-in, the department.
        var actions = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("action").GetString()).ToList();
        Assert.Equal([AuditActions.AuditExported, AuditActions.AuditExported, AuditActions.SignInSucceeded, AuditActions.DepartmentCreated], actions);
        Assert.DoesNotContain("他社", jsonl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Members_and_anonymous_visitors_cannot_export_and_bad_filters_are_refused()
    {
        var w = await WorkspaceAsync("deny");
        await RecordAsync(w.TenantId, AuditActions.DepartmentCreated, new AuditTarget("department", "1", "経理部"));
        var uri = app.TenantUri(w.Identifier, "/settings/audit/export?format=csv");

        using var member = await app.SignInAsync(w.Identifier, w.Member.Email!);
        var refused = await member.GetAsync(uri);
        Assert.True(refused.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, refused.StatusCode.ToString());
        Assert.DoesNotContain("経理部", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        if (refused.StatusCode == HttpStatusCode.Redirect) Assert.Contains("AccessDenied", refused.Headers.Location?.ToString(), StringComparison.Ordinal);

        using var anonymous = app.CreateLoopbackClient();
        var signIn = await anonymous.GetAsync(uri);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains("/Account/Login", signIn.Headers.Location?.ToString(), StringComparison.Ordinal);

        using var owner = await app.SignInAsync(w.Identifier, w.Owner.Email!);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.GetAsync(app.TenantUri(w.Identifier, "/settings/audit/export?format=xlsx"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.GetAsync(app.TenantUri(w.Identifier, "/settings/audit/export?from=2026-13-01"))).StatusCode);
        Assert.Equal(0, await app.TenantDbAsync(w.TenantId, db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.AuditExported)));
    }

    [Fact]
    public async Task The_viewer_shows_this_workspaces_entries_with_labels_and_refuses_members()
    {
        var w = await WorkspaceAsync("page");
        var other = await WorkspaceAsync("oth");
        await RecordAsync(w.TenantId, AuditActions.DepartmentCreated, new AuditTarget("department", "1", "経理部"));
        await RecordAsync(other.TenantId, AuditActions.DepartmentCreated, new AuditTarget("department", "1", "他社の部署"));

        using var member = await app.SignInAsync(w.Identifier, w.Member.Email!);
        var refused = await member.GetAsync(app.TenantUri(w.Identifier, "/settings/audit"));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/Account/AccessDenied", refused.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"nav-audit\"", await member.GetStringAsync(app.TenantUri(w.Identifier, "/")), StringComparison.Ordinal);

        using var owner = await app.SignInAsync(w.Identifier, w.Owner.Email!);
        var page = await owner.GetStringAsync(app.TenantUri(w.Identifier, "/settings/audit"));
        Assert.Contains("data-testid=\"audit-page\"", page, StringComparison.Ordinal);
        Assert.Contains("経理部", page, StringComparison.Ordinal);
        Assert.Contains("部署を作成", page, StringComparison.Ordinal);
        Assert.DoesNotContain("他社の部署", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"nav-audit\"", page, StringComparison.Ordinal);
    }
}
