using SecureAiChat.Core.Templates;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Templates;

/// <summary>The template library on real SQLite: who sees and edits what, the usage counter, bad input.</summary>
public sealed class PromptTemplateServiceTests(AppHost app) : IClassFixture<AppHost>
{
    private static readonly PromptTemplateUser Admin = new("admin-1", IsAdmin: true);
    private static readonly PromptTemplateUser Alice = new("alice", IsAdmin: false);
    private static readonly PromptTemplateUser Bob = new("bob", IsAdmin: false);

    private Task<T> In<T>(string tenantId, Func<PromptTemplateService, Task<T>> action) => app.InTenantAsync(tenantId, action);

    [Fact]
    public async Task A_personal_template_is_invisible_to_everyone_else()
    {
        var tenant = await app.EnsureTenantAsync("tpl-private");
        await app.SeedDefaultsAsync(tenant.Id);
        Assert.True((await In(tenant.Id, s => s.SaveAsync(Alice, null, new PromptTemplateDraft("私の日報", "", "日報", "{{今日}} をまとめて", Shared: false)))).Succeeded);
        var mine = Assert.Single(await In(tenant.Id, s => s.ListAsync(Alice, "私の日報")));
        Assert.False(mine.IsShared);

        Assert.Empty(await In(tenant.Id, s => s.ListAsync(Bob, "私の日報")));
        Assert.Empty(await In(tenant.Id, s => s.ListAsync(Admin, "私の日報")));
        Assert.Null(await In(tenant.Id, s => s.FindAsync(Bob, mine.Id)));
        Assert.Equal([PromptTemplateError.NotFound], (await In(tenant.Id, s => s.SaveAsync(Admin, mine.Id, new PromptTemplateDraft("奪う", "", "", "x", Shared: true)))).Problems.Select(p => p.Code));
        Assert.False(await In(tenant.Id, s => s.DeleteAsync(Bob, mine.Id)));
        await In(tenant.Id, async s => { await s.RecordUseAsync(Bob, mine.Id); return 0; });
        Assert.Equal(0, (await In(tenant.Id, s => s.FindAsync(Alice, mine.Id)))!.UsageCount);

        // Another workspace does not find it either.
        var other = await app.EnsureTenantAsync("tpl-other");
        Assert.Null(await In(other.Id, s => s.FindAsync(Alice, mine.Id)));
    }

    [Fact]
    public async Task Using_a_template_counts_each_use()
    {
        var tenant = await app.EnsureTenantAsync("tpl-count");
        await app.SeedDefaultsAsync(tenant.Id);
        var minutes = (await In(tenant.Id, s => s.ListAsync(Bob))).Single(t => t.Key == "minutes-summary");

        await In(tenant.Id, async s => { await s.RecordUseAsync(Bob, minutes.Id); await s.RecordUseAsync(Alice, minutes.Id); return 0; });

        Assert.Equal(2, (await In(tenant.Id, s => s.FindAsync(Bob, minutes.Id)))!.UsageCount);
    }

    [Fact]
    public async Task Members_share_only_when_the_admin_allows_and_bad_input_saves_nothing()
    {
        var tenant = await app.EnsureTenantAsync("tpl-share");
        var shared = new PromptTemplateDraft("共有テンプレート", "説明", "メール", "{{宛先}} へ", Shared: true);
        Assert.Equal([PromptTemplateError.SharingNotAllowed], (await In(tenant.Id, s => s.SaveAsync(Alice, null, shared))).Problems.Select(p => p.Code));
        Assert.Equal([PromptTemplateError.TitleRequired, PromptTemplateError.BodyRequired],
            (await In(tenant.Id, s => s.SaveAsync(Admin, null, new PromptTemplateDraft(" ", "", "", "", Shared: true)))).Problems.Select(p => p.Code));
        Assert.Empty(await In(tenant.Id, s => s.ListAsync(Admin)));

        await In(tenant.Id, async s => { await s.SetMembersMayShareAsync(Admin, true); return 0; });
        Assert.True((await In(tenant.Id, s => s.SaveAsync(Alice, null, shared))).Succeeded);
        var template = Assert.Single(await In(tenant.Id, s => s.ListAsync(Bob, category: "メール")));
        Assert.True(template.IsShared);
        Assert.Equal(["メール"], await In(tenant.Id, s => s.CategoriesAsync(Bob)));
        // Bob may read it but not change Alice's shared template; the admin may.
        Assert.Equal([PromptTemplateError.NotFound], (await In(tenant.Id, s => s.SaveAsync(Bob, template.Id, shared with { Title = "変更" }))).Problems.Select(p => p.Code));
        Assert.True((await In(tenant.Id, s => s.SaveAsync(Admin, template.Id, shared with { Title = "変更" }))).Succeeded);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => In(tenant.Id, async s => { await s.SetMembersMayShareAsync(Bob, false); return 0; }));
    }
}
