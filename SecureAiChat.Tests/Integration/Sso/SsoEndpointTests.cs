using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Sso;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Tests.Integration.Accounts;

namespace SecureAiChat.Tests.Integration.Sso;

/// <summary>The challenge endpoint over HTTP: per-host redirect URI, antiforgery, linked workspaces only.</summary>
public sealed class SsoEndpointTests(SsoAppHost host) : IClassFixture<SsoAppHost>
{
    private async Task<HttpResponseMessage> ChallengeAsync(string workspace, bool withToken = true)
    {
        var client = host.CreateLoopbackClient(new CookieContainer());
        var fields = new Dictionary<string, string> { ["returnUrl"] = "/" };
        if (withToken) fields["__RequestVerificationToken"] = await AccountForms.AntiforgeryTokenAsync(client, host.TenantUri(workspace, "/Account/Login"));
        return await client.PostAsync(host.TenantUri(workspace, "/Account/ExternalLogin"), new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task The_challenge_goes_to_the_provider_with_the_redirect_uri_of_the_requesting_workspace_host()
    {
        var tenant = await host.EnsureTenantAsync("sso-chal");
        await using (var scope = await host.TenantScopeAsync(tenant.Id))
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.TenantSsoSettings.Add(new TenantSsoSettings { DirectoryId = SsoAppHost.Contoso });
            await db.SaveChangesAsync();
        }

        var response = await ChallengeAsync(tenant.Identifier);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(host.Peer.Issuer + "/", location.ToString(), StringComparison.Ordinal);
        var query = System.Web.HttpUtility.ParseQueryString(location.Query);
        Assert.Equal(host.TenantUri(tenant.Identifier, "/signin-oidc").ToString(), query["redirect_uri"]);
        Assert.Equal(SsoAppHost.ClientId, query["client_id"]);
        Assert.Equal("code", query["response_type"]);
        Assert.NotNull(query["code_challenge"]);
    }

    [Fact]
    public async Task A_workspace_without_a_linked_directory_gets_no_challenge()
    {
        var tenant = await host.NewTenantAsync("ssonolink");
        var response = await ChallengeAsync(tenant.Identifier);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/SsoRefused?reason=NotLinked", AccountTestKit.LocationPath(response));
    }

    [Fact]
    public async Task The_challenge_needs_the_antiforgery_token()
    {
        var tenant = await host.NewTenantAsync("ssoxsrf");
        var response = await ChallengeAsync(tenant.Identifier, withToken: false);
        // Refused before any challenge (the framework answers an error status, never a redirect to the provider).
        Assert.True((int)response.StatusCode >= 400, $"Expected an error status, got {(int)response.StatusCode}.");
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task The_callback_without_an_external_sign_in_is_refused()
    {
        var tenant = await host.NewTenantAsync("ssocb");
        var response = await host.CreateLoopbackClient().GetAsync(host.TenantUri(tenant.Identifier, "/Account/ExternalLoginCallback?returnUrl=/"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/SsoRefused?reason=Failed", AccountTestKit.LocationPath(response));
    }
}
