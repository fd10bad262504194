using System.Net;
using SecureAiChat.Core.Identity;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Security;

/// <summary>Every kind of response carries the browser-side defences (docs/security-headers.md).</summary>
public sealed class SecurityHeadersTests(AppHost app) : IClassFixture<AppHost>
{
    private const string Tenant = "headers";

    public static TheoryData<string, string> Responses => new()
    {
        { "platform", "/" },
        { "platform", "/pricing" },
        { "platform", "/app.css" },
        { "platform", "/_framework/blazor.web.js" },
        { "platform", "/no-such-page" },
        { "platform", "/health/live" },
        { "platform", "/culture/set?culture=en&redirectUri=/" },
        { "tenant", "/Account/Login" },
        { "tenant", "/Account/ForgotPassword" },
        { "tenant", "/chat" },
        { "tenant", "/no-such-page" },
    };

    [Theory]
    [MemberData(nameof(Responses))]
    public async Task Every_response_carries_the_security_headers(string host, string path)
    {
        await app.EnsureTenantAsync(Tenant);
        using var client = app.CreateLoopbackClient();
        var uri = host == "platform" ? new Uri(app.PlatformUri, path) : app.TenantUri(Tenant, path);

        using var response = await client.GetAsync(uri);

        Assert.True((int)response.StatusCode < 500, $"{path}: {(int)response.StatusCode}");
        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp + ";", StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("base-uri 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("form-action 'self'", csp, StringComparison.Ordinal);
        Assert.Contains($"connect-src 'self' ws://{uri.Authority}", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        var permissions = Header(response, "Permissions-Policy");
        Assert.Contains("camera=()", permissions, StringComparison.Ordinal);
        Assert.Contains("microphone=()", permissions, StringComparison.Ordinal);
        Assert.Contains("geolocation=()", permissions, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_in_page_and_an_export_endpoint_carry_the_headers()
    {
        var tenant = await app.EnsureTenantAsync(Tenant);
        var owner = await app.CreateUserAsync(tenant.Id, $"{Guid.NewGuid():N}@example.jp", role: Roles.Owner);
        using var client = await app.SignInAsync(Tenant, owner.Email!);

        foreach (var path in new[] { "/settings/members", "/usage/export.csv" })
        {
            using var response = await client.GetAsync(app.TenantUri(Tenant, path));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        }
    }

    [Fact]
    public async Task Only_the_hangfire_dashboard_may_run_inline_script()
    {
        using var client = app.CreateLoopbackClient();

        using var dashboard = await client.GetAsync(new Uri(app.PlatformUri, "/ops/hangfire"));
        using var page = await client.GetAsync(app.PlatformUri);

        var dashboardPolicy = Header(dashboard, "Content-Security-Policy");
        Assert.Contains("script-src 'self' 'unsafe-inline'", dashboardPolicy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", dashboardPolicy, StringComparison.Ordinal);
        Assert.DoesNotContain("'unsafe-inline'", Header(page, "Content-Security-Policy").Split("style-src")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_carry_no_inline_script()
    {
        await app.EnsureTenantAsync(Tenant);
        using var client = app.CreateLoopbackClient();
        foreach (var uri in new[] { app.PlatformUri, new Uri(app.PlatformUri, "/signup"), app.TenantUri(Tenant, "/Account/Login") })
        {
            var html = await client.GetStringAsync(uri);
            foreach (System.Text.RegularExpressions.Match script in System.Text.RegularExpressions.Regex.Matches(html, "<script(?<attrs>[^>]*)>"))
                Assert.Contains("src=", script.Groups["attrs"].Value, StringComparison.Ordinal);
        }
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{response.RequestMessage?.RequestUri}: no {name} header");
}
