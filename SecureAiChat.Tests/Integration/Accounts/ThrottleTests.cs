using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Security;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Accounts;

/// <summary>The app with low throttle limits; clients play different addresses through the test address header.</summary>
public sealed class ThrottleAppHost : AppHost
{
    public const int SignInPermits = 6;
    public const int AccountMailPermits = 3;

    public ThrottleAppHost()
    {
        Configure("Throttle:SignIn:Permits", SignInPermits.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Configure("Throttle:SignInFailures:Permits", "3");
        Configure("Throttle:Feedback:Permits", "2");
        Configure("Throttle:AccountMail:Permits", AccountMailPermits.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>Throttling by client address and by address and account, counted in the database.</summary>
public sealed class ThrottleTests(ThrottleAppHost host) : IClassFixture<ThrottleAppHost>
{
    private HttpClient ClientAt(string address, string? language = null)
    {
        var client = host.CreateLoopbackClient(new CookieContainer());
        client.DefaultRequestHeaders.Add(AppHost.ClientAddressHeader, address);
        if (language is not null) client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    [Fact]
    public async Task An_attacker_failing_from_one_address_cannot_lock_the_owner_out_signing_in_from_another()
    {
        var tenant = await host.NewTenantAsync("owner-lock");
        await host.CreateUserAsync(tenant.Id, "owner@example.jp", role: SecureAiChat.Core.Identity.Roles.Owner);
        using var attacker = ClientAt("198.51.100.7");
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await AccountForms.PostLoginAsync(attacker, host.Login(tenant), "owner@example.jp", "guess-" + i)).StatusCode);

        var refused = await AccountForms.PostLoginAsync(attacker, host.Login(tenant), "owner@example.jp", TestPasswords.Default);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.False(AccountTestKit.SetsSessionCookie(refused));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await AccountForms.PostLoginAsync(attacker, host.Login(tenant), "owner@example.jp", "again")).StatusCode);
        // The refusal is audited once per window (a flood of refused posts is not a flood of entries), without the password.
        var throttled = await host.TenantDbAsync(tenant.Id, db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == AuditActions.SignInFailed && e.Details!.Contains("\"reason\":\"throttled\"")).ToListAsync());
        var entry = Assert.Single(throttled);
        Assert.Equal(("ow***@example.jp", AuditActorKind.Anonymous, "198.51.100.7"), (entry.TargetDisplay, entry.ActorKind, entry.ClientAddress));
        Assert.DoesNotContain(TestPasswords.Default, entry.Details, StringComparison.Ordinal);

        using var owner = ClientAt("203.0.113.20");
        var signedIn = await AccountForms.PostLoginAsync(owner, host.Login(tenant), "owner@example.jp", TestPasswords.Default);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.True(AccountTestKit.SetsSessionCookie(signedIn));
    }

    [Fact]
    public async Task A_password_spray_over_many_accounts_from_one_address_is_stopped_with_a_localized_429()
    {
        var tenant = await host.NewTenantAsync("spray");
        for (var i = 0; i <= ThrottleAppHost.SignInPermits; i++) await host.CreateUserAsync(tenant.Id, $"user{i}@example.jp");
        using var sprayer = ClientAt("198.51.100.8", "en-US");
        for (var i = 0; i < ThrottleAppHost.SignInPermits; i++)
            Assert.Equal(HttpStatusCode.OK, (await AccountForms.PostLoginAsync(sprayer, host.Login(tenant), $"user{i}@example.jp", "Summer2026!")).StatusCode);

        var stopped = await AccountForms.PostLoginAsync(sprayer, host.Login(tenant), $"user{ThrottleAppHost.SignInPermits}@example.jp", "Summer2026!");

        Assert.Equal(HttpStatusCode.TooManyRequests, stopped.StatusCode);
        var wait = stopped.Headers.RetryAfter?.Delta ?? throw new InvalidOperationException("No Retry-After.");
        Assert.InRange(wait, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(15));
        var html = await stopped.BodyAsync();
        Assert.Contains("Too many attempts", html, StringComparison.Ordinal);
        Assert.Contains($"data-retry-after=\"{(int)wait.TotalSeconds}\"", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        var spray = await host.TenantDbAsync(tenant.Id, db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == AuditActions.SignInFailed && e.Details!.Contains("\"reason\":\"throttled\"")).ToListAsync());
        Assert.Equal("198.51.100.8", Assert.Single(spray).ClientAddress);

        // Another address is not affected, and the Japanese page is the default.
        using var other = ClientAt("198.51.100.9");
        Assert.Equal(HttpStatusCode.OK, (await AccountForms.PostLoginAsync(other, host.Login(tenant), "user0@example.jp", "x-wrong-1")).StatusCode);
    }

    [Fact]
    public async Task Forgot_password_is_throttled_per_address()
    {
        var tenant = await host.NewTenantAsync("forgot");
        using var client = ClientAt("198.51.100.10");
        var page = host.TenantUri(tenant.Identifier, "/Account/ForgotPassword");
        for (var i = 0; i < ThrottleAppHost.AccountMailPermits; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await AccountForms.PostFormAsync(client, page, "forgot-password", Email($"x{i}@example.jp"))).StatusCode);

        var refused = await AccountForms.PostFormAsync(client, page, "forgot-password", Email("victim@example.jp"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("試行回数が多すぎます", await refused.BodyAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_instances_sharing_the_database_enforce_one_limit()
    {
        // Two throttles with their own DbContext factories over the one database: as two app instances would be.
        var rule = ThrottleRule.Of("signup", 4, TimeSpan.FromHours(1));
        await using var first = host.Services.CreateAsyncScope();
        await using var second = host.Services.CreateAsyncScope();
        var a = first.ServiceProvider.GetRequiredService<AttemptThrottle>();
        var b = second.ServiceProvider.GetRequiredService<AttemptThrottle>();
        var address = "192.0.2." + Random.Shared.Next(1, 250);

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? a : b).TakeAsync(rule, address)));

        Assert.Equal(4, results.Count(r => r.Allowed));
        Assert.True((await b.TakeAsync(ThrottleRule.Of("sales", 4, TimeSpan.FromHours(1)), address)).Allowed); // per action
        Assert.False((await a.PeekAsync(rule, address)).Allowed);
    }

    [Fact]
    public async Task Feedback_is_limited_per_member()
    {
        var tenant = await host.NewTenantAsync("feedback");
        var member = await host.CreateUserAsync(tenant.Id, "talker@example.jp");
        var other = await host.CreateUserAsync(tenant.Id, "quiet@example.jp");
        await using var scope = await host.TenantScopeAsync(tenant.Id);
        var feedback = scope.ServiceProvider.GetRequiredService<SecureAiChat.Core.Feedback.FeedbackService>();
        for (var i = 0; i < 2; i++) Assert.True((await feedback.SubmitAsync(member.Id, 4, "意見 " + i)).Succeeded);

        Assert.Equal(SecureAiChat.Core.Feedback.FeedbackError.TooMany, (await feedback.SubmitAsync(member.Id, 4, "もう一件")).Code);
        Assert.True((await feedback.SubmitAsync(other.Id, 5, "別の人")).Succeeded);
    }

    private static Dictionary<string, string> Email(string email) => new() { ["Input.Email"] = email };
}
