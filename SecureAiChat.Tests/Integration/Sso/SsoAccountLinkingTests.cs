using System.Net;
using System.Security.Claims;
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

/// <summary>
/// Which account an Entra token may reach: an existing account is linked by email only when the token proves the email
/// (xms_edov), and a workspace that requires SSO accepts no invitation with a password.
/// </summary>
public sealed class SsoAccountLinkingTests(SsoAppHost host) : IClassFixture<SsoAppHost>
{
    private async Task<AppTenantInfo> LinkedTenantAsync(string prefix, bool ssoRequired = false)
    {
        var tenant = await host.CreateTenantAsync($"{prefix}-{Guid.NewGuid().ToString("N")[..8]}");
        await using var scope = await host.TenantScopeAsync(tenant.Id);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.TenantSsoSettings.Add(new TenantSsoSettings
        {
            DirectoryId = SsoAppHost.Contoso, Provisioning = SsoProvisioningMode.AllowedDomains, AllowedDomains = "contoso.co.jp", SsoRequired = ssoRequired,
        });
        await db.SaveChangesAsync();
        return tenant;
    }

    private async Task<Result<SsoAccount, SsoRefusal>> SignInAsync(AppTenantInfo tenant, EntraIdentity token)
    {
        await using var scope = await host.TenantScopeAsync(tenant.Id);
        return await scope.ServiceProvider.GetRequiredService<SsoSignIn>().ResolveAsync(token);
    }

    /// <summary>An open invitation written directly (the invitation flow has its own tests); returns the link's token.</summary>
    private async Task<string> InviteAsync(AppTenantInfo tenant, string email, string role = Roles.Member)
    {
        var token = InvitationToken.New();
        await host.TenantDbAsync(tenant.Id, db =>
        {
            var now = DateTimeOffset.UtcNow;
            db.Invitations.Add(new Invitation
            {
                Email = email, NormalizedEmail = email.ToUpperInvariant(), Role = role, TokenHash = InvitationToken.Hash(token),
                InvitedByUserId = "owner", CreatedAt = now, SentAt = now, ExpiresAt = now + Invitation.Lifetime,
            });
            return db.SaveChangesAsync();
        });
        return token;
    }

    private Task<int> LoginCountAsync(AppTenantInfo tenant) =>
        host.TenantDbAsync(tenant.Id, db => db.UserLogins.CountAsync());

    [Fact]
    public async Task An_unverified_email_claim_never_links_an_existing_account_even_in_an_allowed_domain()
    {
        var tenant = await LinkedTenantAsync("sso-edov");
        await host.CreateUserAsync(tenant.Id, "owner@contoso.co.jp", role: Roles.Owner);
        var spoofed = new EntraIdentity(SsoAppHost.Contoso, Guid.NewGuid().ToString(), "owner@contoso.co.jp", "someone@contoso.co.jp", "Spoof", [], []);

        var result = await SignInAsync(tenant, spoofed);

        Assert.Equal(SsoRefusal.EmailNotVerified, result.Code);
        Assert.Null(result.Value);
        Assert.Equal(0, await LoginCountAsync(tenant));
    }

    [Fact]
    public async Task A_verified_email_links_the_existing_account_once()
    {
        var tenant = await LinkedTenantAsync("sso-edov-ok");
        var existing = await host.CreateUserAsync(tenant.Id, "verified@contoso.co.jp");
        var token = new EntraIdentity(SsoAppHost.Contoso, Guid.NewGuid().ToString(), "verified@contoso.co.jp", null, null, [], [], EmailDomainVerified: true);

        var result = await SignInAsync(tenant, token);

        Assert.True(result.Succeeded);
        Assert.Equal(existing.Id, result.Value!.User.Id);
        Assert.Equal(1, await LoginCountAsync(tenant));
        // Once linked by object id, later tokens need no email proof.
        Assert.True((await SignInAsync(tenant, token with { EmailDomainVerified = false })).Succeeded);
    }

    [Fact]
    public async Task An_unverified_email_claim_cannot_take_an_open_invitation_but_a_verified_one_accepts_it_with_its_role()
    {
        var tenant = await LinkedTenantAsync("sso-edov-inv");
        await InviteAsync(tenant, "new.admin@contoso.co.jp", Roles.Admin);
        var spoofed = new EntraIdentity(SsoAppHost.Contoso, Guid.NewGuid().ToString(), "new.admin@contoso.co.jp", null, null, [], []);

        Assert.Equal(SsoRefusal.EmailNotVerified, (await SignInAsync(tenant, spoofed)).Code);
        Assert.Equal(0, await host.TenantDbAsync(tenant.Id, db => db.Users.CountAsync()));
        Assert.Null((await host.TenantDbAsync(tenant.Id, db => db.Invitations.SingleAsync())).AcceptedAt);

        var verified = await SignInAsync(tenant, spoofed with { ObjectId = Guid.NewGuid().ToString(), EmailDomainVerified = true });
        Assert.True(verified.Succeeded);
        await using var scope = await host.TenantScopeAsync(tenant.Id);
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
        Assert.True(await users.IsInRoleAsync((await users.FindByIdAsync(verified.Value!.User.Id))!, Roles.Admin));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData(null, false)]
    public void The_xms_edov_claim_is_read_from_the_token(string? value, bool verified)
    {
        var claims = new List<Claim> { new("tid", SsoAppHost.Contoso), new("oid", Guid.NewGuid().ToString()), new("email", "a@contoso.co.jp") };
        if (value is not null) claims.Add(new Claim(EntraIdentity.EmailDomainVerifiedClaim, value, ClaimValueTypes.Boolean));

        Assert.Equal(verified, EntraIdentity.FromPrincipal(new ClaimsPrincipal(new ClaimsIdentity(claims, "test"))).EmailDomainVerified);
    }

    [Fact]
    public async Task While_the_workspace_requires_sso_an_invitation_cannot_be_accepted_with_a_password()
    {
        var tenant = await LinkedTenantAsync("sso-inv-req", ssoRequired: true);
        var token = await InviteAsync(tenant, "invitee@contoso.co.jp");
        var link = host.TenantUri(tenant.Identifier, "/invite/" + token);
        using var browser = host.CreateLoopbackClient(new CookieContainer());

        var page = await browser.GetStringAsync(link);
        Assert.Contains("data-testid=\"accept-sso-required\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"accept-sso\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"accept-form\"", page, StringComparison.Ordinal);

        // A hand-made post of the password form creates nobody and signs nobody in.
        var posted = await AccountForms.PostFormAsync(browser, link, "accept", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "招待 太郎", ["Input.Password"] = TestPasswords.Default, ["Input.ConfirmPassword"] = TestPasswords.Default,
        });
        Assert.NotEqual(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.False(AccountTestKit.SetsSessionCookie(posted));
        Assert.Equal(0, await host.TenantDbAsync(tenant.Id, db => db.Users.CountAsync()));
        Assert.Null((await host.TenantDbAsync(tenant.Id, db => db.Invitations.SingleAsync())).AcceptedAt);
    }
}
