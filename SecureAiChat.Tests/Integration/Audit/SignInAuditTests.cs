using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Tests.Integration.Accounts;

namespace SecureAiChat.Tests.Integration.Audit;

/// <summary>
/// Sign-in and account security events over real HTTP: each writes exactly one entry with its code and reason, and no
/// entry holds a typed password (wrong ones included) or the full email typed for an unknown account.
/// </summary>
public sealed class SignInAuditTests(AccountsAppHost host) : IClassFixture<AccountsAppHost>
{
    private const string WrongPassword = "Wrong-Canary-Pass-9";
    private const string NewPassword = "New-Canary-Pass-42!";

    private sealed record Case(string Action, string? Reason, Func<SignInAuditTests, AppTenantInfo, Task> Act);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["signed in"] = new(AuditActions.SignInSucceeded, null, (t, tenant) => t.SignInAsync(tenant)),
        ["bad password"] = new(AuditActions.SignInFailed, "bad_password", async (t, tenant) =>
            Assert.Equal(HttpStatusCode.OK, (await t.PostLoginAsync(tenant, "user@example.jp", WrongPassword)).StatusCode)),
        ["unknown account"] = new(AuditActions.SignInFailed, "unknown_account", async (t, tenant) =>
            Assert.Equal(HttpStatusCode.OK, (await t.PostLoginAsync(tenant, "stranger.person@example.jp", WrongPassword)).StatusCode)),
        ["deactivated"] = new(AuditActions.SignInFailed, "not_allowed", async (t, tenant) =>
        {
            await t.Host.UpdateUserAsync(tenant.Id, (await t.UserIdAsync(tenant)), u => u.IsActive = false);
            await t.PostLoginAsync(tenant, "user@example.jp", TestPasswords.Default);
        }),
        ["signed out"] = new(AuditActions.SignedOut, null, async (t, tenant) =>
        {
            using var client = await t.SignInAsync(tenant);
            await t.CountedAsync(tenant, async () =>
            {
                var token = await AccountForms.AntiforgeryTokenAsync(client, t.Host.TenantUri(tenant.Identifier, "/Account/Manage"));
                var response = await client.PostAsync(t.Host.TenantUri(tenant.Identifier, "/Account/Logout"),
                    new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["returnUrl"] = "/" }));
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            });
        }),
        ["password changed"] = new(AuditActions.PasswordChanged, null, async (t, tenant) =>
        {
            using var client = await t.SignInAsync(tenant);
            await t.CountedAsync(tenant, async () =>
            {
                var response = await AccountForms.PostFormAsync(client, t.Host.TenantUri(tenant.Identifier, "/Account/Manage/ChangePassword"), "change-password",
                    new Dictionary<string, string> { ["Input.OldPassword"] = TestPasswords.Default, ["Input.NewPassword"] = NewPassword, ["Input.ConfirmPassword"] = NewPassword });
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            });
        }),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    private AccountsAppHost Host => host;

    // Cases that sign in first count only what follows the preparation.
    private int? _countFrom;

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task The_event_writes_exactly_one_entry_with_its_reason_and_no_password(string name)
    {
        var c = Cases[name];
        var tenant = await host.NewTenantAsync("signaudit");
        await host.CreateUserAsync(tenant.Id, "user@example.jp", displayName: "利用者 一郎");
        var before = (await EntriesAsync(tenant)).Count;
        _countFrom = null;

        await c.Act(this, tenant);

        var entries = await EntriesAsync(tenant);
        var added = Assert.Single(entries.Skip(_countFrom ?? before));
        Assert.Equal(c.Action, added.Action);
        if (c.Reason is not null) Assert.Contains($"\"reason\":\"{c.Reason}\"", added.Details, StringComparison.Ordinal);
        foreach (var entry in entries)
        {
            var text = string.Join("|", entry.ActorName, entry.TargetDisplay, entry.Details, entry.UserAgent);
            Assert.DoesNotContain(WrongPassword, text, StringComparison.Ordinal);
            Assert.DoesNotContain(TestPasswords.Default, text, StringComparison.Ordinal);
            Assert.DoesNotContain(NewPassword, text, StringComparison.Ordinal);
            Assert.DoesNotContain("stranger.person", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_successful_sign_in_is_by_the_person_and_a_failed_one_by_nobody_known()
    {
        var tenant = await host.NewTenantAsync("signactor");
        var user = await host.CreateUserAsync(tenant.Id, "user@example.jp", displayName: "利用者 一郎");
        await PostLoginAsync(tenant, "nobody@example.jp", WrongPassword);
        using var _ = await SignInAsync(tenant);

        var entries = await EntriesAsync(tenant);
        Assert.Equal((AuditActorKind.Anonymous, "no***@example.jp"), (entries[^2].ActorKind, entries[^2].TargetDisplay));
        Assert.Equal((AuditActorKind.User, user.Id, "利用者 一郎"), (entries[^1].ActorKind, entries[^1].ActorId, entries[^1].ActorName));
    }

    private async Task<HttpClient> SignInAsync(AppTenantInfo tenant) => await host.SignInAsync(tenant.Identifier, "user@example.jp");

    private async Task CountedAsync(AppTenantInfo tenant, Func<Task> act)
    {
        _countFrom = (await EntriesAsync(tenant)).Count;
        await act();
    }

    private async Task<HttpResponseMessage> PostLoginAsync(AppTenantInfo tenant, string email, string password)
    {
        using var client = host.CreateLoopbackClient(new CookieContainer());
        return await AccountForms.PostLoginAsync(client, host.Login(tenant), email, password);
    }

    private Task<string> UserIdAsync(AppTenantInfo tenant) =>
        host.TenantDbAsync(tenant.Id, db => db.Users.Where(u => u.Email == "user@example.jp").Select(u => u.Id).SingleAsync());

    private Task<List<AuditEntry>> EntriesAsync(AppTenantInfo tenant) =>
        host.TenantDbAsync(tenant.Id, db => db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync());
}
