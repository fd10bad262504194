using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Security.AllowList;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Security;

/// <summary>
/// The IP allow-list through the real host: requests of a workspace host from addresses outside the list get the 403
/// page naming the address; the address comes from a trusted proxy's X-Forwarded-For only; a change saved by another
/// instance arrives through the change poll; the admin's and the operator's changes are audited.
/// </summary>
public sealed class IpAllowListTests(IpAllowListTests.ProxiedHost app) : IClassFixture<IpAllowListTests.ProxiedHost>
{
    /// <summary>Behind a trusted proxy at 10.0.0.4; tenants cached for five minutes, changes polled every second.</summary>
    public sealed class ProxiedHost : AppHost
    {
        public ProxiedHost()
        {
            Configure("ForwardedHeaders:KnownProxies:0", Proxy);
            Configure("Tenancy:CacheSeconds", "300");
            Configure("Tenancy:ChangePollSeconds", "1");
        }
    }

    private const string Proxy = "10.0.0.4";
    private const string Office = "203.0.113.7";
    private const string Outsider = "198.51.100.20";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private async Task<AppTenantInfo> WorkspaceAsync(params string[] entries)
    {
        var tenant = await app.CreateTenantAsync("ip" + Guid.NewGuid().ToString("N")[..10]);
        foreach (var entry in entries)
        {
            var result = await app.InTenantAsync<IpAllowListService, Result<string, IpAllowListRefusal>>(tenant.Id,
                s => s.AddAsync(entry, "", "owner@example.jp", currentAddress: null, confirmedSelfExclusion: true));
            Assert.True(result.Succeeded, $"{entry}: {result}");
        }
        return tenant;
    }

