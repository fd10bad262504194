using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Accounts;

public static partial class AccountTestKit
{
    public const string SessionCookie = ".SecureAiChat.Session";

    /// <summary>A fresh active tenant with a unique identifier (tests in a class share one database).</summary>
    public static Task<AppTenantInfo> NewTenantAsync(this AppHost host, string prefix, string? name = null) =>
        host.CreateTenantAsync($"{prefix}-{Guid.NewGuid().ToString("N")[..8]}", name);

    public static Uri Login(this AppHost host, AppTenantInfo tenant, string? returnUrl = null) =>
        host.TenantUri(tenant.Identifier, "/Account/Login" + (returnUrl is null ? "" : "?returnUrl=" + Uri.EscapeDataString(returnUrl)));

    public static async Task<string> BodyAsync(this HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    /// <summary>The text of the page's status message (error or success), or null.</summary>
    public static string? StatusMessage(string html)
    {
        var match = StatusPattern().Match(html);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value).Trim() : null;
    }

    public static bool SetsSessionCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
        && cookies.Any(c => c.StartsWith(SessionCookie + "=", StringComparison.Ordinal) && !c.StartsWith(SessionCookie + "=;", StringComparison.Ordinal));

    public static string LocationPath(HttpResponseMessage response)
    {
        var location = response.Headers.Location ?? throw new InvalidOperationException($"No Location header ({(int)response.StatusCode}).");
        return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }

    public static async Task UpdateUserAsync(this AppHost host, string tenantId, string userId, Action<AppUser> change)
    {
        await using var scope = await host.TenantScopeAsync(tenantId);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByIdAsync(userId) ?? throw new InvalidOperationException("No such user.");
        change(user);
        var result = await users.UpdateAsync(user);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    public static async Task<AppUser> FindUserAsync(this AppHost host, string tenantId, string userId)
    {
        await using var scope = await host.TenantScopeAsync(tenantId);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return await users.FindByIdAsync(userId) ?? throw new InvalidOperationException("No such user.");
    }

    public static string HiddenInput(string html, string name)
    {
        var match = Regex.Match(html, $"name=\"{Regex.Escape(name)}\"[^>]*value=\"([^\"]*)\"");
        if (!match.Success) throw new InvalidOperationException($"No input {name}.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("data-testid=\"status-message\"[^>]*>([^<]*)<")]
    private static partial Regex StatusPattern();
}
