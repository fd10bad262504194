using System.Net;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Accounts;

/// <summary>The profile page and the language switch: the profile's culture wins over cookie and browser.</summary>
public sealed class ProfileTests(AccountsAppHost host) : IClassFixture<AccountsAppHost>
{
    [Fact]
    public async Task Saving_the_profile_changes_name_time_zone_and_culture_and_the_page_rerenders_in_the_new_language()
    {
        var tenant = await host.NewTenantAsync("profile");
        var user = await host.CreateUserAsync(tenant.Id, "prof@example.jp");
        using var client = await host.SignInAsync(tenant.Identifier, "prof@example.jp");
        var manage = host.TenantUri(tenant.Identifier, "/Account/Manage");

        var before = await (await client.GetAsync(manage)).BodyAsync();
        Assert.Contains("<h1>プロフィール</h1>", before);
        Assert.Contains("value=\"Asia/Tokyo\" selected", before);

        var saved = await AccountForms.PostFormAsync(client, manage, "profile", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Prof. Yamada",
            ["Input.Culture"] = "en-US",
            ["Input.TimeZoneId"] = "Europe/Berlin",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/Account/Manage", AccountTestKit.LocationPath(saved));

        // No Accept-Language, no culture cookie: English comes from the refreshed sign-in's culture claim.
        var after = await (await client.GetAsync(manage)).BodyAsync();
        Assert.Contains("<html lang=\"en\"", after);
        Assert.Contains("<h1>Profile</h1>", after);
        Assert.Equal("Your profile has been saved.", AccountTestKit.StatusMessage(after));
        Assert.Contains("value=\"Europe/Berlin\" selected", after);

        var stored = await host.FindUserAsync(tenant.Id, user.Id);
        Assert.Equal("Prof. Yamada", stored.DisplayName);
        Assert.Equal("en-US", stored.Culture);
        Assert.Equal("Europe/Berlin", stored.TimeZoneId);
    }

    [Fact]
    public async Task Profile_refuses_an_unknown_time_zone()
    {
        var tenant = await host.NewTenantAsync("badtz");
        var user = await host.CreateUserAsync(tenant.Id, "tz@example.jp");
        using var client = await host.SignInAsync(tenant.Identifier, "tz@example.jp");
        var manage = host.TenantUri(tenant.Identifier, "/Account/Manage");

        var saved = await AccountForms.PostFormAsync(client, manage, "profile", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "x",
            ["Input.Culture"] = "en-US",
            ["Input.TimeZoneId"] = "Mars/Olympus",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = await (await client.GetAsync(manage)).BodyAsync();
        Assert.Equal("選択された言語またはタイムゾーンは使用できません。", AccountTestKit.StatusMessage(page));
        Assert.Equal("Asia/Tokyo", (await host.FindUserAsync(tenant.Id, user.Id)).TimeZoneId);
    }

    [Fact]
    public async Task The_language_switch_saves_the_culture_to_the_profile_of_a_signed_in_user()
    {
        var tenant = await host.NewTenantAsync("switch");
        var user = await host.CreateUserAsync(tenant.Id, "sw@example.jp");
        var jar = new CookieContainer();
        using var client = await host.SignInAsync(tenant.Identifier, "sw@example.jp", cookies: jar);

        var response = await client.GetAsync(host.TenantUri(tenant.Identifier, "/culture/set?culture=en-US&redirectUri=%2FAccount%2FManage"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("en-US", (await host.FindUserAsync(tenant.Id, user.Id)).Culture);

        // Even with a Japanese browser and the culture cookie gone, the profile's English wins.
        foreach (Cookie cookie in jar.GetCookies(host.TenantUri(tenant.Identifier)))
        {
            if (cookie.Name == ".AspNetCore.Culture") cookie.Expired = true;
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, host.TenantUri(tenant.Identifier, "/Account/Manage"));
        request.Headers.AcceptLanguage.ParseAdd("ja-JP");
        var page = await (await client.SendAsync(request)).BodyAsync();
        Assert.Contains("<h1>Profile</h1>", page);
    }

    [Fact]
    public async Task A_cross_site_link_to_the_language_switch_does_not_change_the_profile()
    {
        var tenant = await host.NewTenantAsync("switchx");
        var user = await host.CreateUserAsync(tenant.Id, "swx@example.jp");
        using var client = await host.SignInAsync(tenant.Identifier, "swx@example.jp");

        using var request = new HttpRequestMessage(HttpMethod.Get, host.TenantUri(tenant.Identifier, "/culture/set?culture=en-US&redirectUri=%2F"));
        request.Headers.Add("Sec-Fetch-Site", "cross-site");
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Null((await host.FindUserAsync(tenant.Id, user.Id)).Culture);
    }

    [Fact]
    public async Task Change_password_works_and_requires_the_current_password()
    {
        var tenant = await host.NewTenantAsync("chpw");
        await host.CreateUserAsync(tenant.Id, "ch@example.jp");
        using var client = await host.SignInAsync(tenant.Identifier, "ch@example.jp");
        var page = host.TenantUri(tenant.Identifier, "/Account/Manage/ChangePassword");

        var wrong = await AccountForms.PostFormAsync(client, page, "change-password", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = "not-my-password-1",
            ["Input.NewPassword"] = "another-secret-88",
            ["Input.ConfirmPassword"] = "another-secret-88",
        });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("data-testid=\"identity-errors\"", await wrong.BodyAsync());

        var changed = await AccountForms.PostFormAsync(client, page, "change-password", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = TestPasswords.Default,
            ["Input.NewPassword"] = "another-secret-88",
            ["Input.ConfirmPassword"] = "another-secret-88",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        await host.SignInAsync(tenant.Identifier, "ch@example.jp", "another-secret-88");
    }

    [Fact]
    public async Task Manage_pages_require_sign_in()
    {
        var tenant = await host.NewTenantAsync("anon");
        using var client = host.CreateLoopbackClient(new CookieContainer());

        foreach (var path in new[] { "/Account/Manage", "/Account/Manage/ChangePassword", "/Account/Manage/TwoFactorAuthentication", "/Account/Manage/EnableAuthenticator" })
        {
            var response = await client.GetAsync(host.TenantUri(tenant.Identifier, path));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/Login", AccountTestKit.LocationPath(response), StringComparison.Ordinal);
        }
    }
}
