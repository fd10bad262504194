using System.Globalization;
using System.Net;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Onboarding;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Providers.Settings;
using SecureAiChat.Core.Settings;
using SecureAiChat.Core.Usage;
using SecureAiChat.Tests.Components;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Web.Features.Plans;

namespace SecureAiChat.Tests.Integration.Plans;

/// <summary>
/// The plan page on the real app and database: opening it in a live circuit completes "review-plan", its figures
/// are the tenant's own, and members are refused. The page is rendered by bUnit with the tenant scope's services.
/// </summary>
public sealed class PlanPageTests(AppHost app) : IClassFixture<AppHost>
{
    private async Task<OnboardingItemView> ItemAsync(string tenantId, string key) =>
        (await app.InTenantAsync<OnboardingChecklistService, IReadOnlyList<OnboardingItemView>>(tenantId, s => s.GetAsync())).Single(i => i.Key == key);

    private Task<DateTimeOffset?> ReviewedAtAsync(string tenantId) =>
        app.TenantDbAsync(tenantId, db => db.WorkspaceSettings.Select(s => s.PlanReviewedAt).SingleAsync());

    /// <summary>Renders /settings/plan in Japanese as a prerender (static) or in a live circuit, then lets <paramref name="inspect"/> look at it.</summary>
    private async Task RenderAsync(string tenantId, bool interactive, Action<IRenderedComponent<PlanPage>>? inspect = null)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ja-JP");
        await using var scope = await app.TenantScopeAsync(tenantId);
        await using var ctx = BunitTestContext.Create();
        ctx.Services.AddFallbackServiceProvider(scope.ServiceProvider);
        ctx.SetRendererInfo(new RendererInfo(interactive ? "Server" : "Static", interactive));
        var page = ctx.Render<PlanPage>();
        // The advice renders once OnInitializedAsync has finished, marking included.
        page.WaitForElement("[data-testid=plan-advice]", TimeSpan.FromSeconds(30));
        inspect?.Invoke(page);
    }

    [Fact]
    public async Task Opening_the_page_in_a_live_circuit_completes_review_plan_and_the_first_visit_counts()
    {
        var tenant = await app.EnsureTenantAsync("plan-review");
        await app.SeedDefaultsAsync(tenant.Id);
        Assert.False((await ItemAsync(tenant.Id, "review-plan")).Done);

        // As on the usage page, the prerender is not a visit.
        await RenderAsync(tenant.Id, interactive: false);
        Assert.False((await ItemAsync(tenant.Id, "review-plan")).Done);

        await RenderAsync(tenant.Id, interactive: true);
        Assert.True(await ItemAsync(tenant.Id, "review-plan") is { Done: true, DoneByFact: true });

        var first = await ReviewedAtAsync(tenant.Id);
        Assert.NotNull(first);
        await RenderAsync(tenant.Id, interactive: true);
        Assert.Equal(first, await ReviewedAtAsync(tenant.Id));
    }

    [Fact]
    public async Task The_page_shows_the_tenants_plan_seats_and_tokens_and_recommends_from_them()
    {
        var tenant = await app.EnsureTenantAsync("plan-figures", plan: "Starter");
        for (var i = 0; i < 8; i++) await app.CreateUserAsync(tenant.Id, $"m{i}@plan-figures.example.jp"); // 8 of 10 seats
        await app.TenantDbAsync(tenant.Id, db =>
        {
            db.WorkspaceSettings.Add(new WorkspaceSettings()); // as provisioning leaves it
            db.UsageRecords.Add(new UsageRecord
            {
                UserId = "u", Model = "m", Source = AiProviderChoice.SystemDefault, InputTokens = 1_000_000, OutputTokens = 200_000,
                Status = MessageStatus.Completed, CreatedAt = DateTime.UtcNow,
            });
            return db.SaveChangesAsync();
        });

        var overview = await app.InTenantAsync<PlanReviewService, PlanOverview>(tenant.Id, s => s.GetAsync());
        Assert.Equal((PlanCode.Starter, 8, 10), (overview.Plan.Code, overview.Seats.Used, overview.Seats.PlanSeats));
        Assert.Equal((1_200_000L, (long?)3_000_000), (overview.Tokens.UsedTokens, overview.Tokens.LimitTokens));
        Assert.Equal((PlanPressure.Seats, PlanCode.Standard), (overview.Advice.Pressure, overview.Advice.Suggested?.Code));

        await RenderAsync(tenant.Id, interactive: true, page =>
        {
            Assert.Equal("Starter", page.Find("[data-testid=plan-name]").TextContent.Trim());
            Assert.Equal("¥29,800 / 月（税抜）", page.Find("[data-testid=plan-price]").TextContent.Trim());
            Assert.Equal("税込 ¥32,780", page.Find("[data-testid=plan-price-incl]").TextContent.Trim());
            Assert.Contains("8 / 10 席を使用中", page.Find("[data-testid=seat-summary]").TextContent, StringComparison.Ordinal);
            Assert.Contains("1,200,000 / 3,000,000", page.Find("[data-testid=allowance-text]").TextContent, StringComparison.Ordinal);
            Assert.Equal("Standard", page.Find("[data-testid=plan-advice]").GetAttribute("data-suggested"));
            Assert.Contains("Standard プラン", page.Find("[data-testid=plan-advice-text]").TextContent, StringComparison.Ordinal);
            // The platform link comes from configuration (the test host names its port), not from the page's address.
            Assert.Equal(new Uri(app.PlatformUri, "/pricing").AbsoluteUri, page.Find("[data-testid=plan-change]").GetAttribute("href"));
            Assert.Empty(page.FindAll("[data-testid=plan-advice-own-provider]"));
        });
        Assert.NotNull(await ReviewedAtAsync(tenant.Id)); // the provisioned row got the stamp

        // An own provider: the allowance does not apply, the seats still do.
        await app.TenantDbAsync(tenant.Id, db =>
        {
            db.AiProviderSettings.Add(new AiProviderSettings { Active = AiProviderChoice.OwnOpenAIKey });
            return db.SaveChangesAsync();
        });
        await RenderAsync(tenant.Id, interactive: true, page =>
        {
            Assert.NotEmpty(page.FindAll("[data-testid=plan-advice-own-provider]"));
            Assert.Equal("Standard", page.Find("[data-testid=plan-advice]").GetAttribute("data-suggested"));
        });
    }

    [Fact]
    public async Task Members_are_refused_the_page_and_do_not_see_it_in_the_navigation()
    {
        var tenant = await app.EnsureTenantAsync("plan-roles");
        var admin = await app.CreateUserAsync(tenant.Id, "admin@plan-roles.example.jp", role: Roles.Admin);
        var member = await app.CreateUserAsync(tenant.Id, "member@plan-roles.example.jp");

        using var memberClient = await app.SignInAsync("plan-roles", member.Email!);
        var refused = await memberClient.GetAsync(app.TenantUri("plan-roles", "/settings/plan"));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/Account/AccessDenied", refused.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"nav-plan\"", await memberClient.GetStringAsync(app.TenantUri("plan-roles", "/")), StringComparison.Ordinal);

        using var adminClient = await app.SignInAsync("plan-roles", admin.Email!);
        var page = await adminClient.GetStringAsync(app.TenantUri("plan-roles", "/settings/plan"));
        Assert.Contains("data-testid=\"plan-page\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"nav-plan\"", page, StringComparison.Ordinal);
    }
}
