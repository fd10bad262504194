using System.Collections.Concurrent;
using System.Net;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecureAiChat.Core.Provisioning;
using SecureAiChat.Core.Results;

namespace SecureAiChat.Tests.Integration.Provisioning;

/// <summary>
/// The single-use "open workspace" link: offered only to the browser that submitted the signup (bound by an
/// HttpOnly cookie), signs the new admin in once, on the workspace host only. The status id is neither logged
/// nor a Hangfire job argument.
/// </summary>
public sealed class WorkspaceLoginLinkTests(WorkspaceLoginLinkTests.Host app) : IClassFixture<WorkspaceLoginLinkTests.Host>
{
    /// <summary>The provisioning host with every log message of the app and Hangfire captured.</summary>
    public sealed class Host : ProvisioningHost
    {
        public ConcurrentQueue<string> Logs { get; } = new();

        protected override void ConfigureTestServices(IServiceCollection services)
        {
            base.ConfigureTestServices(services);
            services.AddSingleton<ILoggerProvider>(new Capture(Logs));
        }
    }

    [Fact]
    public async Task Submitting_browser_gets_a_login_link_that_signs_in_once_and_is_void_after_use()
    {
        var result = await app.SignUpAsync(ProvisioningHost.ValidForm("link-co", "owner@link.example.jp"));
        var cookies = new CookieContainer();
        using var browser = app.CreateLoopbackClient(cookies);
        var statusPath = await BindAsync(browser, result);
        Assert.Equal($"/signup/status/{result.Value!.StatusId}", statusPath);
        await app.WaitForCompletionAsync(result.Value!.RequestId!);

        var offer = await browser.GetAsync(OfferUri(result));
        Assert.Equal(HttpStatusCode.Redirect, offer.StatusCode);
        var link = offer.Headers.Location!;
        Assert.Equal(app.TenantUri("link-co", WorkspaceLoginLinks.Path).AbsoluteUri, link.GetLeftPart(UriPartial.Path));

        var first = await browser.GetAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("/", first.Headers.Location?.OriginalString);
        Assert.Contains(cookies.GetCookies(app.TenantUri("link-co")), c => c.Name == ".SecureAiChat.Session");
        // The new owner's first visit opens the setup wizard (once); then the home shows the checklist.
        var firstHome = await browser.GetAsync(app.TenantUri("link-co"));
        Assert.Equal(HttpStatusCode.Redirect, firstHome.StatusCode);
        Assert.Equal("/onboarding/wizard", firstHome.Headers.Location?.AbsolutePath);
        var home = await browser.GetAsync(app.TenantUri("link-co"));
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("data-testid=\"onboarding-checklist\"", await home.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var other = app.CreateLoopbackClient(new CookieContainer());
        var second = await other.GetAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.StartsWith("/Account/Login", second.Headers.Location?.OriginalString, StringComparison.Ordinal);

        // A fresh token of the same browser on another workspace's host finds nothing (tenant-owned row).
        var fresh = (await browser.GetAsync(OfferUri(result))).Headers.Location!;
        await app.EnsureTenantAsync("link-other");
        var elsewhere = await other.GetAsync(new Uri(app.TenantUri("link-other"), fresh.PathAndQuery));
        Assert.StartsWith("/Account/Login", elsewhere.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_with_only_the_status_id_sees_progress_but_gets_no_login_link()
    {
        var result = await app.SignUpAsync(ProvisioningHost.ValidForm("bound-co", "owner@bound.example.jp"));
        using var browser = app.CreateLoopbackClient(new CookieContainer());
        await BindAsync(browser, result);
        await app.WaitForCompletionAsync(result.Value!.RequestId!);

        using var stranger = app.CreateLoopbackClient(new CookieContainer());
        var status = await stranger.GetAsync(new Uri(app.PlatformUri, $"/signup/status/{result.Value!.StatusId}"));
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Contains("data-testid=\"status-card\"", await status.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var offer = await stranger.GetAsync(OfferUri(result));
        Assert.Equal(HttpStatusCode.Redirect, offer.StatusCode);
        Assert.Equal($"/signup/status/{result.Value!.StatusId}?link=none", offer.Headers.Location?.OriginalString);
        var loginLinks = await app.TenantDbAsync(
            (await app.RequestAsync(result.Value!.RequestId!))!.TenantId, db => Task.FromResult(db.WorkspaceLoginLinks.Count()));
        Assert.Equal(0, loginLinks);

        // The binding token is spent: replaying it binds no second browser.
        var replay = await stranger.GetAsync(new Uri(app.PlatformUri, $"{SignupBinding.BindPath}?token={Uri.EscapeDataString(result.Value!.BindingToken!)}"));
        Assert.Equal("/signup", replay.Headers.Location?.OriginalString);
        Assert.Equal($"/signup/status/{result.Value!.StatusId}?link=none", (await stranger.GetAsync(OfferUri(result))).Headers.Location?.OriginalString);

        // A forged cookie is refused too.
        var forged = new CookieContainer();
        forged.Add(app.PlatformUri, new Cookie(SignupBinding.CookieName, SignupService.NewRequestId(), "/signup"));
        using var forger = app.CreateLoopbackClient(forged);
        Assert.Equal($"/signup/status/{result.Value!.StatusId}?link=none", (await forger.GetAsync(OfferUri(result))).Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Binding_sets_an_http_only_strict_host_only_cookie()
    {
        var result = await app.SignUpAsync(ProvisioningHost.ValidForm("cookie-co", "owner@cookie.example.jp"));
        using var browser = app.CreateLoopbackClient(new CookieContainer());
        var bind = await browser.GetAsync(new Uri(app.PlatformUri, $"{SignupBinding.BindPath}?token={Uri.EscapeDataString(result.Value!.BindingToken!)}"));
        var header = Assert.Single(bind.Headers.GetValues("Set-Cookie"), h => h.StartsWith(SignupBinding.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", header, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", header, StringComparison.OrdinalIgnoreCase);
        // Only the secret's hash is stored.
        var stored = await app.RequestAsync(result.Value!.RequestId!);
        var secret = header[(SignupBinding.CookieName.Length + 1)..header.IndexOf(';', StringComparison.Ordinal)];
        Assert.NotEqual(secret, stored!.BrowserSecretHash);
        Assert.True(SignupBinding.Matches(stored, secret));
        Assert.Null(stored.BindingTokenHash);
    }

    [Fact]
    public async Task Status_id_is_neither_a_job_argument_nor_in_the_logs()
    {
        var result = await app.SignUpAsync(ProvisioningHost.ValidForm("quiet-co", "owner@quiet.example.jp"));
        using var browser = app.CreateLoopbackClient(new CookieContainer());
        await BindAsync(browser, result);
        var request = await app.WaitForCompletionAsync(result.Value!.RequestId!);
        await browser.GetAsync(OfferUri(result));

        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = connection.GetJobData(request.JobId!)!.Job;
        Assert.Equal(result.Value!.RequestId, job.Args[0]);
        Assert.DoesNotContain(job.Args, a => a?.ToString()?.Contains(result.Value!.StatusId!, StringComparison.Ordinal) == true);

        Assert.Contains(app.Logs, l => l.Contains(result.Value!.RequestId!, StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs, l => l.Contains(result.Value!.StatusId!, StringComparison.Ordinal) || l.Contains(result.Value!.BindingToken!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Login_link_is_not_issued_for_an_unknown_status_id()
    {
        var links = app.Services.GetRequiredService<WorkspaceLoginLinks>();
        Assert.Null(await links.IssueAsync(SignupService.NewRequestId(), SignupService.NewRequestId()));
    }

    private Uri OfferUri(Result<SignupAccepted, SignupProblem> result) => new(app.PlatformUri, $"/signup/open-workspace/{result.Value!.StatusId}");

    /// <summary>What the signup form does after submitting: a full load of the bind address, which redirects to the status page.</summary>
    private async Task<string?> BindAsync(HttpClient browser, Result<SignupAccepted, SignupProblem> result)
    {
        var bind = await browser.GetAsync(new Uri(app.PlatformUri, $"{SignupBinding.BindPath}?token={Uri.EscapeDataString(result.Value!.BindingToken!)}"));
        Assert.Equal(HttpStatusCode.Redirect, bind.StatusCode);
        return bind.Headers.Location?.OriginalString;
    }

    /// <summary>
    /// Every message of the app, Hangfire and EF Core. ASP.NET Core's own request lines are left out: they log
    /// the path at Information, which production configuration keeps off (Microsoft.AspNetCore at Warning).
    /// </summary>
    private sealed class Capture(ConcurrentQueue<string> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, logs);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> logs) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => !category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal);

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel)) logs.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
