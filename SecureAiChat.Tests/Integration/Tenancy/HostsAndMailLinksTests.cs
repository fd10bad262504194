using System.Net;
using System.Text.RegularExpressions;
using SecureAiChat.Core.Identity;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Tests.Integration.Accounts;

namespace SecureAiChat.Tests.Integration.Tenancy;

/// <summary>
/// Only the root domain, www and workspaces are served; links in mail come from configuration whatever Host the
/// request carried; the mailed confirmation and reset links work when followed (real mail in the pickup folder).
/// </summary>
public sealed partial class HostsAndMailLinksTests(AppHost app) : IClassFixture<AppHost>
{
    [Theory]
    [InlineData("evil.example")]
    [InlineData("127.0.0.1")]
    [InlineData("localhost.evil.example")]
    [InlineData("acme.localhost.evil.example")]
    public async Task A_host_outside_the_root_domain_gets_a_plain_400_without_a_redirect(string host)
    {
        using var client = app.CreateLoopbackClient();
        foreach (var path in new[] { "/", "/Account/Login", "/Account/ForgotPassword", "/pricing" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(app.PlatformUri, path));
            request.Headers.Host = $"{host}:{app.Port}";
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Null(response.Headers.Location);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("www.localhost")]
    public async Task The_root_domain_and_www_are_the_platform_site(string host)
    {
        using var client = app.CreateLoopbackClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, app.PlatformUri);
        request.Headers.Host = $"{host}:{app.Port}";
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Forwarded_headers_from_an_untrusted_peer_cannot_smuggle_another_host()
    {
        // Nothing is configured as a proxy here, so even loopback's X-Forwarded-Host is ignored: a workspace
        // that does not exist would answer 404, a foreign host 400; the platform page answers instead.
        using var client = app.CreateLoopbackClient();
        foreach (var forwarded in new[] { "evil.example", $"no-such-workspace.localhost:{app.Port}" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, app.PlatformUri);
            request.Headers.Add("X-Forwarded-Host", forwarded);
            request.Headers.Add("X-Forwarded-For", "203.0.113.7");
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Health_probes_answer_on_any_host()
    {
        using var client = app.CreateLoopbackClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(app.PlatformUri, "/health/live"));
        request.Headers.Host = $"10.0.0.7:{app.Port}";
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_forged_host_port_or_forwarded_host_does_not_change_the_mailed_reset_link()
    {
        var tenant = await app.NewTenantAsync("forge");
        const string email = "victim@example.jp";
        await app.CreateUserAsync(tenant.Id, email, role: Roles.Owner);
        using var client = app.CreateLoopbackClient(new CookieContainer());
        var page = app.TenantUri(tenant.Identifier, "/Account/ForgotPassword");
        var forgedHost = $"{tenant.Identifier}.localhost:1";

        using (var get = new HttpRequestMessage(HttpMethod.Get, page))
        {
            get.Headers.Host = forgedHost;
            using var form = await client.SendAsync(get);
            var token = AccountTestKit.HiddenInput(await form.Content.ReadAsStringAsync(), "__RequestVerificationToken");
            using var post = new HttpRequestMessage(HttpMethod.Post, page)
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = token, ["_handler"] = "forgot-password", ["Input.Email"] = email,
                }),
            };
            post.Headers.Host = forgedHost;
            post.Headers.Add("X-Forwarded-Host", "evil.example");
            post.Headers.Add("X-Forwarded-Proto", "https");
            using var response = await client.SendAsync(post);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        var link = MailedLink(app, email, "/Account/ResetPassword");
        Assert.Equal(app.TenantUri(tenant.Identifier, "/Account/ResetPassword").GetLeftPart(UriPartial.Path), link.GetLeftPart(UriPartial.Path));
    }

    [Fact]
    public async Task The_resent_confirmation_link_confirms_the_address_when_followed()
    {
        var tenant = await app.NewTenantAsync("resend");
        const string email = "unconfirmed@example.jp";
        var user = await app.CreateUserAsync(tenant.Id, email, role: Roles.Owner);
        await app.UpdateUserAsync(tenant.Id, user.Id, u => u.EmailConfirmed = false);
        using var client = app.CreateLoopbackClient(new CookieContainer());

        var resent = await AccountForms.PostFormAsync(client, app.TenantUri(tenant.Identifier, "/Account/ResendEmailConfirmation"),
            "resend-email-confirmation", new Dictionary<string, string> { ["Input.Email"] = email });
        Assert.Equal(HttpStatusCode.OK, resent.StatusCode);

        var link = MailedLink(app, email, "/Account/ConfirmEmail");
        Assert.Equal(app.TenantUri(tenant.Identifier, "/Account/ConfirmEmail").GetLeftPart(UriPartial.Path), link.GetLeftPart(UriPartial.Path));
        using var confirmed = await client.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.True((await app.FindUserAsync(tenant.Id, user.Id)).EmailConfirmed);
    }

    [Fact]
    public async Task An_owner_who_never_confirmed_can_reset_the_password_and_that_confirms_the_address()
    {
        var tenant = await app.NewTenantAsync("neverconf");
        const string email = "new-owner@example.jp";
        var user = await app.CreateUserAsync(tenant.Id, email, role: Roles.Owner);
        await app.UpdateUserAsync(tenant.Id, user.Id, u => u.EmailConfirmed = false);
        using var client = app.CreateLoopbackClient(new CookieContainer());

        await AccountForms.PostFormAsync(client, app.TenantUri(tenant.Identifier, "/Account/ForgotPassword"), "forgot-password",
            new Dictionary<string, string> { ["Input.Email"] = email });
        var link = MailedLink(app, email, "/Account/ResetPassword");
        var page = await (await client.GetAsync(link)).BodyAsync();
        var reset = await AccountForms.PostFormAsync(client, link, "reset-password", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = "brand-new-secret-7",
            ["Input.ConfirmPassword"] = "brand-new-secret-7",
            ["Input.Code"] = AccountTestKit.HiddenInput(page, "Input.Code"),
        });
        Assert.Equal("/Account/ResetPasswordConfirmation", AccountTestKit.LocationPath(reset));

        Assert.True((await app.FindUserAsync(tenant.Id, user.Id)).EmailConfirmed);
        await app.SignInAsync(tenant.Identifier, email, "brand-new-secret-7");
    }

    /// <summary>The one link to <paramref name="path"/> in the plain-text part of the mail to <paramref name="address"/>.</summary>
    private static Uri MailedLink(AppHost app, string address, string path)
    {
        var mail = Assert.Single(app.PickedUpMailTo(address));
        var links = LinkPattern().Matches(mail.TextBody ?? "").Select(m => new Uri(m.Value))
            .Where(u => u.AbsolutePath == path).Distinct().ToList();
        var link = Assert.Single(links);
        // The HTML part must carry the same link, encoded once.
        Assert.Contains("href=\"" + WebUtility.HtmlEncode(link.OriginalString) + "\"", mail.HtmlBody, StringComparison.Ordinal);
        return link;
    }

    [GeneratedRegex(@"https?://[^\s""<>]+")]
    private static partial Regex LinkPattern();
}
