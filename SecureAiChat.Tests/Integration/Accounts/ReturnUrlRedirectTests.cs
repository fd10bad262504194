using System.Net;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Tests.Unit.Accounts;

namespace SecureAiChat.Tests.Integration.Accounts;

/// <summary>Every hostile return URL, through the real sign-in form and culture switch: the Location header stays on the host.</summary>
public sealed class ReturnUrlRedirectTests(AccountsAppHost host) : IClassFixture<AccountsAppHost>
{
    [Fact]
    public async Task Signing_in_with_a_hostile_return_url_never_redirects_off_the_host()
    {
        var tenant = await host.NewTenantAsync("retu");
        await host.CreateUserAsync(tenant.Id, "member@example.jp");
        var origin = host.TenantUri(tenant.Identifier);
        foreach (var returnUrl in ReturnUrlCorpus.Hostile.Concat(ReturnUrlCorpus.Local))
        {
            using var client = host.CreateLoopbackClient(new CookieContainer());
            var response = await AccountForms.PostLoginAsync(client, host.Login(tenant, returnUrl), "member@example.jp", TestPasswords.Default);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{Show(returnUrl)}: {(int)response.StatusCode}");
            AssertStaysOn(origin, response, returnUrl);
        }
    }

    [Fact]
    public async Task Switching_the_language_with_a_hostile_return_url_never_redirects_off_the_host()
    {
        var tenant = await host.NewTenantAsync("retc");
        var origin = host.TenantUri(tenant.Identifier);
        using var client = host.CreateLoopbackClient(new CookieContainer());
        foreach (var returnUrl in ReturnUrlCorpus.Hostile)
        {
            var response = await client.GetAsync(new Uri(origin, "/culture/set?culture=en-US&redirectUri=" + Uri.EscapeDataString(returnUrl)));
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{Show(returnUrl)}: {(int)response.StatusCode}");
            AssertStaysOn(origin, response, returnUrl);
            Assert.Equal("/", AccountTestKit.LocationPath(response));
        }
    }

    /// <summary>Reads the Location header as a lenient browser would (tabs and newlines dropped, "\" as "/").</summary>
    private static void AssertStaysOn(Uri origin, HttpResponseMessage response, string returnUrl)
    {
        var raw = response.Headers.TryGetValues("Location", out var values) ? values.Single() : throw new InvalidOperationException("No Location.");
        var browser = new string(raw.Where(c => c is not ('\t' or '\r' or '\n')).ToArray()).Trim().Replace('\\', '/');
        var target = new Uri(origin, browser);
        Assert.True(target.Host == origin.Host && target.Port == origin.Port && target.Scheme == origin.Scheme,
            $"{Show(returnUrl)} redirected to {raw}");
        Assert.False(browser.StartsWith("//", StringComparison.Ordinal), $"{Show(returnUrl)} redirected to {raw}");
    }

    private static string Show(string url) => Uri.EscapeDataString(url.Length > 60 ? url[..60] : url);
}
