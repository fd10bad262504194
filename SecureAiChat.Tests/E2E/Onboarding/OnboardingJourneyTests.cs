using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SecureAiChat.Core.Identity;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.E2E.Onboarding;

/// <summary>
/// In Chromium: a new owner's first sign-in opens the setup wizard; the owner writes a template and publishes a
/// guideline; a member must accept it before chatting, then fills a template from the chat input and gets an
/// answer; the owner's checklist shows the facts.
/// </summary>
public sealed class OnboardingJourneyTests(ChatAppHost app, BrowserFixture browser) : IClassFixture<ChatAppHost>, IClassFixture<BrowserFixture>
{
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private static ILocator Field(IPage page, string testId, string tag = "input") =>
        page.Locator($"{tag}[data-testid={testId}], [data-testid={testId}] {tag}").First;

    [Fact]
    public async Task Owner_walks_the_wizard_publishes_rules_and_a_template_and_a_member_accepts_and_chats_with_the_template()
    {
        var tenant = await app.EnsureTenantAsync("onbjourney", "オンボード商事");
        await app.SeedDefaultsAsync(tenant.Id);
        var owner = await app.CreateUserAsync(tenant.Id, "owner@onbjourney.example.jp", role: Roles.Owner, displayName: "山田 花子");
        var member = await app.CreateUserAsync(tenant.Id, "member@onbjourney.example.jp", displayName: "佐藤 次郎");
        var ownerMarker = "o" + Guid.NewGuid().ToString("N")[..10];
        var memberMarker = "m" + Guid.NewGuid().ToString("N")[..10];
        app.Script(ownerMarker, new UpstreamScript { Reply = "はい、動作しています。" });
        app.Script(memberMarker, new UpstreamScript { Reply = "返信案を作成しました。" });

        // 1. First sign-in of the owner opens the wizard.
        var page = await browser.NewPageAsync();
        await page.SignInAsync(app.TenantUri("onbjourney"), owner.Email!);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/onboarding/wizard$"));
        await Assertions.Expect(page.Locator("[data-testid=wizard-current]")).ToHaveAttributeAsync("data-step", "profile");
        await page.ScreenshotAsync("onboarding-wizard-profile");

        await page.Locator("[data-testid=wizard-mark-done]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=wizard-step-profile]")).ToHaveAttributeAsync("data-done", "true");
        await page.Locator("[data-testid=wizard-next]").ClickAsync();
        // No invitation was sent (the member was created directly), so the admin ticks "invite" by hand.
        await Assertions.Expect(page.Locator("[data-testid=wizard-current]")).ToHaveAttributeAsync("data-step", "invite");
        await Assertions.Expect(page.Locator("[data-testid=wizard-step-invite]")).ToHaveAttributeAsync("data-done", "false");
        await page.Locator("[data-testid=wizard-mark-done]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=wizard-step-invite]")).ToHaveAttributeAsync("data-done", "true");
        await page.Locator("[data-testid=wizard-next]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=wizard-current]")).ToHaveAttributeAsync("data-step", "api");
        await page.Locator("[data-testid=wizard-skip]").ClickAsync();
        await page.Locator("[data-testid=skip-confirm]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=skip-error]")).ToBeVisibleAsync();
        await Field(page, "skip-reason", "textarea").FillAsync("来週まとめて招待する");
        await page.Locator("[data-testid=skip-confirm]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=skip-dialog]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=wizard-skip]")).ToHaveCountAsync(0);
        await page.Locator("[data-testid=wizard-next]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=wizard-current]")).ToHaveAttributeAsync("data-step", "security");

        // Leaving and coming back resumes at the same step; the home page does not open the wizard again.
        await page.GotoAsync(app.TenantUri("onbjourney").ToString());
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=onboarding-checklist]")).ToBeVisibleAsync();
        await page.ScreenshotAsync("onboarding-home-card");
        await page.Locator("[data-testid=card-open-wizard]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=wizard-current]")).ToHaveAttributeAsync("data-step", "security");
        await page.Locator("[data-testid=wizard-next]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=wizard-current]")).ToHaveAttributeAsync("data-step", "first-chat");
        await page.ScreenshotAsync("onboarding-wizard-first-chat");

        // 2. The owner writes a shared template with variables.
        await page.GotoAsync(app.TenantUri("onbjourney", "/templates").ToString());
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=template-card]")).ToHaveCountAsync(4);
        await page.Locator("[data-testid=template-new]").ClickAsync();
        await Field(page, "template-title").FillAsync("顧客への返信");
        await Field(page, "template-category").FillAsync("メール");
        await Field(page, "template-body", "textarea").FillAsync("{{顧客名}} 様への返信を書いてください。\n用件: {{用件}}\n宛名は {{顧客名}} 様で。");
        await Assertions.Expect(page.Locator("[data-testid=template-variables]")).ToContainTextAsync("顧客名、用件");
        await page.ScreenshotAsync("templates-editor");
        await page.Locator("[data-testid=template-save]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=template-card]")).ToHaveCountAsync(5);
        await page.Locator("[data-testid=category-chip]", new() { HasText = "メール" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=template-card]")).ToHaveCountAsync(2);
        await page.ScreenshotAsync("templates-library");

        // 3. The owner publishes the guideline with a live preview.
        await page.GotoAsync(app.TenantUri("onbjourney", "/settings/guidelines").ToString());
        await page.WaitForInteractiveAsync();
        await Field(page, "guideline-markdown", "textarea").FillAsync("# 利用ルール\n\n- 個人情報を入力しない\n- **回答は必ず確認する**\n\n<script>alert(1)</script>");
        await Assertions.Expect(page.Locator("[data-testid=guideline-preview] strong")).ToHaveTextAsync("回答は必ず確認する");
        Assert.Equal(0, await page.Locator("[data-testid=guideline-preview] script").CountAsync());
        await page.Locator("[data-testid=guideline-publish]").ClickAsync();
        await page.Locator(".mud-dialog button", new() { HasText = "公開する" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=guideline-status]")).ToContainTextAsync("バージョン 1");
        await Assertions.Expect(page.Locator("[data-testid=acceptance-row][data-accepted=false]")).ToHaveCountAsync(1);
        await page.ScreenshotAsync("guidelines-settings");

        // 4. The owner's first chat.
        await page.GotoAsync(app.TenantUri("onbjourney", "/chat").ToString());
        await page.WaitForInteractiveAsync();
        await page.Locator("textarea[data-testid=chat-textarea][data-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.Locator("[data-testid=chat-textarea]").FillAsync("動作確認 " + ownerMarker);
        await page.Locator("[data-testid=chat-textarea]").PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=message-assistant]").Last).ToContainTextAsync("はい、動作しています。");

        // 5. The member must accept the rules before chatting, then uses the template from the chat input.
        var memberPage = await browser.NewPageAsync();
        await memberPage.SignInAsync(app.TenantUri("onbjourney"), member.Email!);
        await memberPage.GotoAsync(app.TenantUri("onbjourney", "/chat").ToString());
        await Assertions.Expect(memberPage).ToHaveURLAsync(new Regex(@"/guidelines\?returnUrl="));
        await memberPage.WaitForInteractiveAsync();
        await Assertions.Expect(memberPage.Locator("[data-testid=guidelines-must-accept]")).ToBeVisibleAsync();
        await Assertions.Expect(memberPage.Locator("[data-testid=guideline-body] li").First).ToHaveTextAsync("個人情報を入力しない");
        await memberPage.ScreenshotAsync("guidelines-accept");
        await memberPage.Locator("[data-testid=guidelines-accept]").ClickAsync();
        await Assertions.Expect(memberPage).ToHaveURLAsync(new Regex("/chat$"));
        await memberPage.Locator("textarea[data-testid=chat-textarea][data-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        await memberPage.Locator("[data-testid=template-picker-open]").ClickAsync();
        await Field(memberPage, "picker-search").FillAsync("顧客");
        await Assertions.Expect(memberPage.Locator("[data-testid=picker-item]")).ToHaveCountAsync(1);
        await memberPage.Locator("[data-testid=picker-item]").ClickAsync();
        await Field(memberPage, "template-variable", "textarea").FillAsync("アクメ商事");
        await memberPage.Locator("textarea[data-name=用件], [data-name=用件] textarea").First.FillAsync("納期の確認 " + memberMarker);
        await Assertions.Expect(memberPage.Locator("[data-testid=template-preview]")).ToContainTextAsync("宛名は アクメ商事 様で。");
        await memberPage.ScreenshotAsync("templates-fill-dialog");
        await memberPage.Locator("[data-testid=template-insert]").ClickAsync();

        var expected = $"アクメ商事 様への返信を書いてください。\n用件: 納期の確認 {memberMarker}\n宛名は アクメ商事 様で。";
        var box = memberPage.Locator("[data-testid=chat-textarea]");
        await Assertions.Expect(box).ToHaveValueAsync(expected);
        Assert.Empty(app.RequestsWith(memberMarker)); // put into the input, not sent
        await memberPage.Locator("[data-testid=send]").ClickAsync();
        await Assertions.Expect(memberPage.Locator("[data-testid=message-assistant]").Last).ToContainTextAsync("返信案を作成しました。");
        Assert.Contains(app.RequestsWith(memberMarker).Single().Messages, m => m.Content == expected);
        await memberPage.ScreenshotAsync("chat-with-template");

        // 6. The owner's checklist shows what happened.
        await page.GotoAsync(app.TenantUri("onbjourney", "/onboarding").ToString());
        await page.WaitForInteractiveAsync();
        foreach (var key in new[] { "templates-created", "guidelines-published", "first-chat", "signin-profile" })
            await Assertions.Expect(page.Locator($"[data-testid=item-{key}]")).ToHaveAttributeAsync("data-done", "true");
        await Assertions.Expect(page.Locator("[data-testid=item-invite-team]")).ToHaveAttributeAsync("data-done", "true"); // a second member exists
        await Assertions.Expect(page.Locator("[data-testid=item-templates-created] input[type=checkbox]")).ToBeDisabledAsync();
        await page.ScreenshotAsync("onboarding-checklist");

        await page.Locator("[data-testid=item-review-plan] [data-testid=item-skip]").ClickAsync();
        await Field(page, "skip-reason", "textarea").FillAsync("年間契約のため");
        await page.Locator("[data-testid=skip-confirm]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=item-review-plan]")).ToHaveAttributeAsync("data-skipped", "true");
        await Assertions.Expect(page.Locator("[data-testid=item-review-plan] [data-testid=skip-reason-text]")).ToContainTextAsync("年間契約のため");
    }

    [Fact]
    public async Task Pages_render_in_Japanese_at_phone_width_and_feedback_and_guide_work()
    {
        var tenant = await app.EnsureTenantAsync("onbphone", "スマホ商事");
        await app.SeedDefaultsAsync(tenant.Id);
        var admin = await app.CreateUserAsync(tenant.Id, "admin@onbphone.example.jp", role: Roles.Admin);
        var page = await browser.NewPageAsync(viewport: Phone);
        await page.SignInAsync(app.TenantUri("onbphone"), admin.Email!);

        foreach (var (path, testId, name) in new[]
        {
            ("/onboarding", "onboarding-page", "phone-onboarding"), ("/onboarding/wizard", "onboarding-wizard", "phone-wizard"),
            ("/templates", "templates-page", "phone-templates"), ("/settings/guidelines", "guideline-settings", "phone-guidelines-settings"),
            ("/guide", "guide-page", "guide"), ("/guidelines", "guidelines-page", "phone-guidelines-none"),
        })
        {
            await page.GotoAsync(app.TenantUri("onbphone", path).ToString());
            await page.WaitForInteractiveAsync();
            await Assertions.Expect(page.Locator($"[data-testid={testId}]")).ToBeVisibleAsync();
            var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
            Assert.False(overflow, $"{path} scrolls sideways at phone width");
            await page.ScreenshotAsync(name);
        }

        // "使う" on /templates fills the template and lands in the chat input, not sent.
        await page.GotoAsync(app.TenantUri("onbphone", "/templates").ToString());
        await page.WaitForInteractiveAsync();
        await page.Locator("[data-testid=template-card][data-title=日報] [data-testid=template-use]").ClickAsync();
        await Field(page, "template-variable", "textarea").FillAsync("見積書を 3 件作成");
        await page.ScreenshotAsync("phone-template-use");
        await page.Locator("[data-testid=template-insert]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/chat$"));
        await Assertions.Expect(page.Locator("[data-testid=chat-textarea]")).ToHaveValueAsync(new Regex("# メモ\\n見積書を 3 件作成$"));
        await page.GotoAsync(app.TenantUri("onbphone", "/templates").ToString());
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=template-card][data-title=日報] [data-testid=template-usage]")).ToContainTextAsync("1 回使用");

        await page.GotoAsync(app.TenantUri("onbphone", "/feedback").ToString());
        await page.WaitForInteractiveAsync();
        await page.Locator("[data-testid=feedback-send]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=feedback-error]")).ToContainTextAsync("満足度");
        await page.Locator("[data-testid=feedback-rating] .mud-rating-item").Nth(3).ClickAsync();
        await Field(page, "feedback-text", "textarea").FillAsync("テンプレートが便利です。");
        await page.ScreenshotAsync("phone-feedback");
        await page.Locator("[data-testid=feedback-send]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=feedback-thanks]")).ToBeVisibleAsync();

        await page.GotoAsync(app.TenantUri("onbphone", "/onboarding").ToString());
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=item-send-feedback]")).ToHaveAttributeAsync("data-done", "true");
    }
}
