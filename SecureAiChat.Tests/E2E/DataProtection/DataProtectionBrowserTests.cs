using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.PersonalData;
using SecureAiChat.Core.Results;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.E2E.DataProtection;

/// <summary>
/// Personal-data protection in Chromium against the fake upstream: the warning before sending (also with an IME
/// conversion open), masking (the upstream gets the placeholder, the member the value), blocking, and the
/// /settings/data-protection page in Japanese, English and at phone width (screenshots).
/// </summary>
public sealed class DataProtectionBrowserTests(ChatAppHost app, BrowserFixture browser) : IClassFixture<ChatAppHost>, IClassFixture<BrowserFixture>
{
    private const string Tenant = "piibrowser";
    private const string BlockedTerm = "プロジェクト極光";

    private static string Marker() => "p" + Guid.NewGuid().ToString("N")[..10];

    private async Task<string> TenantIdAsync()
    {
        var tenant = await app.EnsureTenantAsync(Tenant, "データ保護商事");
        // The same policy for every test of the class: the defaults plus one blocked custom term.
        var saved = await app.InTenantAsync<PersonalDataPolicyService, Result<PersonalDataPolicyProblem>>(tenant.Id, s => s.SaveAsync(
            new PersonalDataPolicyInput(PersonalDataPolicySettings.DefaultActions, [new CustomTerm(BlockedTerm)])));
        Assert.True(saved.Succeeded, saved.ToString());
        return tenant.Id;
    }

