using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Provisioning;

namespace SecureAiChat.Tests.Integration.Provisioning;

/// <summary>The single-use "open workspace" link: signs the new admin in once, on the workspace host only.</summary>
public sealed class WorkspaceLoginLinkTests(ProvisioningHost app) : IClassFixture<ProvisioningHost>
{
    [Fact]
    public async Task Provisioning_login_link_signs_in_once_and_is_void_after_use()
    {
        var result = await app.SignUpAsync(ProvisioningHost.ValidForm("link-co", "owner@link.example.jp"));
        await app.WaitForCompletionAsync(result.RequestId!);
        var links = app.Services.GetRequiredService<WorkspaceLoginLinks>();

        var link = await links.IssueAsync(result.RequestId!);
        Assert.NotNull(link);
        Assert.Equal(app.TenantUri("link-co", WorkspaceLoginLinks.Path).AbsoluteUri, link.GetLeftPart(UriPartial.Path));

        var cookies = new CookieContainer();
        using var client = app.CreateLoopbackClient(cookies);
        var first = await client.GetAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("/", first.Headers.Location?.OriginalString);
        Assert.Contains(cookies.GetCookies(app.TenantUri("link-co")), c => c.Name == ".SecureAiChat.Session");
        // The new owner's first visit opens the setup wizard (once); then the home shows the checklist.
        var firstHome = await client.GetAsync(app.TenantUri("link-co"));
        Assert.Equal(HttpStatusCode.Redirect, firstHome.StatusCode);
        Assert.Equal("/onboarding/wizard", firstHome.Headers.Location?.AbsolutePath);
        var home = await client.GetAsync(app.TenantUri("link-co"));
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("data-testid=\"onboarding-checklist\"", await home.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var other = app.CreateLoopbackClient(new CookieContainer());
        var second = await other.GetAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.StartsWith("/Account/Login", second.Headers.Location?.OriginalString, StringComparison.Ordinal);

        // The same token on another workspace's host finds nothing (tenant-owned row).
        var fresh = await links.IssueAsync(result.RequestId!);
        await app.EnsureTenantAsync("link-other");
        var elsewhere = await other.GetAsync(new Uri(app.TenantUri("link-other"), fresh!.PathAndQuery));
        Assert.StartsWith("/Account/Login", elsewhere.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Provisioning_login_link_is_not_issued_for_an_unknown_request()
    {
        var links = app.Services.GetRequiredService<WorkspaceLoginLinks>();
        Assert.Null(await links.IssueAsync(SignupService.NewRequestId()));
    }
}
