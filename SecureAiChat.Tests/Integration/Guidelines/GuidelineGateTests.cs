using System.Net;
using SecureAiChat.Core.Guidelines;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Results;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Guidelines;

/// <summary>Publishing a guideline version puts a guard before the chat until each person accepts it.</summary>
public sealed class GuidelineGateTests(AppHost app) : IClassFixture<AppHost>
{
    [Fact]
    public async Task After_publishing_a_member_is_sent_to_the_guideline_before_chat_until_accepting()
    {
        var tenant = await app.EnsureTenantAsync("gate-co", "ゲート商事");
        var admin = await app.CreateUserAsync(tenant.Id, "admin@gate.example.jp", role: Roles.Admin, displayName: "管理 太郎");
        var member = await app.CreateUserAsync(tenant.Id, "member@gate.example.jp", displayName: "社員 花子");
        using var memberClient = await app.SignInAsync("gate-co", member.Email!);
        using var adminClient = await app.SignInAsync("gate-co", admin.Email!);

        // Nothing published yet: the chat opens.
        Assert.Equal(HttpStatusCode.OK, (await memberClient.GetAsync(app.TenantUri("gate-co", "/chat"))).StatusCode);

        var published = await app.InTenantAsync<GuidelineService, Result<int, GuidelineError>>(tenant.Id,
            s => s.PublishAsync(admin.Id, "利用ルール", "# ルール\n- 個人情報を入力しない"));
        Assert.True(published.Succeeded);
        Assert.Equal(1, published.Value);

        var refused = await memberClient.GetAsync(app.TenantUri("gate-co", "/chat"));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/guidelines?returnUrl=%2Fchat", refused.Headers.Location!.PathAndQuery);
        var guideline = await memberClient.GetStringAsync(app.TenantUri("gate-co", "/guidelines?returnUrl=%2Fchat"));
        Assert.Contains("data-testid=\"guidelines-must-accept\"", guideline, StringComparison.Ordinal);
        Assert.Contains("<li>個人情報を入力しない</li>", guideline, StringComparison.Ordinal);

        // The publisher accepted by publishing.
        Assert.Equal(HttpStatusCode.OK, (await adminClient.GetAsync(app.TenantUri("gate-co", "/chat"))).StatusCode);

        Assert.True(await app.InTenantAsync<GuidelineService, bool>(tenant.Id, s => s.AcceptAsync(member.Id, 1)));
        Assert.Equal(HttpStatusCode.OK, (await memberClient.GetAsync(app.TenantUri("gate-co", "/chat"))).StatusCode);

        var rows = await app.InTenantAsync<GuidelineService, IReadOnlyList<GuidelineAcceptanceRow>>(tenant.Id, s => s.AcceptancesAsync(1));
        Assert.NotNull(Assert.Single(rows, r => r.UserId == member.Id).AcceptedAt);

        // A second version asks again.
        await app.InTenantAsync<GuidelineService, Result<int, GuidelineError>>(tenant.Id, s => s.PublishAsync(admin.Id, "利用ルール", "改訂版"));
        Assert.Equal(HttpStatusCode.Redirect, (await memberClient.GetAsync(app.TenantUri("gate-co", "/chat"))).StatusCode);
        Assert.Equal(2, await app.InTenantAsync<GuidelineService, int?>(tenant.Id, s => s.PendingVersionAsync(member.Id)));
    }

    [Fact]
    public async Task Publishing_without_a_body_is_refused_and_nothing_is_published()
    {
        var tenant = await app.EnsureTenantAsync("gate-empty");
        var published = await app.InTenantAsync<GuidelineService, Result<int, GuidelineError>>(tenant.Id, s => s.PublishAsync("u1", " ", "  "));
        Assert.False(published.Succeeded);
        Assert.Equal([GuidelineError.TitleRequired, GuidelineError.BodyRequired], published.Problems.Select(p => p.Code));
        Assert.Null(await app.InTenantAsync<GuidelineService, GuidelineVersion?>(tenant.Id, s => s.CurrentAsync()));
    }

    [Fact]
    public async Task The_guideline_of_another_workspace_is_not_visible_nor_acceptable()
    {
        var a = await app.EnsureTenantAsync("gate-a");
        var b = await app.EnsureTenantAsync("gate-b");
        await app.InTenantAsync<GuidelineService, Result<int, GuidelineError>>(a.Id, s => s.PublishAsync("admin-a", "A のルール", "本文"));

        Assert.Null(await app.InTenantAsync<GuidelineService, GuidelineVersion?>(b.Id, s => s.CurrentAsync()));
        Assert.False(await app.InTenantAsync<GuidelineService, bool>(b.Id, s => s.AcceptAsync("user-b", 1)));
    }
}
