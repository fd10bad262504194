using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Operations;
using SecureAiChat.Core.Providers;
using SecureAiChat.Core.Providers.Settings;
using SecureAiChat.Core.Settings;
using SecureAiChat.Core.Team;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Core.Usage;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Operations;

/// <summary>
/// /ops/tenants: every workspace's figures from the rollups, members and invitations; the list and its CSV only for
/// operators on the root host.
/// </summary>
public sealed class TenantConsoleTests(AppHost app) : IClassFixture<AppHost>
{
    [Fact]
    public async Task The_directory_counts_seats_activity_this_months_usage_and_the_last_days_failures_from_the_rollups()
    {
        var identifier = "tcdir" + Guid.NewGuid().ToString("N")[..6];
        var tenant = await app.CreateTenantAsync(identifier, "集計商事", plan: "Standard");
        var now = DateTimeOffset.UtcNow;
        var owner = await app.CreateUserAsync(tenant.Id, $"owner@{identifier}.example.jp", role: Roles.Owner);
        var idle = await app.CreateUserAsync(tenant.Id, $"idle@{identifier}.example.jp");
        var gone = await app.CreateUserAsync(tenant.Id, $"gone@{identifier}.example.jp");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, WorkspaceTime.Tokyo).Date);
        var lastMonth = new DateOnly(today.Year, today.Month, 1).AddDays(-1);
        await app.TenantDbAsync(tenant.Id, async db =>
        {
            var users = await db.Users.ToListAsync();
            users.Single(u => u.Id == owner.Id).LastActiveAt = now.AddDays(-1);
            users.Single(u => u.Id == idle.Id).LastActiveAt = now.AddDays(-10);
            var left = users.Single(u => u.Id == gone.Id);
            left.IsActive = false;
            left.LastActiveAt = now.AddHours(-2);
            db.Invitations.Add(new Invitation { Email = "new@example.jp", NormalizedEmail = "NEW@EXAMPLE.JP", TokenHash = "a", InvitedByUserId = owner.Id, CreatedAt = now, SentAt = now, ExpiresAt = now.AddDays(7) });
            db.Invitations.Add(new Invitation { Email = "old@example.jp", NormalizedEmail = "OLD@EXAMPLE.JP", TokenHash = "b", InvitedByUserId = owner.Id, CreatedAt = now.AddDays(-9), SentAt = now.AddDays(-9), ExpiresAt = now.AddDays(-2) });
            db.UsageDailyRollups.Add(new UsageDailyRollup { Day = today, UserId = owner.Id, Model = "gpt-4o", InputTokens = 1_000, OutputTokens = 500, CostYen = 12.5m, Answers = 3 });
            db.UsageDailyRollups.Add(new UsageDailyRollup { Day = today, UserId = idle.Id, Model = "local", InputTokens = 100, OutputTokens = 0, CostYen = null, Answers = 1 });
            db.UsageDailyRollups.Add(new UsageDailyRollup { Day = lastMonth, UserId = owner.Id, Model = "gpt-4o", InputTokens = 99_999, OutputTokens = 1, CostYen = 999m, Answers = 9 });
            db.UsageHourlyRollups.Add(new UsageHourlyRollup { HourStartUtc = now.UtcDateTime.AddHours(-3), Model = "gpt-4o", Answers = 4, Failures = 2 });
            db.UsageHourlyRollups.Add(new UsageHourlyRollup { HourStartUtc = now.UtcDateTime.AddHours(-30), Model = "gpt-4o", Answers = 5, Failures = 5 });
            db.AiProviderSettings.Add(new AiProviderSettings { Active = AiProviderChoice.OwnOpenAIKey });
            return await db.SaveChangesAsync();
        });

        var row = (await ListAsync(new TenantListFilter(identifier))).Single();

        Assert.Equal((identifier, "集計商事", "Standard", TenantStatus.Active), (row.Identifier, row.Company, row.Plan, row.Status));
        Assert.Equal((3, (int?)50), (row.SeatsUsed, row.SeatLimit)); // two active members + one open invitation; the expired one frees its seat
        Assert.Equal(1, row.ActiveMembers7Days);
        Assert.Equal((1_600L, 12.5m), (row.TokensThisMonth, row.CostYenThisMonth));
        Assert.Equal(AiProviderChoice.OwnOpenAIKey, row.Provider);
        Assert.Equal(2, row.FailedAnswers24Hours);
        Assert.Equal(now.AddHours(-2), row.LastActivity);
    }

    [Fact]
    public async Task Search_plan_and_status_filters_narrow_the_list()
    {
        var stem = "tcflt" + Guid.NewGuid().ToString("N")[..5];
        await app.CreateTenantAsync(stem + "a", "フィルター甲", plan: "Starter");
        await app.CreateTenantAsync(stem + "b", "フィルター乙", plan: "Professional");
        await app.CreateTenantAsync(stem + "c", "フィルター丙", TenantStatus.Suspended, plan: "Professional");

        Assert.Equal([stem + "a", stem + "b", stem + "c"], (await ListAsync(new TenantListFilter(stem.ToUpperInvariant()))).Select(t => t.Identifier));
        Assert.Equal([stem + "b", stem + "c"], (await ListAsync(new TenantListFilter(stem, "professional"))).Select(t => t.Identifier));
        Assert.Equal([stem + "c"], (await ListAsync(new TenantListFilter(stem, Status: TenantStatus.Suspended))).Select(t => t.Identifier));
        Assert.Equal([stem + "b"], (await ListAsync(new TenantListFilter("フィルター乙"))).Select(t => t.Identifier));
    }

    [Fact]
    public async Task An_operator_sees_the_list_and_downloads_the_filtered_csv_which_is_recorded_in_the_platform_chain()
    {
        var stem = "tccsv" + Guid.NewGuid().ToString("N")[..5];
        await app.CreateTenantAsync(stem + "a", "=CSV 商事", plan: "Standard");
        await app.CreateTenantAsync(stem + "b", "別会社", plan: "Starter");
        using var ops = app.CreateLoopbackClient(new CookieContainer());
        await app.SignInOperatorAsync(ops, await app.CreateOperatorAsync());

        var page = await ops.GetStringAsync(new Uri(app.PlatformUri, "/ops/tenants"));
        Assert.Contains("data-testid=\"ops-tenants-page\"", page, StringComparison.Ordinal);
        Assert.Contains(stem + "a", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"ops-tab-tenants\"", page, StringComparison.Ordinal);

        var response = await ops.GetAsync(new Uri(app.PlatformUri, $"/ops/tenants/export?q={stem}&plan=Standard"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("attachment; filename=\"tenants-", response.Content.Headers.ContentDisposition?.ToString() ?? "", StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("識別子,会社名,プラン,状態,使用シート,シート上限", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"{stem}a,'=CSV 商事,Standard,Active,0,50,0,0,0,SystemDefault,0,", lines[1], StringComparison.Ordinal);

        var sjis = await ops.GetAsync(new Uri(app.PlatformUri, $"/ops/tenants/export?q={stem}b&format=csv-sjis"));
        Assert.Contains("別会社", CsvText.ShiftJis.GetString(await sjis.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await ops.GetAsync(new Uri(app.PlatformUri, "/ops/tenants/export?status=Gone"))).StatusCode);

        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var exports = await db.PlatformAuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.TenantsExported && e.Details!.Contains(stem)).ToListAsync();
        Assert.Equal(2, exports.Count);
        Assert.All(exports, e => Assert.Equal(AuditActorKind.Operator, e.ActorKind));
    }

    [Theory]
    [InlineData(Roles.Owner)]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Member)]
    public async Task Workspace_members_of_any_role_reach_neither_the_list_nor_the_csv(string role)
    {
        var identifier = "tcauth" + Guid.NewGuid().ToString("N")[..6];
        var tenant = await app.CreateTenantAsync(identifier);
        var secret = await app.CreateTenantAsync("tcother" + Guid.NewGuid().ToString("N")[..6], "他社の秘密");
        var email = $"{role.ToLowerInvariant()}@{identifier}.example.jp";
        await app.CreateUserAsync(tenant.Id, email, role: role);
        using var member = await app.SignInAsync(identifier, email);

        foreach (var path in new[] { "/ops/tenants", "/ops/tenants/export" })
        {
            var response = await member.GetAsync(app.TenantUri(identifier, path));
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain(secret.Identifier, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_and_get_no_csv()
    {
        var secret = await app.CreateTenantAsync("tcanon" + Guid.NewGuid().ToString("N")[..6], "匿名に見せない");
        using var anonymous = app.CreateLoopbackClient(new CookieContainer());
        foreach (var path in new[] { "/ops/tenants", "/ops/tenants/export" })
        {
            var response = await anonymous.GetAsync(new Uri(app.PlatformUri, path));
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain(secret.Identifier, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private async Task<IReadOnlyList<TenantSummary>> ListAsync(TenantListFilter filter)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope();
        return await scope.ServiceProvider.GetRequiredService<TenantDirectory>().ListAsync(filter);
    }
}
