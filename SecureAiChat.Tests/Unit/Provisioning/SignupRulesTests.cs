using Microsoft.AspNetCore.WebUtilities;
using SecureAiChat.Core.Onboarding;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Provisioning;

namespace SecureAiChat.Tests.Unit.Provisioning;

public sealed class SignupRulesTests
{
    [Fact]
    public void Signup_offers_exactly_the_self_service_plans_Starter_and_Standard()
    {
        Assert.Equal([PlanCode.Starter, PlanCode.Standard], PlanCatalog.SelfService.Select(p => p.Code));
        Assert.All(PlanCatalog.All.Where(p => p.Code is PlanCode.Professional or PlanCode.Enterprise), p => Assert.Equal(SignupMode.SalesLed, p.SignupMode));
    }

    [Theory]
    [InlineData("owner@example.jp", true)]
    [InlineData("yamada.taro+ai@sub.example.co.jp", true)]
    [InlineData("owner@localhost", false)]
    [InlineData("owner example@example.jp", false)]
    [InlineData("Owner <owner@example.jp>", false)]
    [InlineData("@example.jp", false)]
    [InlineData("owner@example.", false)]
    public void Signup_email_rule(string email, bool valid) => Assert.Equal(valid, SignupService.IsEmail(email));

    [Fact]
    public void Signup_request_ids_are_128_bit_random_and_url_safe()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => SignupService.NewRequestId()).ToList();
        Assert.Equal(100, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(16, WebEncoders.Base64UrlDecode(id).Length));
        Assert.All(ids, id => Assert.Equal(id, Uri.EscapeDataString(id)));
    }

    [Fact]
    public void Provisioning_checklist_has_the_fifteen_items_of_the_mission_in_three_phases_localized()
    {
        Assert.Equal(15, OnboardingChecklist.Items.Count);
        Assert.Equal(15, OnboardingChecklist.Items.Select(i => i.Key).Distinct().Count());
        Assert.All(Enum.GetValues<OnboardingPhase>(), phase => Assert.Equal(5, OnboardingChecklist.Items.Count(i => i.Phase == phase)));
        var ja = System.Globalization.CultureInfo.GetCultureInfo("ja-JP");
        var en = System.Globalization.CultureInfo.GetCultureInfo("en-US");
        Assert.All(OnboardingChecklist.Items, i =>
        {
            Assert.NotEqual(i.Key, OnboardingChecklist.Title(i.Key, ja));
            Assert.NotEqual(OnboardingChecklist.Title(i.Key, ja), OnboardingChecklist.Title(i.Key, en));
        });
        Assert.Equal("チームを招待する（5〜10 名）", OnboardingChecklist.Title("invite-team", ja));
    }

    [Fact]
    public void Provisioning_defaults_include_the_four_Japanese_starter_templates_with_unique_keys()
    {
        var templates = WorkspaceDefaults.StarterTemplates();
        Assert.Equal(["議事録要約", "メール下書き", "日報", "翻訳"], templates.Select(t => t.Title));
        Assert.Equal(templates.Count, templates.Select(t => t.Key).Distinct().Count());
        Assert.False(WorkspaceDefaults.DraftGuideline().IsPublished);
    }
}
