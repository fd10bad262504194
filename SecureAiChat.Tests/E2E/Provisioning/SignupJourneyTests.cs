using System.Text.RegularExpressions;
using System.Diagnostics;
using Microsoft.Playwright;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Tests.Integration.Provisioning;
using Xunit.Abstractions;

namespace SecureAiChat.Tests.E2E.Provisioning;

/// <summary>
/// The buyer's journey in Chromium: pricing → signup → live status → "open workspace" lands signed in on
/// {sub}.localhost with the onboarding checklist; a second signup for the same subdomain is told it is taken.
/// </summary>
public sealed class SignupJourneyTests(ProvisioningHost app, BrowserFixture browser, ITestOutputHelper output)
    : IClassFixture<ProvisioningHost>, IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData("ja-JP", "journey-ja", "株式会社ジャーニー", "ワークスペースの準備ができました")]
    [InlineData("en-US", "journey-en", "Journey Inc.", "Your workspace is ready")]
    public async Task Signup_from_pricing_to_a_signed_in_workspace_with_the_onboarding_checklist(string locale, string subdomain, string company, string readyTitle)
    {
        var lang = locale[..2];
        var page = await browser.NewPageAsync(locale);
        await page.GotoAsync(new Uri(app.PlatformUri, "/pricing").ToString());
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=plan-Enterprise] [data-testid=price-excl]")).ToContainTextAsync("¥198,000");
        await Assertions.Expect(page.Locator("[data-testid=plan-Starter] [data-testid=price-incl]")).ToContainTextAsync("¥32,780");
        await Assertions.Expect(page.Locator("[data-testid=contact-Professional]")).ToBeVisibleAsync();
        await page.ScreenshotAsync($"signup-pricing-{lang}");

        // Open the plan's signup link as a fresh page load (the status-page link later needs no circuit from here).
        var start = await page.Locator("[data-testid=start-Standard]").GetAttributeAsync("href");
        Assert.Equal("/signup?plan=Standard", start);
        await page.GotoAsync(new Uri(app.PlatformUri, start).ToString());
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=plan-option-Standard]")).ToHaveAttributeAsync("aria-checked", "true");

        await page.Locator("#signup-company").FillAsync(company);
        await page.Locator("#signup-subdomain").FillAsync(subdomain);
        await Assertions.Expect(page.Locator("[data-testid=subdomain-available]")).ToBeVisibleAsync();
        await page.Locator("#signup-name").FillAsync(lang == "ja" ? "山田 花子" : "Hanako Yamada");
        await page.Locator("#signup-email").FillAsync($"owner@{subdomain}.example.jp");
        await page.Locator("#signup-password").FillAsync(TestPasswords.Default);
        await page.Locator("[data-testid=field-terms] input[type=checkbox]").CheckAsync();
        await page.ScreenshotAsync($"signup-form-{lang}");

        var clock = Stopwatch.StartNew();
        await page.Locator("[data-testid=signup-submit]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/signup/status/"));
        await Assertions.Expect(page.Locator("[data-testid=status-card]")).ToHaveAttributeAsync("data-status", "Succeeded", new() { Timeout = 60_000 });
        clock.Stop();
        output.WriteLine($"[figure] signup submit → workspace ready ({locale}): {clock.Elapsed.TotalSeconds:0.00} s");
        Console.WriteLine($"[figure] signup submit → workspace ready ({locale}): {clock.Elapsed.TotalSeconds:0.00} s");

        await Assertions.Expect(page.Locator("[data-testid=status-title]")).ToHaveTextAsync(readyTitle);
        foreach (var step in Enum.GetNames<SecureAiChat.Core.Provisioning.ProvisioningStep>())
            await Assertions.Expect(page.Locator($"[data-testid=step-{step}]")).ToHaveAttributeAsync("data-status", "Succeeded");
        await page.ScreenshotAsync($"signup-status-{lang}");

        await page.Locator("[data-testid=open-workspace]").ClickAsync();
        // A new owner's first visit opens the setup wizard; the home page is one click away.
        await Assertions.Expect(page).ToHaveURLAsync(app.TenantUri(subdomain, "/onboarding/wizard").AbsoluteUri);
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=onboarding-wizard]")).ToBeVisibleAsync();
        await page.GotoAsync(app.TenantUri(subdomain).AbsoluteUri);
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=tenant-name]")).ToHaveTextAsync(company);
        await Assertions.Expect(page.Locator("[data-testid=user-menu]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=onboarding-checklist]")).ToBeVisibleAsync();
        // The profile item completes once the owner saves the profile (not at signup).
        await Assertions.Expect(page.Locator("[data-testid=onboarding-signin-profile]")).ToHaveAttributeAsync("data-done", "false");
        await Assertions.Expect(page.Locator("[data-testid=onboarding-invite-team]")).ToHaveAttributeAsync("data-done", "false");
        await page.ScreenshotAsync($"signup-workspace-home-{lang}");

        Assert.Single(app.PickedUpMailTo($"owner@{subdomain}.example.jp"));
    }

    [Fact]
    public async Task Signup_with_a_subdomain_that_is_taken_says_so_and_suggests_others()
    {
        await app.EnsureTenantAsync("journey-taken");
        var page = await browser.NewPageAsync("ja-JP");
        await page.GotoAsync(new Uri(app.PlatformUri, "/signup").ToString());
        await page.WaitForInteractiveAsync();

        await page.Locator("#signup-subdomain").FillAsync("journey-taken");
        await Assertions.Expect(page.GetByText("このサブドメインはすでに使われています")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=subdomain-suggestions]")).ToContainTextAsync("journey-taken-jp");

        // Submitting anyway: the server says the same, and nothing is created.
        await page.Locator("#signup-company").FillAsync("株式会社テイクン");
        await page.Locator("#signup-name").FillAsync("佐藤 次郎");
        await page.Locator("#signup-email").FillAsync("owner@taken.example.jp");
        await page.Locator("#signup-password").FillAsync(TestPasswords.Default);
        await page.Locator("[data-testid=field-terms] input[type=checkbox]").CheckAsync();
        await page.Locator("[data-testid=signup-submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=fix-errors]")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("このサブドメインはすでに使われています")).ToBeVisibleAsync();
        Assert.Contains("/signup", page.Url, StringComparison.Ordinal);
        await page.ScreenshotAsync("signup-taken-ja");

        // A suggestion is one click away and free.
        await page.Locator("[data-testid=subdomain-suggestions] .mud-chip").First.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=subdomain-available]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Signup_shows_a_message_for_each_invalid_field()
    {
        var page = await browser.NewPageAsync("ja-JP");
        await page.GotoAsync(new Uri(app.PlatformUri, "/signup").ToString());
        await page.WaitForInteractiveAsync();
        await page.Locator("#signup-subdomain").FillAsync("Admin");
        await Assertions.Expect(page.GetByText("この名前は予約されているため使えません")).ToBeVisibleAsync();
        await page.Locator("#signup-password").FillAsync("short");
        await page.Locator("[data-testid=signup-submit]").ClickAsync();
        await Assertions.Expect(page.GetByText("会社名を入力してください")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("管理者のお名前を入力してください")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("メールアドレスを入力してください")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=error-terms]")).ToBeVisibleAsync();
        await page.ScreenshotAsync("signup-errors-ja");
    }
}
