using SecureAiChat.Core.Audit;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Security;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Team;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Core.Plans;

namespace SecureAiChat.Tests.Integration.Team;

/// <summary>Invitations end to end over real SMTP and HTTP: the mailed link, accepting, single use, revoke, expiry, resend, seats, domains.</summary>
public sealed class InvitationTests(TeamAppHost app) : IClassFixture<TeamAppHost>
{
    private static Dictionary<string, string> AcceptFields(string name, string password = TestPasswords.Default) => new()
    {
        ["Input.DisplayName"] = name,
        ["Input.Password"] = password,
        ["Input.ConfirmPassword"] = password,
    };

    private async Task<int> UserCountAsync(string tenantId) =>
        await app.InTenantAsync(tenantId, sp => sp.GetRequiredService<AppDbContext>().Users.CountAsync());

    [Fact]
    public async Task The_mailed_link_creates_the_member_who_then_signs_in_and_the_link_works_only_once()
    {
        var (tenantId, id, owner) = await app.WorkspaceAsync("inv-ok");
        var email = $"sato@{id}.example.jp";
        var result = await app.InviteAsync(tenantId, id, owner, email);
        Assert.True(result.Succeeded);

        var link = await app.AcceptLinkAsync(email);
        Assert.Equal(app.TenantUri(id).Host, link.Host);
        var stored = await app.InvitationAsync(tenantId, email);
        Assert.Equal(InvitationToken.Hash(link.Segments[^1]), stored.TokenHash); // only the hash is stored
        Assert.DoesNotContain(link.Segments[^1], stored.TokenHash, StringComparison.Ordinal);

        using var browser = app.CreateLoopbackClient(new CookieContainer());
        var page = await browser.GetStringAsync(link);
        Assert.Contains("data-testid=\"accept-form\"", page, StringComparison.Ordinal);
        var accepted = await AccountForms.PostFormAsync(browser, link, "accept", AcceptFields("佐藤 次郎"));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var home = await browser.GetAsync(app.TenantUri(id, "/chat"));
        Assert.Equal(HttpStatusCode.OK, home.StatusCode); // signed in by accepting

        using var again = await app.SignInAsync(id, email); // and the password works on the sign-in page
        var reused = await app.CreateLoopbackClient(new CookieContainer()).GetStringAsync(link);
        Assert.Contains("data-status=\"Accepted\"", reused, StringComparison.Ordinal);
        var member = await app.InTenantAsync(tenantId, sp => sp.GetRequiredService<AppDbContext>().Users.SingleAsync(u => u.Email == email));
        Assert.Equal("佐藤 次郎", member.DisplayName);
        Assert.Equal(member.Id, (await app.InvitationAsync(tenantId, email)).AcceptedUserId);
    }

