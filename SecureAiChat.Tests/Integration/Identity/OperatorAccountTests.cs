using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Identity;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Identity;

public sealed class OperatorAccountTests(AppHost app) : IClassFixture<AppHost>
{
    [Fact]
    public async Task An_operator_signs_in_on_the_platform_host_only()
    {
        var email = $"ops-{Guid.NewGuid():N}@example.com";
        var created = await app.Services.GetRequiredService<OperatorAccounts>().CreateAsync(email, TestPasswords.Default, "Ops");
        Assert.True(created.Succeeded);
        await app.EnsureTenantAsync("opsprobe");

        using var platform = app.CreateLoopbackClient();
        var ok = await AccountForms.PostLoginAsync(platform, new Uri(app.PlatformUri, "/Account/Login"), email, TestPasswords.Default);
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);

        using var tenant = app.CreateLoopbackClient();
        var refused = await AccountForms.PostLoginAsync(tenant, app.TenantUri("opsprobe", "/Account/Login"), email, TestPasswords.Default);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode); // the form again, with the error
        var cookies = refused.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];
        Assert.DoesNotContain(cookies, c => c.StartsWith(".SecureAiChat.Session", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Creating_an_operator_enforces_the_password_policy()
    {
        var result = await app.Services.GetRequiredService<OperatorAccounts>().CreateAsync($"weak-{Guid.NewGuid():N}@example.com", "short", "Weak");
        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Code == "PasswordTooShort");
    }
}
