using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SecureAiChat.Core.Identity;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Tests.Integration.Team;

namespace SecureAiChat.Tests.E2E.Shell;

/// <summary>
/// An Owner whose browser asks for English sees every admin and member page in English: no Japanese in the
/// navigation, headings, labels, buttons or table headers (user data such as names is ASCII here on purpose, so
/// any Japanese left is an untranslated string). Screenshots of each page in English.
/// </summary>
public sealed partial class EnglishAdminPagesTests(TeamAppHost app, BrowserFixture browser) : IClassFixture<TeamAppHost>, IClassFixture<BrowserFixture>
{
    private static readonly string[] Pages =
    [
        "/", "/chat", "/templates", "/usage", "/guide", "/onboarding", "/onboarding/wizard", "/feedback", "/guidelines",
        "/settings/members", "/settings/ai", "/settings/guidelines", "/settings/security", "/settings/sso", "/settings/plan",
        "/settings/audit", "/settings/data-protection", "/analytics",
    ];

    [Fact]
    public async Task Every_workspace_page_is_english_for_an_english_browser()
    {
        var identifier = "english-" + Guid.NewGuid().ToString("N")[..6];
        var tenant = await app.CreateTenantAsync(identifier, name: "Acme Trading");
        var owner = await app.CreateUserAsync(tenant.Id, $"owner@{identifier}.example.com", role: Roles.Owner, displayName: "Alex Owner");
        var page = await browser.NewPageAsync("en-US");
        await page.SignInAsync(app.TenantUri(identifier), owner.Email!);

        var untranslated = new List<string>();
        foreach (var path in Pages)
        {
            await page.GotoAsync(app.TenantUri(identifier, path).ToString());
            await page.WaitForInteractiveAsync();
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            var texts = await page.Locator("nav, h1, h2, h3, h4, h5, h6, label, button, th, .mud-tab").AllInnerTextsAsync();
            untranslated.AddRange(texts.Where(t => Japanese().IsMatch(t.Replace("日本語", "", StringComparison.Ordinal))).Select(t => $"{path}: {t.Trim()}"));
            await page.ScreenshotAsync("en" + (path == "/" ? "-home" : path.Replace('/', '-')));
        }

        Assert.Empty(untranslated);
    }

    // Hiragana, katakana and CJK ideographs ("日本語", the language menu's own name for Japanese, is removed first).
    [GeneratedRegex(@"[\u3040-\u30ff\u4e00-\u9fff]")]
    private static partial Regex Japanese();
}
