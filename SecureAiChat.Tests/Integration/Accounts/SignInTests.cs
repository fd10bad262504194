using System.Net;
using Microsoft.EntityFrameworkCore;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Accounts;

/// <summary>The sign-in page over real HTTP on tenant hosts: cookies, errors, lockout, tenant boundaries, redirects.</summary>
public sealed class SignInTests(AccountsAppHost host) : IClassFixture<AccountsAppHost>
{
    private const string InvalidJa = "メールアドレスまたはパスワードが正しくありません。";

    [Fact]
    public async Task Sign_in_sets_a_host_only_HttpOnly_SameSite_Lax_session_cookie_and_redirects_home()
    {
        var tenant = await host.NewTenantAsync("signin");
        await host.CreateUserAsync(tenant.Id, "taro@example.jp");
        using var client = host.CreateLoopbackClient(new CookieContainer());

        var response = await AccountForms.PostLoginAsync(client, host.Login(tenant), "taro@example.jp", TestPasswords.Default);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", AccountTestKit.LocationPath(response));
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(AccountTestKit.SessionCookie + "=", StringComparison.Ordinal));
        var attributes = cookie.ToLowerInvariant();
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=lax", attributes);
        Assert.DoesNotContain("domain=", attributes);
        Assert.Contains("path=/", attributes);
    }

    [Fact]
    public async Task Wrong_password_and_unknown_email_get_the_same_localized_message()
    {
        var tenant = await host.NewTenantAsync("wrongpw");
        await host.CreateUserAsync(tenant.Id, "hanako@example.jp");
        using var client = host.CreateLoopbackClient(new CookieContainer());

        var wrongPassword = await AccountForms.PostLoginAsync(client, host.Login(tenant), "hanako@example.jp", "not-the-password-1");
        var unknownEmail = await AccountForms.PostLoginAsync(client, host.Login(tenant), "nobody@example.jp", "not-the-password-1");

        Assert.Equal(HttpStatusCode.OK, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknownEmail.StatusCode);
        var first = AccountTestKit.StatusMessage(await wrongPassword.BodyAsync());
        var second = AccountTestKit.StatusMessage(await unknownEmail.BodyAsync());
        Assert.Equal(InvalidJa, first);
        Assert.Equal(first, second);
        Assert.False(AccountTestKit.SetsSessionCookie(wrongPassword));
    }

    [Fact]
    public async Task Wrong_password_message_is_English_for_en_US()
    {
        var tenant = await host.NewTenantAsync("wrongen");
        using var client = host.CreateLoopbackClient(new CookieContainer());
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");

        var response = await AccountForms.PostLoginAsync(client, host.Login(tenant), "nobody@example.jp", "not-the-password-1");

        Assert.Equal("The email address or password is incorrect.", AccountTestKit.StatusMessage(await response.BodyAsync()));
    }

    [Fact]
    public async Task Five_failures_from_one_address_refuse_that_address_with_429_even_with_the_right_password()
    {
        var tenant = await host.NewTenantAsync("lockout");
        await host.CreateUserAsync(tenant.Id, "jiro@example.jp");
        using var client = host.CreateLoopbackClient(new CookieContainer());

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var failed = await AccountForms.PostLoginAsync(client, host.Login(tenant), "jiro@example.jp", "wrong-password-" + attempt);
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }

        var sixth = await AccountForms.PostLoginAsync(client, host.Login(tenant), "jiro@example.jp", TestPasswords.Default);
        Assert.Equal(HttpStatusCode.TooManyRequests, sixth.StatusCode);
        Assert.True(sixth.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.False(AccountTestKit.SetsSessionCookie(sixth));
        Assert.Contains("試行回数が多すぎます", await sixth.BodyAsync());
        // The account itself is not locked: Identity's lockout is not used for passwords.
        var jiro = await host.TenantDbAsync(tenant.Id, db => db.Users.AsNoTracking().SingleAsync(u => u.Email == "jiro@example.jp"));
        Assert.Null(jiro.LockoutEnd);
    }

    [Fact]
    public async Task The_same_email_in_two_tenants_is_two_accounts_each_signing_in_only_on_its_own_host()
    {
        var acme = await host.NewTenantAsync("acme");
        var globex = await host.NewTenantAsync("globex");
        await host.CreateUserAsync(acme.Id, "shared@example.jp", "acme-password-1");
        await host.CreateUserAsync(globex.Id, "shared@example.jp", "globex-password-2");

        await AssertSignInAsync(acme, "acme-password-1", succeeds: true);
        await AssertSignInAsync(acme, "globex-password-2", succeeds: false);
        await AssertSignInAsync(globex, "globex-password-2", succeeds: true);
        await AssertSignInAsync(globex, "acme-password-1", succeeds: false);

        async Task AssertSignInAsync(SecureAiChat.Core.Tenancy.AppTenantInfo tenant, string password, bool succeeds)
        {
            using var client = host.CreateLoopbackClient(new CookieContainer());
            var response = await AccountForms.PostLoginAsync(client, host.Login(tenant), "shared@example.jp", password);
            Assert.Equal(succeeds ? HttpStatusCode.Redirect : HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(succeeds, AccountTestKit.SetsSessionCookie(response));
        }
    }

    [Fact]
    public async Task A_user_of_tenant_A_cannot_sign_in_on_tenant_B_host()
    {
        var a = await host.NewTenantAsync("tena");
        var b = await host.NewTenantAsync("tenb");
        await host.CreateUserAsync(a.Id, "only-a@example.jp");
        using var client = host.CreateLoopbackClient(new CookieContainer());

        var response = await AccountForms.PostLoginAsync(client, host.Login(b), "only-a@example.jp", TestPasswords.Default);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(InvalidJa, AccountTestKit.StatusMessage(await response.BodyAsync()));
        Assert.False(AccountTestKit.SetsSessionCookie(response));
    }

    [Fact]
    public async Task A_session_cookie_of_tenant_A_replayed_on_tenant_B_host_is_anonymous_there()
    {
        var a = await host.NewTenantAsync("replaya");
        var b = await host.NewTenantAsync("replayb");
        await host.CreateUserAsync(a.Id, "secret-a@example.jp", displayName: "秘密のユーザーA");
        var jarA = new CookieContainer();
        using var clientA = await host.SignInAsync(a.Identifier, "secret-a@example.jp", cookies: jarA);

        var profileOnA = await clientA.GetAsync(host.TenantUri(a.Identifier, "/Account/Manage"));
        Assert.Equal(HttpStatusCode.OK, profileOnA.StatusCode);
        Assert.Contains("secret-a@example.jp", await profileOnA.BodyAsync());

        var session = jarA.GetCookies(host.TenantUri(a.Identifier))[AccountTestKit.SessionCookie];
        Assert.NotNull(session);
        var jarB = new CookieContainer();
        jarB.Add(host.TenantUri(b.Identifier), new Cookie(session.Name, session.Value, "/"));
        using var clientB = host.CreateLoopbackClient(jarB);

        var profileOnB = await clientB.GetAsync(host.TenantUri(b.Identifier, "/Account/Manage"));
        Assert.Equal(HttpStatusCode.Redirect, profileOnB.StatusCode);
        Assert.StartsWith("/Account/Login", AccountTestKit.LocationPath(profileOnB), StringComparison.Ordinal);
        var body = await profileOnB.BodyAsync();
        Assert.DoesNotContain("secret-a@example.jp", body);
        Assert.DoesNotContain("秘密のユーザーA", body);

        var homeOnB = await clientB.GetAsync(host.TenantUri(b.Identifier, "/"));
        var home = await homeOnB.BodyAsync();
        Assert.DoesNotContain("secret-a@example.jp", home);
        Assert.DoesNotContain("秘密のユーザーA", home);
    }

    [Fact]
    public async Task A_deactivated_user_cannot_sign_in_and_is_told_so()
    {
        var tenant = await host.NewTenantAsync("deact");
        var user = await host.CreateUserAsync(tenant.Id, "left@example.jp");
        await host.UpdateUserAsync(tenant.Id, user.Id, u => u.IsActive = false);
        using var client = host.CreateLoopbackClient(new CookieContainer());

        var right = await AccountForms.PostLoginAsync(client, host.Login(tenant), "left@example.jp", TestPasswords.Default);
        var wrong = await AccountForms.PostLoginAsync(client, host.Login(tenant), "left@example.jp", "wrong-password-9");

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.False(AccountTestKit.SetsSessionCookie(right));
        Assert.Equal("このアカウントは無効化されています。ワークスペースの管理者にお問い合わせください。", AccountTestKit.StatusMessage(await right.BodyAsync()));
        // Without the password nobody learns the account exists.
        Assert.Equal(InvalidJa, AccountTestKit.StatusMessage(await wrong.BodyAsync()));
    }

    [Fact]
    public async Task Login_page_is_Japanese_by_default_English_for_en_US_and_names_the_workspace()
    {
        var tenant = await host.NewTenantAsync("i18n", "イロハ商事株式会社");
        using var client = host.CreateLoopbackClient(new CookieContainer());

        var ja = await (await client.GetAsync(host.Login(tenant))).BodyAsync();
        Assert.Contains("<html lang=\"ja\"", ja);
        Assert.Contains("<h1>ログイン</h1>", ja);
        Assert.Contains("パスワードをお忘れですか?", ja);
        Assert.Contains("イロハ商事株式会社", ja);

        using var request = new HttpRequestMessage(HttpMethod.Get, host.Login(tenant));
        request.Headers.AcceptLanguage.ParseAdd("en-US");
        var en = await (await client.SendAsync(request)).BodyAsync();
        Assert.Contains("<html lang=\"en\"", en);
        Assert.Contains("<h1>Sign in</h1>", en);
        Assert.Contains("Forgot your password?", en);
        Assert.Contains("イロハ商事株式会社", en);
    }

    [Fact]
    public async Task Validation_messages_are_localized()
    {
        var tenant = await host.NewTenantAsync("valid");
        using var client = host.CreateLoopbackClient(new CookieContainer());

        var ja = await (await AccountForms.PostLoginAsync(client, host.Login(tenant), "", "")).BodyAsync();
        Assert.Contains("メールアドレスを入力してください。", ja);
        Assert.Contains("パスワードを入力してください。", ja);

        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");
        var en = await (await AccountForms.PostLoginAsync(client, host.Login(tenant), "not-an-email", "x")).BodyAsync();
        Assert.Contains("Email is not a valid email address.", en);
    }

    [Theory]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example/phish")]
    [InlineData("/\\evil.example")]
    public async Task Return_url_to_another_site_is_refused(string returnUrl)
    {
        var tenant = await host.NewTenantAsync("redir");
        var email = $"r{Guid.NewGuid():N}@example.jp";
        await host.CreateUserAsync(tenant.Id, email);
        using var client = host.CreateLoopbackClient(new CookieContainer());

        var response = await AccountForms.PostLoginAsync(client, host.Login(tenant, returnUrl), email, TestPasswords.Default);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.DoesNotContain("evil.example", location.ToString());
        Assert.Equal("/", AccountTestKit.LocationPath(response));
    }

    [Fact]
    public async Task Local_return_url_is_honoured()
    {
        var tenant = await host.NewTenantAsync("localret");
        await host.CreateUserAsync(tenant.Id, "back@example.jp");
        using var client = host.CreateLoopbackClient(new CookieContainer());

        var response = await AccountForms.PostLoginAsync(client, host.Login(tenant, "/Account/Manage"), "back@example.jp", TestPasswords.Default);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/Manage", AccountTestKit.LocationPath(response));
        if (response.Headers.Location!.IsAbsoluteUri) Assert.Equal(host.TenantUri(tenant.Identifier).Authority, response.Headers.Location.Authority);
    }
}
