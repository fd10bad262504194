using System.Globalization;
using System.Net;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.PersonalData;
using SecureAiChat.Tests.Components;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Web.Features.DataProtection;

namespace SecureAiChat.Tests.Integration.DataProtection;

/// <summary>
/// /settings/data-protection on the real app and database (rendered by bUnit with the tenant scope's services):
/// Owners and Admins only, detection counts from real answers without their values, custom terms saved all or nothing
/// with localized problems, and the "try a text" box showing what the model would receive.
/// </summary>
public sealed class DataProtectionPageTests(AiSettingsAppHost app) : IClassFixture<AiSettingsAppHost>
{
    private const string MyNumber = "1234 5678 9018";

    private async Task<(string TenantId, string Identifier, string UserId)> WorkspaceAsync()
    {
        var identifier = "dp" + Guid.NewGuid().ToString("N")[..8];
        var tenant = await app.CreateTenantAsync(identifier);
        var user = await app.CreateUserAsync(tenant.Id, $"{Guid.NewGuid():N}@example.jp");
        return (tenant.Id, identifier, user.Id);
    }

    private async Task RenderAsync(string tenantId, string culture, Func<IRenderedComponent<DataProtectionPage>, Task> act)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        await using var scope = await app.TenantScopeAsync(tenantId);
        await using var ctx = BunitTestContext.Create();
        ctx.Services.AddFallbackServiceProvider(scope.ServiceProvider);
        ctx.SetRendererInfo(new RendererInfo("Server", true));
        var page = ctx.Render<DataProtectionPage>();
        page.WaitForElement("[data-testid=dp-detections]", TimeSpan.FromSeconds(30));
        await act(page);
    }

    [Fact]
    public async Task Members_are_refused_the_page_and_do_not_see_it_in_the_navigation()
    {
        var (tenantId, identifier, _) = await WorkspaceAsync();
        var admin = await app.CreateUserAsync(tenantId, $"admin-{identifier}@example.jp", role: Roles.Admin);
        var member = await app.CreateUserAsync(tenantId, $"member-{identifier}@example.jp");

        using var memberClient = await app.SignInAsync(identifier, member.Email!);
        var refused = await memberClient.GetAsync(app.TenantUri(identifier, "/settings/data-protection"));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/Account/AccessDenied", refused.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"nav-data-protection\"", await memberClient.GetStringAsync(app.TenantUri(identifier, "/")), StringComparison.Ordinal);

        using var adminClient = await app.SignInAsync(identifier, admin.Email!);
        var page = await adminClient.GetStringAsync(app.TenantUri(identifier, "/settings/data-protection"));
        Assert.Contains("data-testid=\"data-protection-page\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"nav-data-protection\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Detections_this_month_are_counted_per_category_and_the_values_are_never_rendered()
    {
        var (tenantId, _, userId) = await WorkspaceAsync();
        app.Upstream.Enqueue(new UpstreamScript { Tokens = ["了解です。"] });
        await app.AskAsync(tenantId, userId, $"マイナンバーは {MyNumber} です");
        app.Upstream.Enqueue(new UpstreamScript { Tokens = ["了解です。"] });
        await app.AskAsync(tenantId, userId, $"個人番号 {MyNumber} と カード 4111 1111 1111 1111");
        // An entry of an earlier month does not count (moved back in time behind the chain writer's back; nothing here verifies the chain).
        app.Upstream.Enqueue(new UpstreamScript { Tokens = ["了解です。"] });
        await app.AskAsync(tenantId, userId, $"以前の個人番号 {MyNumber} です old-month");
        await app.TenantDbAsync(tenantId, async db =>
        {
            var latest = await db.AuditEntries.Where(e => e.Action == AuditActions.PersonalDataDetected).MaxAsync(e => e.Sequence);
            return await db.AuditEntries.Where(e => e.Sequence == latest)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.OccurredAt, DateTime.UtcNow.AddDays(-40)));
        });

        await RenderAsync(tenantId, "ja-JP", page =>
        {
            Assert.Equal("2", page.Find("[data-testid=dp-detections-MyNumber]").TextContent.Trim());
            Assert.Equal("1", page.Find("[data-testid=dp-detections-PaymentCard]").TextContent.Trim());
            Assert.Empty(page.FindAll("[data-testid=dp-detections-Phone]"));
            Assert.DoesNotContain("9018", page.Markup, StringComparison.Ordinal);
            Assert.DoesNotContain("1111", page.Markup, StringComparison.Ordinal);
            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task An_invalid_pattern_shows_the_localized_line_and_saves_nothing()
    {
        var (tenantId, _, _) = await WorkspaceAsync();

        await RenderAsync(tenantId, "ja-JP", async page =>
        {
            await page.Find("#dp-terms").ChangeAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = "社外秘\n/(unclosed/" });
            await page.Find("[data-testid=dp-save]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());
            var error = page.WaitForElement("[data-testid=dp-error]", TimeSpan.FromSeconds(30));
            Assert.Contains("2 行目のパターン「(unclosed」は正規表現として使えません", error.TextContent, StringComparison.Ordinal);
            Assert.Empty(page.FindAll("[data-testid=dp-saved]"));
        });
        await RenderAsync(tenantId, "en-US", async page =>
        {
            await page.Find("#dp-terms").ChangeAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = "/a*/" });
            await page.Find("[data-testid=dp-save]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());
            Assert.Contains("Pattern 1", page.WaitForElement("[data-testid=dp-error]", TimeSpan.FromSeconds(30)).TextContent, StringComparison.Ordinal);
        });

        var (rows, entries) = await app.TenantDbAsync(tenantId, async db =>
            (await db.PersonalDataPolicies.CountAsync(), await db.AuditEntries.CountAsync(e => e.Action == AuditActions.DataProtectionChanged)));
        Assert.Equal((0, 0), (rows, entries));
    }

    [Fact]
    public async Task Valid_terms_are_saved_and_the_try_box_shows_the_findings_and_the_masked_text()
    {
        var (tenantId, _, _) = await WorkspaceAsync();

        await RenderAsync(tenantId, "ja-JP", async page =>
        {
            await page.Find("#dp-terms").ChangeAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = "社外秘\n/PRJ-\\d{4}/\n" });
            await page.Find("[data-testid=dp-save]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());
            page.WaitForElement("[data-testid=dp-saved]", TimeSpan.FromSeconds(30));

            await page.Find("#dp-try-input").ChangeAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = $"マイナンバー {MyNumber} を送ります" });
            await page.Find("[data-testid=dp-try]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());
            var mark = page.Find("[data-testid=dp-try-highlight] mark");
            Assert.Equal(("MyNumber", "Mask", MyNumber), (mark.GetAttribute("data-category"), mark.GetAttribute("data-action"), mark.TextContent));
            Assert.Equal("マイナンバー 〔マイナンバー1〕 を送ります", page.Find("[data-testid=dp-try-masked]").TextContent);

            await page.Find("#dp-try-input").ChangeAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = "社外秘の PRJ-1234 について" });
            await page.Find("[data-testid=dp-try]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());
            Assert.Equal(2, page.FindAll("[data-testid=dp-try-highlight] mark[data-category=CustomTerm]").Count);
            Assert.NotNull(page.Find("[data-testid=dp-try-blocked]"));
        });

        var policy = await app.InTenantAsync<PersonalDataPolicyService, PersonalDataPolicySettings>(tenantId, s => s.GetAsync());
        Assert.Equal([new CustomTerm("社外秘"), new CustomTerm(@"PRJ-\d{4}", IsPattern: true)], policy.CustomTerms);
    }
}
