using System.Net;
using Microsoft.EntityFrameworkCore;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Accounts;

/// <summary>Server-side sessions: sign-out ends a copied cookie at once, the absolute lifetime, operators' required 2FA.</summary>
public sealed class ServerSessionTests(AccountsAppHost host) : IClassFixture<AccountsAppHost>
{
    [Fact]
    public async Task A_copied_session_cookie_stops_working_once_the_session_signs_out()
    {
        var tenant = await host.NewTenantAsync("signout");
        await host.CreateUserAsync(tenant.Id, "leaver@example.jp");
        var jar = new CookieContainer();
        using var original = await host.SignInAsync(tenant.Identifier, "leaver@example.jp", cookies: jar);
        var home = host.TenantUri(tenant.Identifier, "/Account/Manage");
        using var copy = host.CreateLoopbackClient(CopyOf(jar, home));
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync(home)).StatusCode);

        var token = await AccountForms.AntiforgeryTokenAsync(original, home);
        var signOut = await original.PostAsync(host.TenantUri(tenant.Identifier, "/Account/Logout"),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["returnUrl"] = "/" }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        var after = await copy.GetAsync(home);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/Account/Login", AccountTestKit.LocationPath(after), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_ends_after_its_absolute_lifetime_however_active_it_is()
    {
        var tenant = await host.NewTenantAsync("lifetime");
        var user = await host.CreateUserAsync(tenant.Id, "busy@example.jp");
        using var session = await host.SignInAsync(tenant.Identifier, "busy@example.jp");
        var home = host.TenantUri(tenant.Identifier, "/Account/Manage");
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync(home)).StatusCode);
        var row = await host.TenantDbAsync(tenant.Id, db => db.UserSessions.AsNoTracking().SingleAsync(s => s.UserId == user.Id));
        Assert.Equal(TimeSpan.FromHours(12), row.ExpiresAt - row.CreatedAt); // Accounts:SessionLifetime default

        // The lifetime runs out (the row's end moves into the past instead of waiting 12 hours).
        await host.TenantDbAsync(tenant.Id, db => db.UserSessions.Where(s => s.Id == row.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1))));

        var after = await session.GetAsync(home);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/Account/Login", AccountTestKit.LocationPath(after), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operator_without_two_factor_can_use_nothing_but_the_authenticator_setup()
    {
        var email = await host.CreateOperatorAsync(withAuthenticator: false);
        using var ops = host.CreateLoopbackClient(new CookieContainer());
        var password = await AccountForms.PostLoginAsync(ops, new Uri(host.PlatformUri, "/Account/Login"), email, TestPasswords.Default);
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);

        foreach (var path in new[] { "/ops", "/ops/feedback", "/ops/leads" })
        {
            var response = await ops.GetAsync(new Uri(host.PlatformUri, path));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/Account/Manage/EnableAuthenticator?required=1", AccountTestKit.LocationPath(response));
        }
        var setup = await (await ops.GetAsync(new Uri(host.PlatformUri, "/Account/Manage/EnableAuthenticator?required=1"))).BodyAsync();
        Assert.Contains("運用担当者は 2 段階認証が必須です", setup, StringComparison.Ordinal);

        // With an authenticator the console opens.
        var withTwoFactor = await host.CreateOperatorAsync();
        using var ready = host.CreateLoopbackClient(new CookieContainer());
        await host.SignInOperatorAsync(ready, withTwoFactor);
        Assert.Equal(HttpStatusCode.OK, (await ready.GetAsync(new Uri(host.PlatformUri, "/ops"))).StatusCode);
    }

    private static CookieContainer CopyOf(CookieContainer jar, Uri uri)
    {
        var copy = new CookieContainer();
        foreach (Cookie cookie in jar.GetCookies(uri)) copy.Add(uri, new Cookie(cookie.Name, cookie.Value));
        return copy;
    }
}
