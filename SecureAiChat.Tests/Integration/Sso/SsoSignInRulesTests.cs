using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Sso;
using SecureAiChat.Core.Team;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Tests.Integration.Accounts;

namespace SecureAiChat.Tests.Integration.Sso;

/// <summary>The security rules of Entra ID sign-in (tid check, account matching, JIT, seats, deactivation, role mapping) on a real database.</summary>
public sealed class SsoSignInRulesTests(SsoAppHost host) : IClassFixture<SsoAppHost>
{
    private const string Contoso = SsoAppHost.Contoso;
    private const string Fabrikam = SsoAppHost.Fabrikam;

    // xms_edov true: these tests are about the other rules; SsoAccountLinkingTests covers unverified emails.
    private static EntraIdentity Token(string tid, string oid, string email, params string[] roles) =>
        new(tid, oid, email, email, "Test User", roles, [], EmailDomainVerified: true);

    private async Task<AppTenantInfo> LinkedTenantAsync(string prefix, SsoProvisioningMode mode = SsoProvisioningMode.AllowedDomains, string domains = "contoso.co.jp", string mappings = "", string plan = "Starter")
    {
        var tenant = await host.CreateTenantAsync($"{prefix}-{Guid.NewGuid().ToString("N")[..8]}", plan: plan);
        await using var scope = await host.TenantScopeAsync(tenant.Id);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.TenantSsoSettings.Add(new TenantSsoSettings { DirectoryId = Contoso, Provisioning = mode, AllowedDomains = domains, AdminRoleMappings = mappings });
        await db.SaveChangesAsync();
        return tenant;
    }

    private async Task<Result<SsoAccount, SsoRefusal>> SignInAsync(AppTenantInfo tenant, EntraIdentity token)
    {
        await using var scope = await host.TenantScopeAsync(tenant.Id);
        return await scope.ServiceProvider.GetRequiredService<SsoSignIn>().ResolveAsync(token);
    }

    private async Task<(int Users, int Logins)> CountAsync(AppTenantInfo tenant)
    {
        await using var scope = await host.TenantScopeAsync(tenant.Id);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return (await db.Users.CountAsync(), await db.UserLogins.CountAsync());
    }

    private async Task<IList<string>> RolesAsync(AppTenantInfo tenant, string userId)
    {
        await using var scope = await host.TenantScopeAsync(tenant.Id);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return await users.GetRolesAsync((await users.FindByIdAsync(userId))!);
    }

