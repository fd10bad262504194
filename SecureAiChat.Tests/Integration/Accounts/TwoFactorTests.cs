using System.Net;
using System.Text.RegularExpressions;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Accounts;

/// <summary>TOTP two-factor authentication end to end, with codes computed here as an authenticator app would.</summary>
public sealed partial class TwoFactorTests(AccountsAppHost host) : IClassFixture<AccountsAppHost>
{
    [Fact]
    public async Task Authenticator_can_be_enabled_then_sign_in_needs_a_code_and_a_recovery_code_works_once()
    {
        var tenant = await host.NewTenantAsync("totp", "トトプ株式会社");
        await host.CreateUserAsync(tenant.Id, "otp@example.jp");
        using var client = await host.SignInAsync(tenant.Identifier, "otp@example.jp");
        var enablePage = host.TenantUri(tenant.Identifier, "/Account/Manage/EnableAuthenticator");

        // The page shows a key in groups of 4 and a QR code rendered on the server as SVG.
        var html = await (await client.GetAsync(enablePage)).BodyAsync();
        var formattedKey = SharedKeyPattern().Match(html).Groups[1].Value;
        Assert.Matches("^([a-z2-7]{4} )+[a-z2-7]{1,4}$", formattedKey);
        Assert.Matches("data-testid=\"qr-code\"[^>]*><svg", html);

        // A wrong code is refused with a message; the right one enables 2FA and shows 10 recovery codes.
        var wrong = await AccountForms.PostFormAsync(client, enablePage, "send-code", new Dictionary<string, string> { ["Input.Code"] = "000000" == Totp.Code(formattedKey) ? "111111" : "000000" });
        Assert.Equal("確認コードが正しくありません。認証アプリに表示されている最新のコードを入力してください。", AccountTestKit.StatusMessage(await wrong.BodyAsync()));
        var enabled = await AccountForms.PostFormAsync(client, enablePage, "send-code", new Dictionary<string, string> { ["Input.Code"] = Totp.Code(formattedKey) });
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        var codes = RecoveryCodePattern().Matches(await enabled.BodyAsync()).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, codes.Count);

        // Sign-in now stops after the password and asks for the code.
        using var second = host.CreateLoopbackClient(new CookieContainer());
        var password = await AccountForms.PostLoginAsync(second, host.Login(tenant, "/Account/Manage"), "otp@example.jp", TestPasswords.Default);
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        var twoFactorPath = AccountTestKit.LocationPath(password);
        Assert.StartsWith("/Account/LoginWith2fa", twoFactorPath, StringComparison.Ordinal);
        Assert.False(AccountTestKit.SetsSessionCookie(password));
        var twoFactorPage = host.TenantUri(tenant.Identifier, twoFactorPath);
        var badCode = await AccountForms.PostFormAsync(second, twoFactorPage, "login-with-2fa", new Dictionary<string, string> { ["Input.TwoFactorCode"] = "12345x" });
        Assert.Equal(HttpStatusCode.OK, badCode.StatusCode);
        Assert.False(AccountTestKit.SetsSessionCookie(badCode));
        // The code that enabled 2FA was accepted once already; the next step's code (within the tolerance) is fresh.
        var nextCode = Totp.Code(formattedKey, DateTimeOffset.UtcNow.AddSeconds(30));
        var signedIn = await AccountForms.PostFormAsync(second, twoFactorPage, "login-with-2fa", new Dictionary<string, string>
        {
            ["Input.TwoFactorCode"] = nextCode,
            ["ReturnUrl"] = "/Account/Manage",
        });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/Account/Manage", AccountTestKit.LocationPath(signedIn));
        Assert.True(AccountTestKit.SetsSessionCookie(signedIn));

        // The same code replayed (e.g. seen over a shoulder) within its window is refused.
        using var replay = host.CreateLoopbackClient(new CookieContainer());
        var replayPassword = await AccountForms.PostLoginAsync(replay, host.Login(tenant), "otp@example.jp", TestPasswords.Default);
        var replayed = await AccountForms.PostFormAsync(replay, host.TenantUri(tenant.Identifier, AccountTestKit.LocationPath(replayPassword)), "login-with-2fa",
            new Dictionary<string, string> { ["Input.TwoFactorCode"] = nextCode });
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.False(AccountTestKit.SetsSessionCookie(replayed));

        // A recovery code signs in once, and only once.
        Assert.True(await SignInWithRecoveryCodeAsync(codes[0]));
        Assert.False(await SignInWithRecoveryCodeAsync(codes[0]));
        Assert.True(await SignInWithRecoveryCodeAsync(codes[1]));

        async Task<bool> SignInWithRecoveryCodeAsync(string code)
        {
            using var client3 = host.CreateLoopbackClient(new CookieContainer());
            var step1 = await AccountForms.PostLoginAsync(client3, host.Login(tenant), "otp@example.jp", TestPasswords.Default);
            Assert.StartsWith("/Account/LoginWith2fa", AccountTestKit.LocationPath(step1), StringComparison.Ordinal);
            var recoveryPage = host.TenantUri(tenant.Identifier, "/Account/LoginWithRecoveryCode?ReturnUrl=%2F");
            var step2 = await AccountForms.PostFormAsync(client3, recoveryPage, "login-with-recovery-code", new Dictionary<string, string> { ["Input.RecoveryCode"] = code });
            if (step2.StatusCode == HttpStatusCode.OK)
                Assert.Equal("回復コードが正しくありません。", AccountTestKit.StatusMessage(await step2.BodyAsync()));
            return step2.StatusCode == HttpStatusCode.Redirect && AccountTestKit.SetsSessionCookie(step2);
        }
    }

    [Fact]
    public async Task Two_factor_page_without_the_password_step_goes_back_to_login()
    {
        var tenant = await host.NewTenantAsync("no2fa");
        using var client = host.CreateLoopbackClient(new CookieContainer());

        var response = await client.GetAsync(host.TenantUri(tenant.Identifier, "/Account/LoginWith2fa"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", AccountTestKit.LocationPath(response), StringComparison.Ordinal);
    }

    [GeneratedRegex("data-testid=\"shared-key\"[^>]*>([^<]+)<")]
    private static partial Regex SharedKeyPattern();

    [GeneratedRegex("<code class=\"recovery-code\">([^<]+)</code>")]
    private static partial Regex RecoveryCodePattern();
}
