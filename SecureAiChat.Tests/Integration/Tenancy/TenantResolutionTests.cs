using System.Net;
using SecureAiChat.Core.Tenancy;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Tenancy;

public sealed class TenantResolutionTests(AppHost app) : IClassFixture<AppHost>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await app.EnsureTenantAsync("acme", "アクメ株式会社");
        await app.EnsureTenantAsync("frozen", "Frozen Inc.", TenantStatus.Suspended);
        await app.EnsureTenantAsync("newco", "NewCo", TenantStatus.Provisioning);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Root_host_serves_the_platform_site()
    {
        using var client = app.CreateLoopbackClient();
        var response = await client.GetAsync(app.PlatformUri);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"hero-title\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Known_tenant_host_serves_its_workspace_sign_in()
    {
        using var client = app.CreateLoopbackClient(allowRedirects: true);
        var response = await client.GetAsync(app.TenantUri("acme", "/Account/Login"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Known_tenant_home_requires_sign_in()
    {
        using var client = app.CreateLoopbackClient();
        var response = await client.GetAsync(app.TenantUri("acme"));
        // The prerendered home redirects anonymous visitors to the sign-in page of the same host.
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location!.ToString());
    }

    [Theory]
    [InlineData("nosuch")]
    [InlineData("admin")] // reserved: can never be a workspace
    [InlineData("a.b")] // nested subdomain
    public async Task Unknown_reserved_or_malformed_host_gets_404_workspace_not_found(string identifier)
    {
        using var client = app.CreateLoopbackClient();
        var response = await client.GetAsync(app.TenantUri(identifier));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-reason=\"NotFound\"", html);
        Assert.Contains("ワークスペースが見つかりません", html);
        Assert.Contains($"href=\"http://localhost:{app.Port}/\"", html);
    }

    [Fact]
    public async Task Unknown_host_serves_nothing_else_either()
    {
        using var client = app.CreateLoopbackClient();
        foreach (var path in new[] { "/app.css", "/health/ready", "/_blazor/negotiate", "/Account/Login" })
        {
            var response = await client.GetAsync(app.TenantUri("nosuch", path));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task Suspended_tenant_gets_its_own_page_and_no_data()
    {
        using var client = app.CreateLoopbackClient();
        var response = await client.GetAsync(app.TenantUri("frozen", "/Account/Login"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-reason=\"Suspended\"", html);
        Assert.DoesNotContain("Frozen Inc.", html);
    }

    [Fact]
    public async Task Provisioning_tenant_asks_to_retry_shortly()
    {
        using var client = app.CreateLoopbackClient();
        var response = await client.GetAsync(app.TenantUri("newco"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains("data-reason=\"Provisioning\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Not_found_page_follows_accept_language()
    {
        using var client = app.CreateLoopbackClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, app.TenantUri("nosuch"));
        request.Headers.AcceptLanguage.ParseAdd("en-US");
        var html = await (await client.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains("Workspace not found", html);
    }

    [Fact]
    public async Task Resolution_ignores_the_port_and_case()
    {
        var resolver = app.Services.GetRequiredService<IServiceScopeFactory>();
        await using var scope = resolver.CreateAsyncScope();
        var tenants = scope.ServiceProvider.GetRequiredService<ITenantResolver<AppTenantInfo>>();
        var context = await tenants.ResolveAsync("ACME.localhost");
        Assert.True(context.IsResolved);
        Assert.Equal("アクメ株式会社", context.TenantInfo!.Name);
    }

    [Fact]
    public async Task Health_endpoints_answer_on_the_platform_host()
    {
        using var client = app.CreateLoopbackClient();
        Assert.Equal("Healthy", await client.GetStringAsync(new Uri(app.PlatformUri, "/health/live")));
        Assert.Equal("Healthy", await client.GetStringAsync(new Uri(app.PlatformUri, "/health/ready")));
    }
}
