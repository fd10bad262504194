using Microsoft.Playwright;
using SecureAiChat.Core.Identity;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Tests.Integration.Team;

namespace SecureAiChat.Tests.E2E.Security;

/// <summary>
/// Chromium opens every page (platform, account, workspace, admin as an Owner, operator console and the Hangfire
/// dashboard) under the real Content-Security-Policy and fails on any violation: a blocked script, style,
/// WebSocket, image or form target shows up as a <c>securitypolicyviolation</c> event or a console error.
/// </summary>
public sealed class ContentSecurityPolicyBrowserTests(TeamAppHost app, BrowserFixture browser) : IClassFixture<TeamAppHost>, IClassFixture<BrowserFixture>
{
    private static readonly string[] PlatformPages = ["/", "/pricing", "/signup", "/contact", "/no-such-page"];

    private static readonly string[] AnonymousAccountPages =
        ["/Account/Login", "/Account/ForgotPassword", "/Account/ResendEmailConfirmation", "/Account/ForgotPasswordConfirmation", "/Account/Lockout"];

    private static readonly string[] WorkspacePages =
    [
        "/", "/chat", "/templates", "/usage", "/guide", "/onboarding", "/onboarding/wizard", "/feedback", "/guidelines",
        "/settings/members", "/settings/ai", "/settings/guidelines", "/settings/security", "/settings/sso", "/settings/plan",
        "/settings/audit", "/settings/data-protection", "/analytics",
        "/Account/Manage", "/Account/Manage/ChangePassword", "/Account/Manage/TwoFactorAuthentication", "/Account/Manage/EnableAuthenticator",
    ];

    private static readonly string[] OperatorPages = ["/ops", "/ops/provisioning", "/ops/leads", "/ops/feedback", "/ops/audit", "/ops/hangfire"];

    [Fact]
    public async Task No_page_violates_the_content_security_policy()
    {
        var identifier = "csp-" + Guid.NewGuid().ToString("N")[..6];
        var tenant = await app.CreateTenantAsync(identifier);
        await app.SeedDefaultsAsync(tenant.Id);
        var owner = await app.CreateUserAsync(tenant.Id, $"owner@{identifier}.example.jp", role: Roles.Owner);
        var violations = new List<string>();

        var visitor = await WatchedPageAsync(violations);
        foreach (var path in PlatformPages) await OpenAsync(visitor, new Uri(app.PlatformUri, path), interactive: true);

        // The watch itself works, and the policy is there: an inline script is refused and reported.
        var probe = await visitor.RunAndWaitForConsoleMessageAsync(
            () => visitor.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.cspProbe = 1'; document.body.appendChild(s); }"),
            new() { Predicate = m => m.Text.Contains("securitypolicyviolation script-src", StringComparison.Ordinal), Timeout = 10_000 });
        Assert.Contains("inline", probe.Text, StringComparison.Ordinal);
        Assert.Null(await visitor.EvaluateAsync<int?>("() => window.cspProbe ?? null"));
        lock (violations) violations.Clear();
        foreach (var path in AnonymousAccountPages) await OpenAsync(visitor, app.TenantUri(identifier, path), interactive: false);

        var ownerPage = await WatchedPageAsync(violations);
        await ownerPage.SignInAsync(app.TenantUri(identifier), owner.Email!);
        foreach (var path in WorkspacePages)
            await OpenAsync(ownerPage, app.TenantUri(identifier, path), interactive: !path.StartsWith("/Account/", StringComparison.Ordinal));

        var operatorPage = await WatchedPageAsync(violations);
        var operatorEmail = await app.CreateOperatorAsync();
        await operatorPage.SignInAsync(app.PlatformUri, operatorEmail, authenticatorKey: app.OperatorAuthenticatorKey(operatorEmail));
        foreach (var path in OperatorPages)
            await OpenAsync(operatorPage, new Uri(app.PlatformUri, path), interactive: !path.StartsWith("/ops/hangfire", StringComparison.Ordinal));

        Assert.Empty(violations);
    }

    private async Task<IPage> WatchedPageAsync(List<string> violations)
    {
        var page = await browser.NewPageAsync();
        // Injected by the browser itself (not as an inline script), so the policy under test does not block it.
        await page.AddInitScriptAsync("""
            document.addEventListener('securitypolicyviolation', e =>
              console.error(`securitypolicyviolation ${e.violatedDirective} ${e.blockedURI} at ${location.pathname}`));
            """);
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && (message.Text.Contains("securitypolicyviolation", StringComparison.Ordinal) ||
                                            message.Text.Contains("Content Security Policy", StringComparison.Ordinal)))
            {
                lock (violations) violations.Add($"{page.Url}: {message.Text}");
            }
        };
        return page;
    }

    private static async Task OpenAsync(IPage page, Uri uri, bool interactive)
    {
        var response = await page.GotoAsync(uri.ToString(), new() { WaitUntil = WaitUntilState.Load });
        Assert.NotNull(response);
        Assert.True(response.Status < 500, $"{uri}: {response.Status}");
        if (interactive) await page.WaitForInteractiveAsync();
    }
}