    private async Task<IPage> SignedInChatAsync(string locale = "ja-JP")
    {
        var tenantId = await TenantIdAsync();
        var user = await app.CreateUserAsync(tenantId, $"{Guid.NewGuid():N}@example.jp");
        var page = await browser.NewPageAsync(locale);
        await page.SignInAsync(app.TenantUri(Tenant), user.Email!);
        await page.GotoAsync(app.TenantUri(Tenant, "/chat").ToString());
        await page.WaitForInteractiveAsync();
        await page.Locator("textarea[data-testid=chat-textarea][data-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        return page;
    }

    private static ILocator Box(IPage page) => page.Locator("[data-testid=chat-textarea]");

    private static ILocator LastAnswer(IPage page) => page.Locator("[data-testid=message-assistant]").Last;

    [Fact]
    public async Task A_warned_bank_account_is_shown_before_sending_never_while_an_IME_conversion_is_open_and_send_as_is_sends_it()
    {
        var marker = Marker();
        app.Script(marker, new UpstreamScript { Reply = "承知しました" });
        var page = await SignedInChatAsync();
        await Box(page).FillAsync($"振込先は 普通口座 1234567 です {marker}");

        // Enter that confirms an IME candidate: neither the warning nor a request.
        await Box(page).EvaluateAsync("""
            ta => {
              ta.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, data: '' }));
              ta.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', keyCode: 229, isComposing: true, bubbles: true, cancelable: true }));
              ta.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', keyCode: 13, bubbles: true, cancelable: true }));
              ta.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: '普通口座' }));
              ta.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', keyCode: 229, bubbles: true, cancelable: true }));
            }
            """);
        Assert.Equal(0, await page.Locator("[data-testid=pii-confirm]").CountAsync());
        Assert.Empty(app.RequestsWith(marker));

        await Box(page).PressAsync("Enter");
        var confirm = page.Locator("[data-testid=pii-confirm]");
        await Assertions.Expect(confirm).ToBeVisibleAsync();
        await Assertions.Expect(confirm.Locator("mark[data-category=BankAccount]")).ToHaveTextAsync("1234567");
        await Assertions.Expect(confirm.Locator("[data-testid=pii-confirm-categories]")).ToContainTextAsync("銀行口座番号: 1 件（警告）");
        await Assertions.Expect(Box(page)).ToBeDisabledAsync();
        Assert.Empty(app.RequestsWith(marker));
        await page.ScreenshotAsync("pii-warn-ja");

        // Edit puts the text back; sending again asks again; "send as is" sends the value.
        await page.Locator("[data-testid=pii-edit]").ClickAsync();
        await Assertions.Expect(Box(page)).ToHaveValueAsync($"振込先は 普通口座 1234567 です {marker}");
        await Box(page).PressAsync("Enter");
        await page.Locator("[data-testid=pii-send-as-is]").ClickAsync();
        await Assertions.Expect(LastAnswer(page)).ToContainTextAsync("承知しました");
        Assert.Contains("1234567", Assert.Single(app.RequestsWith(marker)).RawBody, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("[data-testid=message-user]")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Masked_values_reach_the_upstream_as_placeholders_and_the_member_sees_the_originals()
    {
        var myNumber = Marker();
        app.Script(myNumber, new UpstreamScript { Reply = "番号は〔マイナンバー1〕ですね" });
        var page = await SignedInChatAsync();

        // A My Number is masked without asking (Mask by default).
        await Box(page).FillAsync($"マイナンバーは 1234 5678 9018 です {myNumber}");
        await Box(page).PressAsync("Enter");
        await Assertions.Expect(LastAnswer(page)).ToContainTextAsync("番号は1234 5678 9018ですね");
        Assert.Equal(0, await page.Locator("[data-testid=pii-confirm]").CountAsync());
        var request = Assert.Single(app.RequestsWith(myNumber));
        Assert.DoesNotContain("9018", request.RawBody, StringComparison.Ordinal);
        Assert.Contains("〔マイナンバー1〕", request.RawBody, StringComparison.Ordinal);

        // A warned bank account, "mask and send": the upstream gets its placeholder too; history stays masked.
        var account = Marker();
        app.Script(account, new UpstreamScript { Reply = "口座は〔口座番号1〕です" });
        await Box(page).FillAsync($"振込先 普通口座 7654321 {account}");
        await Box(page).PressAsync("Enter");
        await page.Locator("[data-testid=pii-mask-send]").ClickAsync();
        await Assertions.Expect(LastAnswer(page)).ToContainTextAsync("口座は7654321です");
        var second = Assert.Single(app.RequestsWith(account));
        Assert.DoesNotContain("7654321", second.RawBody, StringComparison.Ordinal);
        Assert.DoesNotContain("9018", second.RawBody, StringComparison.Ordinal);
        Assert.Contains("〔口座番号1〕", second.RawBody, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("[data-testid=user-text]").Last).ToContainTextAsync("7654321");
    }

    [Fact]
    public async Task A_blocked_term_is_not_sent_and_the_member_reads_which_category_and_how_to_proceed()
    {
        var marker = Marker();
        var page = await SignedInChatAsync();
        var text = $"{BlockedTerm}の概要をまとめて {marker}";
        await Box(page).FillAsync(text);
        await Box(page).PressAsync("Enter");

        var notice = page.Locator("[data-testid=pii-blocked]");
        await Assertions.Expect(notice).ToContainTextAsync("カスタム用語");
        await Assertions.Expect(notice).ToContainTextAsync("削除または置き換えてから");
        await Assertions.Expect(Box(page)).ToHaveValueAsync(text);
        Assert.Equal(0, await page.Locator("[data-testid=message-user]").CountAsync());
        Assert.Empty(app.RequestsWith(marker));
        await page.ScreenshotAsync("pii-blocked-ja");

        // Removing the term sends.
        app.Script(marker, new UpstreamScript { Reply = "まとめました" });
        await Box(page).FillAsync($"計画の概要をまとめて {marker}");
        await Box(page).PressAsync("Enter");
        await Assertions.Expect(LastAnswer(page)).ToContainTextAsync("まとめました");
        Assert.DoesNotContain(BlockedTerm, Assert.Single(app.RequestsWith(marker)).RawBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ja-JP", 1280, 900, "data-protection-ja")]
    [InlineData("en-US", 1280, 900, "data-protection-en")]
    [InlineData("ja-JP", 390, 844, "data-protection-ja-phone")]
    public async Task The_settings_page_tries_a_text_in_Japanese_English_and_at_phone_width(string locale, int width, int height, string screenshot)
    {
        var tenantId = await TenantIdAsync();
        var admin = await app.CreateUserAsync(tenantId, $"admin-{Guid.NewGuid():N}@example.jp", role: Roles.Admin);
        var page = await browser.NewPageAsync(locale, new ViewportSize { Width = width, Height = height });
        await page.SignInAsync(app.TenantUri(Tenant), admin.Email!);
        await page.GotoAsync(app.TenantUri(Tenant, "/settings/data-protection").ToString());
        await page.WaitForInteractiveAsync();
        var japanese = locale.StartsWith("ja", StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(japanese ? "データ保護" : "Data protection");
        await Assertions.Expect(page.Locator("#dp-terms")).ToHaveValueAsync(BlockedTerm);

        await page.Locator("#dp-try-input").FillAsync("マイナンバー 1234 5678 9018、普通口座 1234567、連絡先 taro@example.jp");
        await page.Locator("[data-testid=dp-try]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=dp-try-highlight] mark[data-category=MyNumber]")).ToHaveTextAsync("1234 5678 9018");
        await Assertions.Expect(page.Locator("[data-testid=dp-try-highlight] mark[data-category=Email]")).ToHaveAttributeAsync("data-action", "Off");
        await Assertions.Expect(page.Locator("[data-testid=dp-try-masked]")).ToContainTextAsync("〔マイナンバー1〕"); // placeholders follow the workspace language, not the admin's
        await Assertions.Expect(page.Locator("[data-testid=dp-try-masked]")).ToContainTextAsync("taro@example.jp");

        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "The data-protection page scrolls sideways.");
        await page.ScreenshotAsync(screenshot);
    }
}
