using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Feedback;
using SecureAiChat.Core.Guidelines;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Onboarding;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Templates;
using SecureAiChat.Core.Usage;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Onboarding;

/// <summary>Checklist items follow the facts features contribute; admins tick or skip the rest.</summary>
public sealed class OnboardingChecklistTests(AppHost app) : IClassFixture<AppHost>
{
    private async Task<OnboardingItemView> ItemAsync(string tenantId, string key) =>
        (await app.InTenantAsync<OnboardingChecklistService, IReadOnlyList<OnboardingItemView>>(tenantId, s => s.GetAsync())).Single(i => i.Key == key);

    [Fact]
    public async Task Facts_from_templates_guidelines_feedback_and_chat_complete_their_items()
    {
        var tenant = await app.EnsureTenantAsync("onb-facts");
        await app.SeedDefaultsAsync(tenant.Id);
        var owner = await app.CreateUserAsync(tenant.Id, "owner@onb.example.jp", role: Roles.Owner);
        var member = await app.CreateUserAsync(tenant.Id, "member@onb.example.jp");
        foreach (var key in new[] { "signin-profile", "first-chat", "templates-created", "guidelines-published", "daily-use", "send-feedback" })
            Assert.False((await ItemAsync(tenant.Id, key)).Done, key);

        var ownerUser = new PromptTemplateUser(owner.Id, true);
        // A personal template is not the workspace's template.
        await app.InTenantAsync<PromptTemplateService, Result<PromptTemplateError>>(tenant.Id, s => s.SaveAsync(ownerUser, null, new("自分用", "", "", "本文", Shared: false)));
        Assert.False((await ItemAsync(tenant.Id, "templates-created")).Done);
        await app.InTenantAsync<PromptTemplateService, Result<PromptTemplateError>>(tenant.Id, s => s.SaveAsync(ownerUser, null, new("見積依頼", "", "営業", "{{品目}} の見積", Shared: true)));
        await app.InTenantAsync<GuidelineService, Result<int, GuidelineError>>(tenant.Id, s => s.PublishAsync(owner.Id, "ルール", "本文"));
        Assert.True((await app.InTenantAsync<FeedbackService, Result<FeedbackError>>(tenant.Id, s => s.SubmitAsync(member.Id, 4, "使いやすいです"))).Succeeded);

        await using (var scope = await app.TenantScopeAsync(tenant.Id))
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            // A member's answer is not the admin's first chat; a failed answer is not one either.
            db.UsageRecords.Add(new UsageRecord { UserId = member.Id, Model = "m", Status = MessageStatus.Completed, CreatedAt = DateTime.UtcNow });
            db.UsageRecords.Add(new UsageRecord { UserId = owner.Id, Model = "m", Status = MessageStatus.Failed, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }
        Assert.False((await ItemAsync(tenant.Id, "first-chat")).Done);
        Assert.True((await ItemAsync(tenant.Id, "daily-use")).Done); // 1 of 2 active people chatted this week

        await using (var scope = await app.TenantScopeAsync(tenant.Id))
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.UsageRecords.Add(new UsageRecord { UserId = owner.Id, Model = "m", Status = MessageStatus.Completed, CreatedAt = DateTime.UtcNow });
            var saved = await db.Users.SingleAsync(u => u.Id == owner.Id);
            saved.ProfileSavedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync();
        }

        foreach (var key in new[] { "signin-profile", "first-chat", "templates-created", "guidelines-published", "daily-use", "send-feedback" })
        {
            var item = await ItemAsync(tenant.Id, key);
            Assert.True(item.Done && item.DoneByFact, key);
        }

        // A fact item cannot be unticked.
        await app.InTenantAsync<OnboardingChecklistService, int>(tenant.Id, async s => { await s.SetDoneAsync("templates-created", false, owner.Id); return 0; });
        Assert.True((await ItemAsync(tenant.Id, "templates-created")).Done);
    }

    [Fact]
    public async Task Saving_the_profile_on_the_account_page_completes_the_admins_profile_item()
    {
        var tenant = await app.EnsureTenantAsync("onb-profile");
        await app.SeedDefaultsAsync(tenant.Id);
        var member = await app.CreateUserAsync(tenant.Id, "member@onbprofile.example.jp");
        await app.CreateUserAsync(tenant.Id, "owner@onbprofile.example.jp", role: Roles.Owner);
        var form = new Dictionary<string, string> { ["Input.DisplayName"] = "山田 花子", ["Input.Culture"] = "ja-JP", ["Input.TimeZoneId"] = "Asia/Tokyo" };

        // A member's profile is not the admin's day-1 step.
        using (var memberClient = await app.SignInAsync("onb-profile", member.Email!))
            await AccountForms.PostFormAsync(memberClient, app.TenantUri("onb-profile", "/Account/Manage"), "profile", form);
        Assert.False((await ItemAsync(tenant.Id, "signin-profile")).Done);

        using var ownerClient = await app.SignInAsync("onb-profile", "owner@onbprofile.example.jp");
        await AccountForms.PostFormAsync(ownerClient, app.TenantUri("onb-profile", "/Account/Manage"), "profile", form);
        Assert.True((await ItemAsync(tenant.Id, "signin-profile")) is { Done: true, DoneByFact: true });
    }

