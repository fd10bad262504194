using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Satisfaction;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.CustomerSuccess;

/// <summary>The monthly survey on a fake clock: asked once a month, settled by an answer or a dismissal, reported to operators only.</summary>
public sealed class SatisfactionSurveyTests(AppHost app) : IClassFixture<AppHost>
{
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private async Task<T> SurveyAsync<T>(string tenantId, ManualClock clock, Func<SatisfactionSurvey, Task<T>> use)
    {
        await using var scope = await app.TenantScopeAsync(tenantId);
        return await use(new SatisfactionSurvey(scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>(), clock));
    }

    [Fact]
    public async Task A_member_is_asked_once_a_month_and_an_answer_or_a_dismissal_settles_the_month()
    {
        var tenant = await app.EnsureTenantAsync("sv-monthly");
        var member = await app.CreateUserAsync(tenant.Id, $"m-{Guid.NewGuid():N}@sv-monthly.example.jp");
        var clock = new ManualClock(member.CreatedAt.AddDays(1));

        Assert.False(await SurveyAsync(tenant.Id, clock, s => s.IsDueAsync(member.Id)));
        clock.Now = member.CreatedAt.AddDays(10);
        Assert.True(await SurveyAsync(tenant.Id, clock, s => s.IsDueAsync(member.Id)));
        Assert.Equal(SurveyError.ScoreRequired, Assert.Single((await SurveyAsync(tenant.Id, clock, s => s.AnswerAsync(member.Id, 0, null))).Problems).Code);
        Assert.True(await SurveyAsync(tenant.Id, clock, s => s.IsDueAsync(member.Id)));
        Assert.True((await SurveyAsync(tenant.Id, clock, s => s.AnswerAsync(member.Id, 4, "検索が速くて助かります"))).Succeeded);
        Assert.False(await SurveyAsync(tenant.Id, clock, s => s.IsDueAsync(member.Id)));
        // A second answer in the same month (another tab) does not add a row.
        Assert.True((await SurveyAsync(tenant.Id, clock, s => s.AnswerAsync(member.Id, 1, null))).Succeeded);

        clock.Now = clock.Now.AddMonths(1);
        Assert.True(await SurveyAsync(tenant.Id, clock, s => s.IsDueAsync(member.Id)));
        await SurveyAsync(tenant.Id, clock, async s => { await s.DismissAsync(member.Id); return 0; });
        Assert.False(await SurveyAsync(tenant.Id, clock, s => s.IsDueAsync(member.Id)));

        var rows = await app.TenantDbAsync(tenant.Id, db => db.SatisfactionResponses.Where(r => r.UserId == member.Id).OrderBy(r => r.Month).ToListAsync());
        Assert.Equal(2, rows.Count);
        Assert.Equal((4, (int?)null), (rows[0].Score!.Value, rows[1].Score));
    }

    [Fact]
    public async Task Operators_see_rate_average_and_comments_and_a_workspace_admin_does_not()
    {
        var tenant = await app.EnsureTenantAsync("sv-report");
        var member = await app.CreateUserAsync(tenant.Id, $"m-{Guid.NewGuid():N}@sv-report.example.jp", role: Core.Identity.Roles.Admin);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await SurveyAsync(tenant.Id, clock, s => s.AnswerAsync(member.Id, 5, "社内展開が進みました"));

        await using (var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope())
        {
            var overview = await new SatisfactionReport(scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>(), clock).OverviewAsync(6);
            var row = Assert.Single(overview.Workspaces, w => w.Identifier == "sv-report");
            Assert.Equal((1, 1, 5.0), (row.Result.Answers, row.Result.ActiveMembers, row.Result.Average!.Value));
            Assert.Equal(1.0, row.Result.ResponseRate);
            Assert.Equal(6, overview.Trend.Count);
            Assert.Contains(overview.Comments, c => c.Text == "社内展開が進みました" && c.WorkspaceIdentifier == "sv-report");
        }

        using var ops = app.CreateLoopbackClient(new CookieContainer());
        await app.SignInOperatorAsync(ops, await app.CreateOperatorAsync());
        var page = await ops.GetAsync(new Uri(app.PlatformUri, "/ops/satisfaction"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("社内展開が進みました", await page.Content.ReadAsStringAsync());

        using var admin = await app.SignInAsync("sv-report", member.Email!);
        Assert.DoesNotContain("社内展開が進みました", await (await admin.GetAsync(app.TenantUri("sv-report", "/ops/satisfaction"))).Content.ReadAsStringAsync());
    }
}