    [Fact]
    public async Task A_token_of_another_directory_is_refused_and_nothing_is_created()
    {
        var tenant = await LinkedTenantAsync("sso-tid");

        var result = await SignInAsync(tenant, Token(Fabrikam, Guid.NewGuid().ToString(), "intruder@contoso.co.jp"));

        Assert.Equal(SsoRefusal.WrongDirectory, result.Code);
        Assert.Equal((0, 0), await CountAsync(tenant));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-guid")]
    public async Task A_token_without_a_usable_tid_is_refused(string? tid)
    {
        var tenant = await LinkedTenantAsync("sso-notid");
        var result = await SignInAsync(tenant, Token(tid!, Guid.NewGuid().ToString(), "a@contoso.co.jp"));
        Assert.Equal(SsoRefusal.WrongDirectory, result.Code);
        Assert.Equal((0, 0), await CountAsync(tenant));
    }

    [Fact]
    public async Task A_workspace_without_a_linked_directory_refuses_every_token()
    {
        var tenant = await host.CreateTenantAsync($"sso-none-{Guid.NewGuid().ToString("N")[..8]}");
        var result = await SignInAsync(tenant, Token(Contoso, Guid.NewGuid().ToString(), "a@contoso.co.jp"));
        Assert.Equal(SsoRefusal.NotLinked, result.Code);
    }

    [Fact]
    public async Task The_linked_directory_creates_a_member_just_in_time_and_matches_it_by_object_id_afterwards()
    {
        var tenant = await LinkedTenantAsync("sso-jit");
        var oid = Guid.NewGuid().ToString();

        var first = await SignInAsync(tenant, Token(Contoso.ToUpperInvariant(), oid, "taro@contoso.co.jp"));
        Assert.True(first.Succeeded);
        Assert.True(first.Value!.Created);
        Assert.Equal([Roles.Member], await RolesAsync(tenant, first.Value!.User.Id));

        // The email changed in the directory: the object id still finds the same account.
        var second = await SignInAsync(tenant, Token(Contoso, oid, "taro.yamada@contoso.co.jp"));
        Assert.True(second.Succeeded);
        Assert.False(second.Value!.Created);
        Assert.Equal(first.Value!.User.Id, second.Value!.User.Id);
        Assert.Equal((1, 1), await CountAsync(tenant));
    }

    [Fact]
    public async Task An_existing_account_with_the_same_email_in_this_workspace_is_linked_on_its_first_sso_sign_in()
    {
        var tenant = await LinkedTenantAsync("sso-link", SsoProvisioningMode.InvitedOnly, domains: "");
        var existing = await host.CreateUserAsync(tenant.Id, "hanako@contoso.co.jp");

        var result = await SignInAsync(tenant, Token(Contoso, Guid.NewGuid().ToString(), "Hanako@Contoso.co.jp"));

        Assert.True(result.Succeeded);
        Assert.Equal(existing.Id, result.Value!.User.Id);
        Assert.Equal((1, 1), await CountAsync(tenant));
    }

    [Fact]
    public async Task Invited_only_refuses_an_email_that_has_an_account_only_in_another_workspace()
    {
        var tenant = await LinkedTenantAsync("sso-inv", SsoProvisioningMode.InvitedOnly, domains: "");
        var other = await host.CreateTenantAsync($"sso-other-{Guid.NewGuid().ToString("N")[..8]}");
        await host.CreateUserAsync(other.Id, "jiro@contoso.co.jp");

        var result = await SignInAsync(tenant, Token(Contoso, Guid.NewGuid().ToString(), "jiro@contoso.co.jp"));

        Assert.Equal(SsoRefusal.NotInvited, result.Code);
        Assert.Equal((0, 0), await CountAsync(tenant));
        Assert.Equal((1, 0), await CountAsync(other)); // the other workspace's account was not linked either
    }

    [Fact]
    public async Task The_same_entra_object_in_two_workspaces_gets_two_separate_accounts()
    {
        var a = await LinkedTenantAsync("sso-two-a");
        var b = await LinkedTenantAsync("sso-two-b");
        var token = Token(Contoso, Guid.NewGuid().ToString(), "saburo@contoso.co.jp");

        var inA = await SignInAsync(a, token);
        var inB = await SignInAsync(b, token);

        Assert.True(inA.Succeeded && inB.Succeeded);
        Assert.NotEqual(inA.Value!.User.Id, inB.Value!.User.Id);
        Assert.Equal(a.Id, inA.Value!.User.TenantId);
        Assert.Equal(b.Id, inB.Value!.User.TenantId);
    }

    [Fact]
    public async Task An_email_alone_never_rebinds_an_account_linked_to_another_entra_object()
    {
        var tenant = await LinkedTenantAsync("sso-conflict");
        var owner = await SignInAsync(tenant, Token(Contoso, Guid.NewGuid().ToString(), "shiro@contoso.co.jp"));
        Assert.True(owner.Succeeded);

        var impostor = await SignInAsync(tenant, Token(Contoso, Guid.NewGuid().ToString(), "shiro@contoso.co.jp"));

        Assert.Equal(SsoRefusal.AccountConflict, impostor.Code);
        Assert.Equal((1, 1), await CountAsync(tenant));
    }

    [Fact]
    public async Task After_relinking_to_a_new_directory_the_same_person_is_linked_again_by_email()
    {
        var tenant = await LinkedTenantAsync("sso-move");
        var before = await SignInAsync(tenant, Token(Contoso, Guid.NewGuid().ToString(), "nana@contoso.co.jp"));
        await using (var scope = await host.TenantScopeAsync(tenant.Id))
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            (await db.TenantSsoSettings.SingleAsync()).DirectoryId = Fabrikam;
            await db.SaveChangesAsync();
        }

        Assert.Equal(SsoRefusal.WrongDirectory, (await SignInAsync(tenant, Token(Contoso, Guid.NewGuid().ToString(), "nana@contoso.co.jp"))).Code);
        var after = await SignInAsync(tenant, Token(Fabrikam, Guid.NewGuid().ToString(), "nana@contoso.co.jp"));

        Assert.True(after.Succeeded);
        Assert.Equal(before.Value!.User.Id, after.Value!.User.Id);
        Assert.Equal((1, 2), await CountAsync(tenant));
    }

    [Fact]
    public async Task A_domain_outside_the_allowed_list_is_refused()
    {
        var tenant = await LinkedTenantAsync("sso-domain");
        var result = await SignInAsync(tenant, Token(Contoso, Guid.NewGuid().ToString(), "guest@gmail.com"));
        Assert.Equal(SsoRefusal.DomainNotAllowed, result.Code);
        Assert.Equal((0, 0), await CountAsync(tenant));
    }