    [Fact]
    public async Task Revoked_expired_and_replaced_links_are_refused_and_create_nobody()
    {
        var (tenantId, id, owner) = await app.WorkspaceAsync("inv-dead");
        string revoked = $"revoked@{id}.example.jp", expired = $"expired@{id}.example.jp", resent = $"resent@{id}.example.jp";
        Assert.True((await app.InviteAsync(tenantId, id, owner, $"{revoked}, {expired}, {resent}")).Succeeded);
        var revokedLink = await app.AcceptLinkAsync(revoked);
        var expiredLink = await app.AcceptLinkAsync(expired);
        var firstResentLink = await app.AcceptLinkAsync(resent);

        await app.InTenantAsync(tenantId, async sp => await sp.GetRequiredService<InvitationService>().RevokeAsync((await app.InvitationAsync(tenantId, revoked)).Id));
        var expiredKey = expired.ToUpperInvariant();
        await app.InTenantAsync(tenantId, sp => sp.GetRequiredService<AppDbContext>().Invitations.Where(i => i.NormalizedEmail == expiredKey)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1))));
        await app.InTenantAsync(tenantId, async sp => await sp.GetRequiredService<InvitationService>().ResendAsync(
            (await app.InvitationAsync(tenantId, resent)).Id, new Inviter(owner.Id, "Owner", System.Globalization.CultureInfo.GetCultureInfo("ja-JP"))));
        var secondResentLink = await app.AcceptLinkAsync(resent, nth: 2);
        Assert.NotEqual(firstResentLink, secondResentLink);

        foreach (var (link, status) in new[] { (revokedLink, "Revoked"), (expiredLink, "Expired"), (firstResentLink, "Unknown") })
        {
            using var client = app.CreateLoopbackClient(new CookieContainer());
            Assert.Contains($"data-status=\"{status}\"", await client.GetStringAsync(link), StringComparison.Ordinal);
        }
        Assert.Equal(1, await UserCountAsync(tenantId));

        using var ok = app.CreateLoopbackClient(new CookieContainer());
        Assert.Equal(HttpStatusCode.Redirect, (await AccountForms.PostFormAsync(ok, secondResentLink, "accept", AcceptFields("再送 さん"))).StatusCode);
        Assert.Equal(2, await UserCountAsync(tenantId));
    }

    [Fact]
    public async Task A_link_of_another_workspace_is_simply_unknown()
    {
        var (tenantId, id, owner) = await app.WorkspaceAsync("inv-a");
        var (_, otherId, _) = await app.WorkspaceAsync("inv-b");
        var email = $"cross@{id}.example.jp";
        await app.InviteAsync(tenantId, id, owner, email);
        var link = await app.AcceptLinkAsync(email);

        using var client = app.CreateLoopbackClient(new CookieContainer());
        var foreign = await client.GetStringAsync(app.TenantUri(otherId, link.AbsolutePath));
        Assert.Contains("data-status=\"Unknown\"", foreign, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pasted_list_with_one_bad_address_invites_nobody_and_says_which_line()
    {
        var (tenantId, id, owner) = await app.WorkspaceAsync("inv-bad");
        var result = await app.InviteAsync(tenantId, id, owner, $"good@{id}.example.jp\nbroken-address\n{owner.Email}");

        Assert.Contains(new Problem<TeamRefusal>(TeamRefusal.InvalidAddress, "broken-address", 2), result.Problems);
        Assert.Contains(new Problem<TeamRefusal>(TeamRefusal.AlreadyMember, owner.Email, 3), result.Problems);
        Assert.Equal(0, await app.InTenantAsync(tenantId, sp => sp.GetRequiredService<AppDbContext>().Invitations.CountAsync()));
        Assert.DoesNotContain(app.Smtp.Messages, m => m.To.Mailboxes.Any(b => b.Address == $"good@{id}.example.jp"));
    }

    [Fact]
    public async Task Seats_count_active_members_and_pending_invitations_and_the_refusal_says_how_many_remain()
    {
        var (tenantId, id, owner) = await app.WorkspaceAsync("inv-seats"); // Starter: 10 seats, 1 used by the owner
        for (var i = 0; i < 6; i++) await app.CreateUserAsync(tenantId, $"m{i}@{id}.example.jp");
        Assert.True((await app.InviteAsync(tenantId, id, owner, $"a@{id}.example.jp, b@{id}.example.jp")).Succeeded); // 9 used

        var refused = await app.InviteAsync(tenantId, id, owner, $"c@{id}.example.jp, d@{id}.example.jp");

        Assert.Equal(new Problem<TeamRefusal>(TeamRefusal.SeatsFull, "2"), Assert.Single(refused.Problems));
        var seats = await app.InTenantAsync(tenantId, sp => sp.GetRequiredService<InvitationService>().SeatsAsync());
        Assert.Equal(new SeatUsage(7, 2, 10), seats);
        Assert.Equal(1, seats.Remaining);
        // Revoking frees the seat.
        await app.InTenantAsync(tenantId, async sp => await sp.GetRequiredService<InvitationService>().RevokeAsync((await app.InvitationAsync(tenantId, $"a@{id}.example.jp")).Id));
        Assert.True((await app.InviteAsync(tenantId, id, owner, $"c@{id}.example.jp, d@{id}.example.jp")).Succeeded);
    }

    [Fact]
    public async Task Invitations_go_only_to_allowed_domains_and_the_change_is_logged()
    {
        var (tenantId, id, owner) = await app.WorkspaceAsync("inv-domain");
        var refused = await app.InTenantAsync(tenantId, sp => sp.GetRequiredService<SecuritySettingsService>()
            .SaveAsync(new SecuritySettingsInput("example.co.jp, not a domain", 0, TwoFactorRequirement.None), owner.Id, owner.Email!));
        Assert.Equal(["not", "a", "domain"], refused.Problems.Select(p => p.Value));
        Assert.All(refused.Problems, p => Assert.Equal((SecuritySettingsProblem.InvalidDomain, nameof(SecuritySettingsInput.AllowedEmailDomains)), (p.Code, p.Field)));
        await app.InTenantAsync(tenantId, sp => sp.GetRequiredService<SecuritySettingsService>()
            .SaveAsync(new SecuritySettingsInput("example.co.jp", 0, TwoFactorRequirement.None), owner.Id, owner.Email!));

        var result = await app.InviteAsync(tenantId, id, owner, "ok@example.co.jp\nguest@gmail.com");

        Assert.Equal(new Problem<TeamRefusal>(TeamRefusal.DomainNotAllowed, "guest@gmail.com", 2), Assert.Single(result.Problems));
        var change = Assert.Single(await app.InTenantAsync(tenantId, sp => sp.GetRequiredService<SecuritySettingsService>().RecentChangesAsync(10)));
        Assert.Equal(("AllowedEmailDomains", "", "example.co.jp"), (change.Setting, change.OldValue, change.NewValue));
        Assert.Equal(1, await app.InTenantAsync(tenantId, sp => sp.GetRequiredService<AppDbContext>().AuditEntries.CountAsync(e => e.Action == AuditActions.SecuritySettingsChanged)));
    }
}