    private async Task<HttpResponseMessage> GetAsync(string identifier, string peer, string? forwardedFor = null, string path = "/Account/Login", string? language = null)
    {
        using var client = app.CreateLoopbackClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, app.TenantUri(identifier, path));
        request.Headers.Add(AppHost.ClientAddressHeader, peer);
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        if (language is not null) request.Headers.Add("Accept-Language", language);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string address)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"ip-refused\"", html, StringComparison.Ordinal);
        Assert.Contains($"data-testid=\"ip-refused-address\">{address}<", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_workspace_without_entries_serves_every_address()
    {
        var tenant = await WorkspaceAsync();
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(tenant.Identifier, Outsider)).StatusCode);
    }

    [Fact]
    public async Task The_sign_in_page_and_static_files_refuse_an_address_outside_an_ipv4_range_and_name_it()
    {
        var tenant = await WorkspaceAsync("203.0.113.0/24");
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(tenant.Identifier, Office)).StatusCode);

        var refused = await GetAsync(tenant.Identifier, Outsider);
        await AssertRefusedAsync(refused, Outsider);
        Assert.Contains("このネットワークからは利用できません", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertRefusedAsync(await GetAsync(tenant.Identifier, Outsider, path: "/app.css"), Outsider);
        await AssertRefusedAsync(await GetAsync(tenant.Identifier, Outsider, path: "/_blazor/negotiate?negotiateVersion=1"), Outsider);
    }

    [Fact]
    public async Task The_refusal_page_speaks_english_to_an_english_browser()
    {
        var tenant = await WorkspaceAsync("203.0.113.0/24");
        var refused = await GetAsync(tenant.Identifier, Outsider, language: "en-US,en;q=0.9");
        await AssertRefusedAsync(refused, Outsider);
        Assert.Contains("This network is not allowed", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ipv6_ranges_and_single_addresses_allow_exactly_their_addresses()
    {
        var tenant = await WorkspaceAsync("2001:db8:1234::/48", "2001:db8:ffff::7");
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(tenant.Identifier, "2001:db8:1234:5::1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(tenant.Identifier, "2001:db8:ffff::7")).StatusCode);
        await AssertRefusedAsync(await GetAsync(tenant.Identifier, "2001:db8:ffff::8"), "2001:db8:ffff::8");
        await AssertRefusedAsync(await GetAsync(tenant.Identifier, Office), Office);
    }

    [Fact]
    public async Task A_mapped_ipv6_client_matches_an_ipv4_entry_and_a_mapped_entry_matches_an_ipv4_client()
    {
        var tenant = await WorkspaceAsync("203.0.113.0/24", "::ffff:192.0.2.0/120");
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(tenant.Identifier, "::ffff:" + Office)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(tenant.Identifier, "192.0.2.44")).StatusCode);
        await AssertRefusedAsync(await GetAsync(tenant.Identifier, "::ffff:" + Outsider), Outsider);
        var stored = await app.TenantDbAsync(tenant.Id, db => db.IpAllowRules.Select(r => r.Network).ToListAsync());
        Assert.Contains("192.0.2.0/24", stored);
    }

    [Fact]
    public async Task The_address_comes_from_a_trusted_proxys_forwarded_header_and_never_from_an_untrusted_peers()
    {
        var tenant = await WorkspaceAsync("203.0.113.0/24");
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(tenant.Identifier, Proxy, forwardedFor: Office)).StatusCode);
        // The proxy's own address is not the client's.
        await AssertRefusedAsync(await GetAsync(tenant.Identifier, Proxy), Proxy);
        await AssertRefusedAsync(await GetAsync(tenant.Identifier, Proxy, forwardedFor: Outsider), Outsider);
        // An untrusted peer claiming an allowed address is judged (and named) by its own.
        await AssertRefusedAsync(await GetAsync(tenant.Identifier, Outsider, forwardedFor: Office), Outsider);
        // Only the last hop counts: a client cannot prepend an allowed address to what the proxy appends.
        await AssertRefusedAsync(await GetAsync(tenant.Identifier, Proxy, forwardedFor: $"{Office}, {Outsider}"), Outsider);
    }

    [Fact]
    public async Task One_workspaces_list_never_affects_another()
    {
        var restricted = await WorkspaceAsync("203.0.113.0/24");
        var open = await WorkspaceAsync();
        var other = await WorkspaceAsync("192.0.2.0/24");
        await AssertRefusedAsync(await GetAsync(restricted.Identifier, Outsider), Outsider);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(open.Identifier, Outsider)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(other.Identifier, "192.0.2.9")).StatusCode);
        await AssertRefusedAsync(await GetAsync(other.Identifier, Office), Office);

        // Neither sees nor removes the other's entries.
        var listed = await app.InTenantAsync<IpAllowListService, IReadOnlyList<IpAllowRule>>(restricted.Id, s => s.ListAsync());
        Assert.Equal(["203.0.113.0/24"], listed.Select(r => r.Network));
        var othersRule = await app.TenantDbAsync(other.Id, db => db.IpAllowRules.SingleAsync());
        var removal = await app.InTenantAsync<IpAllowListService, Result<string, IpAllowListRefusal>>(restricted.Id, s => s.RemoveAsync(othersRule.Id, null, true));
        Assert.Equal(IpAllowListRefusal.NotFound, removal.Code);
        Assert.Equal(1, await app.TenantDbAsync(other.Id, db => db.IpAllowRules.CountAsync()));
    }

    [Fact]
    public async Task A_change_saved_by_another_instance_takes_effect_here_through_the_change_poll()
    {
        var tenant = await WorkspaceAsync();
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(tenant.Identifier, Outsider)).StatusCode); // tenant cached here for five minutes

        // What another instance does: save an entry; AppDbContext bumps the tenant's version in the same transaction.
        await app.OtherInstanceDbAsync(tenant.Id, async db =>
        {
            db.IpAllowRules.Add(new IpAllowRule { Network = "203.0.113.0/24", CreatedAt = DateTimeOffset.UtcNow, CreatedBy = "elsewhere@example.jp" });
            return await db.SaveChangesAsync();
        });
        Assert.Equal(tenant.Version + 1, await app.TenantDbAsync(tenant.Id, db => db.Tenants.Where(t => t.Id == tenant.Id).Select(t => t.Version).SingleAsync()));

        var deadline = DateTime.UtcNow + Patience;
        HttpResponseMessage response;
        while ((response = await GetAsync(tenant.Identifier, Outsider)).StatusCode == HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        await AssertRefusedAsync(response, Outsider);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(tenant.Identifier, Office)).StatusCode);
    }

    [Fact]
    public async Task Malformed_entries_are_refused_with_the_reason_and_nothing_is_saved_or_audited()
    {
        var tenant = await WorkspaceAsync();
        foreach (var (entry, error) in new[]
                 {
                     ("10.0.0.0/33", IpAllowListRefusal.PrefixOutOfRange), ("::ffff:1.2.3.4/200", IpAllowListRefusal.PrefixOutOfRange),
                     ("10.0.0.1/8", IpAllowListRefusal.HostBitsSet), ("intranet", IpAllowListRefusal.Malformed), ("", IpAllowListRefusal.Malformed),
                 })
        {
            var result = await app.InTenantAsync<IpAllowListService, Result<string, IpAllowListRefusal>>(tenant.Id, s => s.AddAsync(entry, "x", "owner@example.jp", Office, true));
            Assert.Equal(error, result.Code);
        }
        var tooLong = await app.InTenantAsync<IpAllowListService, Result<string, IpAllowListRefusal>>(tenant.Id,
            s => s.AddAsync(Office, new string('x', IpAllowRule.LabelMaxLength + 1), "owner@example.jp", Office, true));
        Assert.Equal(IpAllowListRefusal.LabelTooLong, tooLong.Code);

        Assert.Equal(0, await app.TenantDbAsync(tenant.Id, db => db.IpAllowRules.CountAsync()));
        Assert.Equal(0, await app.TenantDbAsync(tenant.Id, db => db.AuditEntries.CountAsync(e => e.Action.StartsWith("settings.ip_allowlist"))));
        Assert.Equal(tenant.Version, await app.TenantDbAsync(tenant.Id, db => db.Tenants.Where(t => t.Id == tenant.Id).Select(t => t.Version).SingleAsync()));
    }

    [Fact]
    public async Task A_change_that_locks_out_the_admins_own_address_needs_confirmation()
    {
        var tenant = await WorkspaceAsync();
        var unconfirmed = await app.InTenantAsync<IpAllowListService, Result<string, IpAllowListRefusal>>(tenant.Id, s => s.AddAsync("192.0.2.0/24", "", "owner@example.jp", Office, false));
        Assert.Equal(IpAllowListRefusal.NeedsConfirmation, unconfirmed.Code);
        Assert.Equal(0, await app.TenantDbAsync(tenant.Id, db => db.IpAllowRules.CountAsync()));

        // Including the admin's own address needs no confirmation; removing it again while another entry stays does.
        var own = await app.InTenantAsync<IpAllowListService, Result<string, IpAllowListRefusal>>(tenant.Id, s => s.AddAsync("203.0.113.0/24", "本社", "owner@example.jp", Office, false));
        Assert.True(own.Succeeded);
        var other = await app.InTenantAsync<IpAllowListService, Result<string, IpAllowListRefusal>>(tenant.Id, s => s.AddAsync("192.0.2.0/24", "VPN", "owner@example.jp", Office, false));
        Assert.True(other.Succeeded);
        var ownId = await app.TenantDbAsync(tenant.Id, db => db.IpAllowRules.Where(r => r.Network == "203.0.113.0/24").Select(r => r.Id).SingleAsync());
        var removal = await app.InTenantAsync<IpAllowListService, Result<string, IpAllowListRefusal>>(tenant.Id, s => s.RemoveAsync(ownId, Office, false));
        Assert.Equal(IpAllowListRefusal.NeedsConfirmation, removal.Code);
        Assert.Equal(2, await app.TenantDbAsync(tenant.Id, db => db.IpAllowRules.CountAsync()));

        var confirmed = await app.InTenantAsync<IpAllowListService, Result<string, IpAllowListRefusal>>(tenant.Id, s => s.RemoveAsync(ownId, Office, true));
        Assert.True(confirmed.Succeeded);
        var duplicate = await app.InTenantAsync<IpAllowListService, Result<string, IpAllowListRefusal>>(tenant.Id, s => s.AddAsync("192.0.2.0/24", "", "owner@example.jp", "192.0.2.1", false));
        Assert.Equal(IpAllowListRefusal.Duplicate, duplicate.Code);
    }

    [Fact]
    public async Task Adding_and_removing_are_audited_in_the_workspace_chain_with_the_change()
    {
        var tenant = await WorkspaceAsync();
        await app.InTenantAsync<IpAllowListService, Result<string, IpAllowListRefusal>>(tenant.Id, s => s.AddAsync("192.0.2.0/24", "大阪支店", "owner@example.jp", Office, true));
        var id = await app.TenantDbAsync(tenant.Id, db => db.IpAllowRules.Select(r => r.Id).SingleAsync());
        await app.InTenantAsync<IpAllowListService, Result<string, IpAllowListRefusal>>(tenant.Id, s => s.RemoveAsync(id, Office, false));

        var entries = await app.TenantDbAsync(tenant.Id, db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Action.StartsWith("settings.ip_allowlist")).OrderBy(e => e.Sequence).ToListAsync());
        Assert.Equal([AuditActions.IpAllowRuleAdded, AuditActions.IpAllowRuleRemoved], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal("192.0.2.0/24 (大阪支店)", e.TargetDisplay));
        var added = JsonDocument.Parse(entries[0].Details!).RootElement;
        Assert.Equal("192.0.2.0/24", added.GetProperty("network").GetString());
        Assert.True(added.GetProperty("excludesActor").GetBoolean());
        Assert.False(JsonDocument.Parse(entries[1].Details!).RootElement.GetProperty("excludesActor").GetBoolean());
        Assert.Equal(tenant.Version + 2, await app.TenantDbAsync(tenant.Id, db => db.Tenants.Where(t => t.Id == tenant.Id).Select(t => t.Version).SingleAsync()));
    }

    [Fact]
    public async Task An_operator_clears_a_locked_out_workspace_with_a_reason_recorded_in_the_platform_chain()
    {
        var locked = await WorkspaceAsync("192.0.2.0/24", "2001:db8::/32");
        var untouched = await WorkspaceAsync("192.0.2.0/24");
        await AssertRefusedAsync(await GetAsync(locked.Identifier, Office), Office);

        await using (var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope())
        {
            var operations = scope.ServiceProvider.GetRequiredService<IpAllowListOperations>();
            Assert.Contains(await operations.RestrictedWorkspacesAsync(), w => w.Identifier == locked.Identifier && w.Entries == 2);
            Assert.False(await operations.ClearAsync(locked.Id, "  "));
            Assert.Equal(2, await app.TenantDbAsync(locked.Id, db => db.IpAllowRules.CountAsync()));
            Assert.True(await operations.ClearAsync(locked.Id, "オーナーから電話で依頼 #1234"));
            Assert.False(await operations.ClearAsync(locked.Id, "二度目"));
        }

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(locked.Identifier, Office)).StatusCode);
        Assert.Equal(0, await app.TenantDbAsync(locked.Id, db => db.IpAllowRules.CountAsync()));
        Assert.Equal(1, await app.TenantDbAsync(untouched.Id, db => db.IpAllowRules.CountAsync()));
        await using (var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var entry = await db.PlatformAuditEntries.AsNoTracking().SingleAsync(e => e.Action == AuditActions.IpAllowListCleared && e.TargetId == locked.Id);
            Assert.Equal(locked.Identifier, entry.TargetDisplay);
            var details = JsonDocument.Parse(entry.Details!).RootElement;
            Assert.Equal("オーナーから電話で依頼 #1234", details.GetProperty("reason").GetString());
            Assert.Equal(["192.0.2.0/24", "2001:db8::/32"], details.GetProperty("removed").EnumerateArray().Select(e => e.GetString()).Order(StringComparer.Ordinal));
            Assert.False(await db.AuditEntries.IgnoreQueryFilters().AnyAsync(e => e.Action == AuditActions.IpAllowListCleared));
        }
    }

    [Fact]
    public async Task The_operator_console_lists_restricted_workspaces_for_operators_only()
    {
        var locked = await WorkspaceAsync("192.0.2.0/24");
        using var ops = app.CreateLoopbackClient(new CookieContainer());
        await app.SignInOperatorAsync(ops, await app.CreateOperatorAsync());
        var html = await ops.GetStringAsync(new Uri(app.PlatformUri, "/ops/ip-allowlists"));
        Assert.Contains($"data-testid=\"ops-ip-clear-{locked.Identifier}\"", html, StringComparison.Ordinal);

        using var anonymous = app.CreateLoopbackClient();
        var refused = await anonymous.GetAsync(new Uri(app.PlatformUri, "/ops/ip-allowlists"));
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.DoesNotContain(locked.Identifier, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