    [Fact]
    public async Task Just_in_time_accounts_count_against_the_plan_seats()
    {
        var tenant = await LinkedTenantAsync("sso-seats"); // Starter: 10 seats
        for (var i = 0; i < 10; i++) await host.CreateUserAsync(tenant.Id, $"user{i}@contoso.co.jp");

        var result = await SignInAsync(tenant, Token(Contoso, Guid.NewGuid().ToString(), "eleventh@contoso.co.jp"));

        Assert.Equal(SsoRefusal.SeatsFull, result.Code);
        Assert.Equal((10, 0), await CountAsync(tenant));
    }

    [Fact]
    public async Task Pending_invitations_hold_seats_against_just_in_time_accounts()
    {
        var tenant = await LinkedTenantAsync("sso-seats-inv"); // Starter: 10 seats
        for (var i = 0; i < 8; i++) await host.CreateUserAsync(tenant.Id, $"user{i}@contoso.co.jp");
        await InviteAsync(tenant, "invited1@contoso.co.jp");
        await InviteAsync(tenant, "invited2@contoso.co.jp");

        var result = await SignInAsync(tenant, Token(Contoso, Guid.NewGuid().ToString(), "walk-in@contoso.co.jp"));

        Assert.Equal(SsoRefusal.SeatsFull, result.Code);
        Assert.Equal((8, 0), await CountAsync(tenant));
    }

    [Fact]
    public async Task A_first_sso_sign_in_of_an_invited_email_accepts_the_invitation_with_its_role()
    {
        var tenant = await LinkedTenantAsync("sso-invited", SsoProvisioningMode.InvitedOnly);
        for (var i = 0; i < 9; i++) await host.CreateUserAsync(tenant.Id, $"user{i}@contoso.co.jp");
        await InviteAsync(tenant, "Invited.Admin@contoso.co.jp", Roles.Admin); // the tenth and last seat

        var result = await SignInAsync(tenant, Token(Contoso, Guid.NewGuid().ToString(), "invited.admin@contoso.co.jp"));

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(["Admin"], await RolesAsync(tenant, result.Value!.User.Id));
        await using var scope = await host.TenantScopeAsync(tenant.Id);
        var invitation = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Invitations.SingleAsync();
        Assert.NotNull(invitation.AcceptedAt);
        Assert.Equal(result.Value!.User.Id, invitation.AcceptedUserId);
    }