    [Fact]
    public async Task Skipping_needs_a_reason_which_is_kept_and_a_manual_item_can_be_ticked_and_unticked()
    {
        var tenant = await app.EnsureTenantAsync("onb-skip");
        await app.SeedDefaultsAsync(tenant.Id);

        Assert.Equal(OnboardingSkipError.ReasonRequired, (await app.InTenantAsync<OnboardingChecklistService, Result<OnboardingSkipError>>(tenant.Id, s => s.SkipAsync("review-plan", "  ", "admin"))).Code);
        Assert.False((await ItemAsync(tenant.Id, "review-plan")).Skipped);

        Assert.True((await app.InTenantAsync<OnboardingChecklistService, Result<OnboardingSkipError>>(tenant.Id, s => s.SkipAsync("review-plan", "年間契約のため見直し不要", "admin"))).Succeeded);
        var skipped = await ItemAsync(tenant.Id, "review-plan");
        Assert.True(skipped.Skipped);
        Assert.Equal("年間契約のため見直し不要", skipped.SkipReason);
        await using (var scope = await app.TenantScopeAsync(tenant.Id))
        {
            var row = await scope.ServiceProvider.GetRequiredService<AppDbContext>().OnboardingItems.SingleAsync(i => i.Key == "review-plan");
            Assert.Equal("admin", row.SkippedByUserId);
            Assert.NotNull(row.SkippedAt);
        }

        await app.InTenantAsync<OnboardingChecklistService, int>(tenant.Id, async s => { await s.SetDoneAsync("explore-features", true, "admin"); return 0; });
        Assert.True((await ItemAsync(tenant.Id, "explore-features")) is { Done: true, DoneByFact: false });
        await app.InTenantAsync<OnboardingChecklistService, int>(tenant.Id, async s => { await s.SetDoneAsync("explore-features", false, "admin"); return 0; });
        Assert.False((await ItemAsync(tenant.Id, "explore-features")).Done);
    }

    [Fact]
    public async Task Feedback_is_stored_and_a_missing_rating_stores_nothing()
    {
        var tenant = await app.EnsureTenantAsync("onb-feedback");
        Assert.Equal(FeedbackError.RatingRequired, Assert.Single((await app.InTenantAsync<FeedbackService, Result<FeedbackError>>(tenant.Id, s => s.SubmitAsync("u1", 0, "星なし"))).Problems).Code);
        Assert.Equal(FeedbackError.TextTooLong, Assert.Single((await app.InTenantAsync<FeedbackService, Result<FeedbackError>>(tenant.Id, s => s.SubmitAsync("u1", 3, new string('あ', 4001)))).Problems).Code);
        Assert.True((await app.InTenantAsync<FeedbackService, Result<FeedbackError>>(tenant.Id, s => s.SubmitAsync("u1", 5, "  とても便利  "))).Succeeded);

        await using var scope = await app.TenantScopeAsync(tenant.Id);
        var stored = Assert.Single(await scope.ServiceProvider.GetRequiredService<AppDbContext>().FeedbackEntries.ToListAsync());
        Assert.Equal((5, "とても便利", "u1"), (stored.Rating, stored.Text, stored.UserId));
    }

    [Fact]
    public async Task The_wizard_opens_once_for_a_provisioned_workspace_and_remembers_its_step()
    {
        var bare = await app.EnsureTenantAsync("onb-bare");
        Assert.False(await app.InTenantAsync<OnboardingChecklistService, bool>(bare.Id, s => s.ShouldOpenWizardForOwnerAsync()));

        var tenant = await app.EnsureTenantAsync("onb-wizard");
        await app.SeedDefaultsAsync(tenant.Id);
        Assert.True(await app.InTenantAsync<OnboardingChecklistService, bool>(tenant.Id, s => s.ShouldOpenWizardForOwnerAsync()));
        Assert.False(await app.InTenantAsync<OnboardingChecklistService, bool>(tenant.Id, s => s.ShouldOpenWizardForOwnerAsync()));

        await app.InTenantAsync<OnboardingChecklistService, int>(tenant.Id, async s => { await s.SetWizardStepAsync(3); return 0; });
        Assert.Equal(3, (await app.InTenantAsync<OnboardingChecklistService, OnboardingWizardState>(tenant.Id, s => s.GetWizardAsync())).CurrentStep);
    }
}
