using System.Net;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Accounts;

/// <summary>Forgot password → emailed link on the tenant's host → reset → sign in with the new password.</summary>
public sealed class PasswordResetTests(AccountsAppHost host) : IClassFixture<AccountsAppHost>
{
    [Fact]
    public async Task Forgot_password_sends_an_absolute_link_on_the_tenant_host_that_resets_the_password()
    {
        var tenant = await host.NewTenantAsync("reset");
        var user = await host.CreateUserAsync(tenant.Id, "forgetful@example.jp");
        using var client = host.CreateLoopbackClient(new CookieContainer());

        var forgot = await AccountForms.PostFormAsync(client, host.TenantUri(tenant.Identifier, "/Account/ForgotPassword"), "forgot-password",
            new Dictionary<string, string> { ["Input.Email"] = "forgetful@example.jp" });
        Assert.Equal(HttpStatusCode.Redirect, forgot.StatusCode);
        Assert.Equal("/Account/ForgotPasswordConfirmation", AccountTestKit.LocationPath(forgot));

        var mail = Assert.Single(host.Mail.To("forgetful@example.jp"));
        Assert.Equal("reset-link", mail.Kind);
        Assert.Equal(user.Id, mail.UserId);
        var link = new Uri(WebUtility.HtmlDecode(mail.Content));
        Assert.Equal(host.TenantUri(tenant.Identifier, "/Account/ResetPassword").GetLeftPart(UriPartial.Path), link.GetLeftPart(UriPartial.Path));

        var page = await (await client.GetAsync(link)).BodyAsync();
        var code = AccountTestKit.HiddenInput(page, "Input.Code");
        var reset = await AccountForms.PostFormAsync(client, link, "reset-password", new Dictionary<string, string>
        {
            ["Input.Email"] = "forgetful@example.jp",
            ["Input.Password"] = "brand-new-secret-7",
            ["Input.ConfirmPassword"] = "brand-new-secret-7",
            ["Input.Code"] = code,
        });
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Equal("/Account/ResetPasswordConfirmation", AccountTestKit.LocationPath(reset));

        using var fresh = host.CreateLoopbackClient(new CookieContainer());
        var oldPassword = await AccountForms.PostLoginAsync(fresh, host.Login(tenant), "forgetful@example.jp", TestPasswords.Default);
        Assert.Equal(HttpStatusCode.OK, oldPassword.StatusCode);
        var newPassword = await AccountForms.PostLoginAsync(fresh, host.Login(tenant), "forgetful@example.jp", "brand-new-secret-7");
        Assert.Equal(HttpStatusCode.Redirect, newPassword.StatusCode);
        Assert.True(AccountTestKit.SetsSessionCookie(newPassword));
    }

    [Fact]
    public async Task Forgot_password_never_reveals_whether_the_email_exists()
    {
        var tenant = await host.NewTenantAsync("noleak");
        var other = await host.NewTenantAsync("noleak2");
        await host.CreateUserAsync(other.Id, "elsewhere@example.jp");
        using var client = host.CreateLoopbackClient(new CookieContainer());

        foreach (var email in new[] { "nobody@example.jp", "elsewhere@example.jp" })
        {
            var response = await AccountForms.PostFormAsync(client, host.TenantUri(tenant.Identifier, "/Account/ForgotPassword"), "forgot-password",
                new Dictionary<string, string> { ["Input.Email"] = email });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/Account/ForgotPasswordConfirmation", AccountTestKit.LocationPath(response));
            Assert.Empty(host.Mail.To(email));
        }
    }

    [Fact]
    public async Task Reset_with_a_bad_code_shows_a_localized_error_and_keeps_the_old_password()
    {
        var tenant = await host.NewTenantAsync("badcode");
        await host.CreateUserAsync(tenant.Id, "keep@example.jp");
        using var client = host.CreateLoopbackClient(new CookieContainer());
        var link = host.TenantUri(tenant.Identifier, "/Account/ResetPassword?code=" + Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode("forged"u8.ToArray()));

        var reset = await AccountForms.PostFormAsync(client, link, "reset-password", new Dictionary<string, string>
        {
            ["Input.Email"] = "keep@example.jp",
            ["Input.Password"] = "brand-new-secret-7",
            ["Input.ConfirmPassword"] = "brand-new-secret-7",
            ["Input.Code"] = "forged",
        });

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Contains("data-testid=\"identity-errors\"", await reset.BodyAsync());
        await host.SignInAsync(tenant.Identifier, "keep@example.jp");
    }
}