    private async Task InviteAsync(AppTenantInfo tenant, string email, string role = Roles.Member)
    {
        await using var scope = await host.TenantScopeAsync(tenant.Id);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Invitations.Add(new Invitation
        {
            Email = email, NormalizedEmail = email.ToUpperInvariant(), Role = role, TokenHash = InvitationToken.Hash(InvitationToken.New()),
            InvitedByUserId = "owner", CreatedAt = DateTimeOffset.UtcNow, SentAt = DateTimeOffset.UtcNow, ExpiresAt = DateTimeOffset.UtcNow + Invitation.Lifetime,
        });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_deactivated_account_is_refused_whether_matched_by_email_or_by_object_id()
    {
        var tenant = await LinkedTenantAsync("sso-deact");
        var oid = Guid.NewGuid().ToString();
        var first = await SignInAsync(tenant, Token(Contoso, oid, "goro@contoso.co.jp"));
        await host.UpdateUserAsync(tenant.Id, first.Value!.User.Id, u => u.IsActive = false);
        var byEmail = await host.CreateUserAsync(tenant.Id, "rokuro@contoso.co.jp");
        await host.UpdateUserAsync(tenant.Id, byEmail.Id, u => u.IsActive = false);

        Assert.Equal(SsoRefusal.Deactivated, (await SignInAsync(tenant, Token(Contoso, oid, "goro@contoso.co.jp"))).Code);
        Assert.Equal(SsoRefusal.Deactivated, (await SignInAsync(tenant, Token(Contoso, Guid.NewGuid().ToString(), "rokuro@contoso.co.jp"))).Code);
        Assert.Equal((2, 1), await CountAsync(tenant)); // the deactivated account was not linked
    }

    [Fact]
    public async Task A_mapped_app_role_or_group_makes_a_member_an_admin_and_never_touches_an_owner()
    {
        var group = Guid.NewGuid().ToString();
        var tenant = await LinkedTenantAsync("sso-role", mappings: $"SecureAiChat.Admin, {group}");
        var owner = await host.CreateUserAsync(tenant.Id, "owner@contoso.co.jp", role: Roles.Owner);

        var byRole = await SignInAsync(tenant, Token(Contoso, Guid.NewGuid().ToString(), "lead@contoso.co.jp", "SecureAiChat.Admin"));
        var byGroup = await SignInAsync(tenant, new EntraIdentity(Contoso, Guid.NewGuid().ToString(), "g@contoso.co.jp", null, null, [], [group.ToUpperInvariant()], EmailDomainVerified: true));
        var plain = await SignInAsync(tenant, Token(Contoso, Guid.NewGuid().ToString(), "plain@contoso.co.jp", "Other.Role"));
        var ownerResult = await SignInAsync(tenant, Token(Contoso, Guid.NewGuid().ToString(), "owner@contoso.co.jp", "SecureAiChat.Admin"));

        Assert.Equal([Roles.Admin], await RolesAsync(tenant, byRole.Value!.User.Id));
        Assert.Equal([Roles.Admin], await RolesAsync(tenant, byGroup.Value!.User.Id));
        Assert.Equal([Roles.Member], await RolesAsync(tenant, plain.Value!.User.Id));
        Assert.Equal(owner.Id, ownerResult.Value!.User.Id);
        Assert.Equal([Roles.Owner], await RolesAsync(tenant, owner.Id));
    }

    [Fact]
    public async Task An_admin_by_mapping_becomes_a_member_again_when_the_token_no_longer_carries_the_role()
    {
        var tenant = await LinkedTenantAsync("sso-demote", mappings: "SecureAiChat.Admin");
        var oid = Guid.NewGuid().ToString();
        var first = await SignInAsync(tenant, Token(Contoso, oid, "lead@contoso.co.jp", "SecureAiChat.Admin"));
        Assert.Equal([Roles.Admin], await RolesAsync(tenant, first.Value!.User.Id));
        var stamp = first.Value!.User.SecurityStamp;

        // Removed from the app role in Entra: the next sign-in takes Admin back and ends the other sessions.
        var second = await SignInAsync(tenant, Token(Contoso, oid, "lead@contoso.co.jp"));
        Assert.True(second.Succeeded);
        Assert.Equal([Roles.Member], await RolesAsync(tenant, second.Value!.User.Id));
        Assert.NotEqual(stamp, second.Value!.User.SecurityStamp);

        // Given back in Entra: Admin again at the next sign-in.
        await SignInAsync(tenant, Token(Contoso, oid, "lead@contoso.co.jp", "SecureAiChat.Admin"));
        Assert.Equal([Roles.Admin], await RolesAsync(tenant, first.Value!.User.Id));
    }

    [Fact]
    public async Task Without_a_mapping_sso_never_changes_a_role_set_on_the_members_page()
    {
        var tenant = await LinkedTenantAsync("sso-nomap");
        var admin = await host.CreateUserAsync(tenant.Id, "manual.admin@contoso.co.jp", role: Roles.Admin);

        var result = await SignInAsync(tenant, Token(Contoso, Guid.NewGuid().ToString(), "manual.admin@contoso.co.jp"));

        Assert.Equal(admin.Id, result.Value!.User.Id);
        Assert.Equal([Roles.Admin], await RolesAsync(tenant, admin.Id));
    }

    [Fact]
    public async Task Simultaneous_first_sign_ins_of_one_person_all_succeed_with_one_account()
    {
        // Two tabs (or a double click) finishing the first Microsoft sign-in at once.
        var tenant = await LinkedTenantAsync("sso-race", plan: "Standard");
        for (var round = 0; round < 5; round++)
        {
            var token = Token(Contoso, Guid.NewGuid().ToString(), $"twice{round}@contoso.co.jp");
            var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => SignInAsync(tenant, token))));

            Assert.All(results, r => Assert.True(r.Succeeded, r.ToString()));
            Assert.Single(results.Select(r => r.Value!.User.Id).Distinct());
        }

        Assert.Equal((5, 5), await CountAsync(tenant));
    }

    [Fact]
    public void Claims_are_read_in_both_short_and_mapped_forms()
    {
        var mapped = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
        [
            new("http://schemas.microsoft.com/identity/claims/tenantid", Contoso),
            new("http://schemas.microsoft.com/identity/claims/objectidentifier", "oid-1"),
            new(System.Security.Claims.ClaimTypes.Email, "a@contoso.co.jp"),
            new(System.Security.Claims.ClaimTypes.Role, "R1"),
        ]));
        var identity = EntraIdentity.FromPrincipal(mapped);
        Assert.Equal(Contoso, identity.DirectoryId);
        Assert.Equal("oid-1", identity.ObjectId);
        Assert.Equal("a@contoso.co.jp", identity.SignInEmail);
        Assert.Equal(["R1"], identity.Roles);
        Assert.Equal($"{Contoso}/oid-1", identity.LoginKey);
    }
}
