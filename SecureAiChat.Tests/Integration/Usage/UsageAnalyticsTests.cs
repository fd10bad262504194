using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Budgets;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Templates;
using SecureAiChat.Core.Team;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Core.Usage;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Usage;

/// <summary>The analytics figures come from the rollups, by day, department, member and model, with filters; the chargeback CSV is for admins only and audited.</summary>
public sealed class UsageAnalyticsTests(AiSettingsAppHost app) : IClassFixture<AiSettingsAppHost>
{
    // 2026-03-10 10:00 JST and 2026-03-11 08:30 JST.
    private static readonly DateTime Day1 = new(2026, 3, 10, 1, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Day2 = new(2026, 3, 10, 23, 30, 0, DateTimeKind.Utc);
    private static readonly AnalyticsRange March = new(new(2026, 3, 1), new(2026, 3, 31));

    private sealed record Workspace(AppTenantInfo Tenant, AppUser Owner, AppUser Member, Guid Sales);

    private async Task<Workspace> SeedAsync()
    {
        var tenant = await app.CreateTenantAsync("an" + Guid.NewGuid().ToString("N")[..8]);
        var owner = await app.CreateUserAsync(tenant.Id, $"owner-{Guid.NewGuid():N}@example.jp", role: Roles.Owner, displayName: "山田 太郎");
        var member = await app.CreateUserAsync(tenant.Id, $"member-{Guid.NewGuid():N}@example.jp", displayName: "佐藤 花子");
        var sales = new Department { Name = "営業部" };
        await app.TenantDbAsync(tenant.Id, db =>
        {
            db.Departments.Add(sales);
            db.UsageRecords.AddRange(
                new UsageRecord { UserId = member.Id, DepartmentId = sales.Id, Model = "gpt-4o", InputTokens = 1_000_000, OutputTokens = 0, CreatedAt = Day1 },
                new UsageRecord { UserId = member.Id, DepartmentId = sales.Id, Model = "gpt-4o-mini", InputTokens = 100, OutputTokens = 50, CreatedAt = Day2, Status = MessageStatus.Failed },
                new UsageRecord { UserId = owner.Id, DepartmentId = null, Model = "gpt-4o", InputTokens = 0, OutputTokens = 1_000_000, CreatedAt = Day2 });
            return db.SaveChangesAsync();
        });
        await new UsageRollupJob(app.Services.GetRequiredService<TenantScopeFactory>(), new FixedTime(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero)),
            app.Services.GetRequiredService<IOptions<UsagePricingOptions>>(), NullLogger<UsageRollupJob>.Instance).RollUpAsync(tenant.Id);
        // Raw records gone: every figure below must come from the rollups.
        await app.TenantDbAsync(tenant.Id, db => db.UsageRecords.ExecuteDeleteAsync());
        return new Workspace(tenant, owner, member, sales.Id);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private async Task<AnalyticsReport> ReportAsync(string tenantId, AnalyticsFilter filter)
    {
        await using var scope = await app.TenantScopeAsync(tenantId);
        return await scope.ServiceProvider.GetRequiredService<UsageAnalytics>().GetAsync(March, filter);
    }

    [Fact]
    public async Task Figures_by_day_department_member_and_model_come_from_the_rollups()
    {
        var w = await SeedAsync();

        var report = await ReportAsync(w.Tenant.Id, new AnalyticsFilter());

        // gpt-4o: $2.50 per million input, $10 per million output, at 150 yen.
        Assert.Equal(31, report.Days.Count);
        var tenth = report.Days.Single(d => d.Day == new DateOnly(2026, 3, 10));
        var eleventh = report.Days.Single(d => d.Day == new DateOnly(2026, 3, 11));
        Assert.Equal((1_000_000L, 0L, 375m, 1, 1), (tenth.InputTokens, tenth.OutputTokens, tenth.CostYen, tenth.Answers, tenth.ActiveMembers));
        Assert.Equal((100L, 1_000_050L, 2, 2), (eleventh.InputTokens, eleventh.OutputTokens, eleventh.Answers, eleventh.ActiveMembers));
        Assert.Equal((2, 3, 2_000_150L), (report.ActiveMembers, report.Answers, report.TotalTokens));
        // The range starts on Sunday 1 March: weeks from Monday 23 February; the member active on two days counts once.
        Assert.Equal(new DateOnly(2026, 2, 23), report.Weeks[0].WeekStart);
        Assert.Equal(2, report.Weeks.Single(w => w.WeekStart == new DateOnly(2026, 3, 9)).ActiveMembers);
        Assert.Equal(2, report.Weeks.Sum(w => w.ActiveMembers));

        var sales = report.ByDepartment.Single(l => l.Key == w.Sales.ToString());
        Assert.Equal(("営業部", 1, 2, 1, 1_000_150L), (sales.Label, sales.Members, sales.Answers, sales.Failures, sales.TotalTokens));
        Assert.Equal(375.00675m, sales.CostYen);
        var none = report.ByDepartment.Single(l => l.Key == AnalyticsFilter.NoDepartment.ToString());
        Assert.Equal((1, 1_500m), (none.Members, none.CostYen));
        Assert.Equal(["山田 太郎", "佐藤 花子"], report.ByMember.Select(m => m.Label));
        Assert.Equal([("gpt-4o", 2), ("gpt-4o-mini", 1)], report.ByModel.Select(m => (m.Label, m.Answers)));
    }

    [Fact]
    public async Task Department_and_model_filters_narrow_every_figure()
    {
        var w = await SeedAsync();

        var sales = await ReportAsync(w.Tenant.Id, new AnalyticsFilter(DepartmentId: w.Sales));
        var noDepartment = await ReportAsync(w.Tenant.Id, new AnalyticsFilter(DepartmentId: AnalyticsFilter.NoDepartment));
        var mini = await ReportAsync(w.Tenant.Id, new AnalyticsFilter(Model: "gpt-4o-mini"));

        Assert.Equal([w.Member.Id], sales.ByMember.Select(m => m.Key));
        Assert.Equal(2, sales.Answers);
        Assert.Equal([w.Owner.Id], noDepartment.ByMember.Select(m => m.Key));
        Assert.Equal(1_000_000L, noDepartment.TotalTokens);
        Assert.Equal((1, 150L, 1), (mini.Answers, mini.TotalTokens, mini.ByDepartment.Single().Failures));
    }

    [Fact]
    public async Task An_owner_downloads_the_chargeback_in_shift_jis_and_the_download_is_audited()
    {
        var w = await SeedAsync();
        var client = await app.SignInAsync(w.Tenant.Identifier, w.Owner.Email!);

        var response = await client.GetAsync(app.TenantUri(w.Tenant.Identifier, "/analytics/chargeback.csv?month=2026-03&encoding=shift_jis"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("shift_jis", response.Content.Headers.ContentType?.CharSet);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var text = Encoding.GetEncoding(932).GetString(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("2026-03,部門なし,1,1,1000000,1500,1650\r\n", text, StringComparison.Ordinal);
        Assert.Contains("2026-03,営業部,1,2,1000150,375,412\r\n", text, StringComparison.Ordinal);
        var entry = await app.TenantDbAsync(w.Tenant.Id, db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == AuditActions.UsageExported));
        Assert.Contains("chargeback", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_table_exports_with_the_pages_range_and_filters_and_is_audited()
    {
        var w = await SeedAsync();
        var client = await app.SignInAsync(w.Tenant.Identifier, w.Owner.Email!);

        var members = await client.GetAsync(app.TenantUri(w.Tenant.Identifier,
            $"/analytics/export.csv?table=member&from=2026-03-01&to=2026-03-31&department={w.Sales}&model=&encoding=utf-8"));
        var departments = await client.GetAsync(app.TenantUri(w.Tenant.Identifier,
            "/analytics/export.csv?table=department&from=2026-03-01&to=2026-03-31&department=&model=gpt-4o&encoding=shift_jis"));

        var memberCsv = Encoding.UTF8.GetString(await members.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("\uFEFFfrom,to,name,members,answers,failures,input_tokens,output_tokens,total_tokens,estimated_cost_jpy\r\n", memberCsv, StringComparison.Ordinal);
        Assert.Contains("2026-03-01,2026-03-31,佐藤 花子,1,2,1,1000100,50,1000150,375.01\r\n", memberCsv, StringComparison.Ordinal);
        Assert.DoesNotContain("山田", memberCsv, StringComparison.Ordinal);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var departmentCsv = Encoding.GetEncoding(932).GetString(await departments.Content.ReadAsByteArrayAsync());
        Assert.Contains(",部門なし,1,1,0,0,1000000,1000000,1500\r\n", departmentCsv, StringComparison.Ordinal);
        Assert.Contains(",営業部,1,1,0,1000000,0,1000000,375\r\n", departmentCsv, StringComparison.Ordinal);
        Assert.Equal(2, await app.TenantDbAsync(w.Tenant.Id, db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.UsageExported)));
    }

    [Fact]
    public async Task A_member_reaches_neither_the_page_nor_the_chargeback()
    {
        var w = await SeedAsync();
        var client = await app.SignInAsync(w.Tenant.Identifier, w.Member.Email!);

        var csv = await client.GetAsync(app.TenantUri(w.Tenant.Identifier, "/analytics/chargeback.csv?month=2026-03"));
        var page = await client.GetAsync(app.TenantUri(w.Tenant.Identifier, "/analytics"));
        var table = await client.GetAsync(app.TenantUri(w.Tenant.Identifier, "/analytics/export.csv?table=member&from=2026-03-01&to=2026-03-31"));

        Assert.NotEqual(HttpStatusCode.OK, csv.StatusCode);
        Assert.DoesNotContain("営業部", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("analytics-page", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, table.StatusCode);
        Assert.DoesNotContain("佐藤", await table.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_department_manager_sees_only_their_department_on_the_page_in_every_csv_and_by_url()
    {
        var tenant = await app.CreateTenantAsync("am" + Guid.NewGuid().ToString("N")[..8]);
        var manager = await app.CreateUserAsync(tenant.Id, $"manager-{Guid.NewGuid():N}@example.jp", displayName: "佐藤 花子");
        var engineer = await app.CreateUserAsync(tenant.Id, $"engineer-{Guid.NewGuid():N}@example.jp", displayName: "鈴木 一郎");
        var plain = await app.CreateUserAsync(tenant.Id, $"plain-{Guid.NewGuid():N}@example.jp", displayName: "田中 次郎");
        var (sales, development) = (new Department { Name = "営業部" }, new Department { Name = "開発部" });
        await app.TenantDbAsync(tenant.Id, db =>
        {
            db.Departments.AddRange(sales, development);
            db.DepartmentManagers.Add(new DepartmentManager { DepartmentId = sales.Id, UserId = manager.Id });
            db.UsageRecords.AddRange(
                new UsageRecord { UserId = manager.Id, DepartmentId = sales.Id, Model = "gpt-4o", InputTokens = 1_000_000, OutputTokens = 0, CreatedAt = Day1 },
                new UsageRecord { UserId = engineer.Id, DepartmentId = development.Id, Model = "gpt-4o", InputTokens = 0, OutputTokens = 2_000_000, CreatedAt = Day1 },
                new UsageRecord { UserId = plain.Id, DepartmentId = null, Model = "gpt-4o", InputTokens = 0, OutputTokens = 3_000_000, CreatedAt = Day2 });
            return db.SaveChangesAsync();
        });
        await new UsageRollupJob(app.Services.GetRequiredService<TenantScopeFactory>(), new FixedTime(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero)),
            app.Services.GetRequiredService<IOptions<UsagePricingOptions>>(), NullLogger<UsageRollupJob>.Instance).RollUpAsync(tenant.Id);
        var client = await app.SignInAsync(tenant.Identifier, manager.Email!);

        var page = await (await client.GetAsync(app.TenantUri(tenant.Identifier, "/analytics"))).Content.ReadAsStringAsync();
        var chargeback = Encoding.UTF8.GetString(await (await client.GetAsync(app.TenantUri(tenant.Identifier, "/analytics/chargeback.csv?month=2026-03"))).Content.ReadAsByteArrayAsync());
        var members = Encoding.UTF8.GetString(await (await client.GetAsync(app.TenantUri(tenant.Identifier,
            "/analytics/export.csv?table=member&from=2026-03-01&to=2026-03-31&department=&model=&encoding=utf-8"))).Content.ReadAsByteArrayAsync());
        var otherDepartment = await client.GetAsync(app.TenantUri(tenant.Identifier,
            $"/analytics/export.csv?table=member&from=2026-03-01&to=2026-03-31&department={development.Id}&model=&encoding=utf-8"));
        var noDepartment = await client.GetAsync(app.TenantUri(tenant.Identifier,
            $"/analytics/export.csv?table=member&from=2026-03-01&to=2026-03-31&department={AnalyticsFilter.NoDepartment}&model=&encoding=utf-8"));

        Assert.Contains("data-testid=\"analytics-managed-scope\"", page, StringComparison.Ordinal);
        Assert.Contains(",営業部,", chargeback, StringComparison.Ordinal);
        Assert.DoesNotContain("開発部", chargeback, StringComparison.Ordinal);
        Assert.DoesNotContain("部門なし", chargeback, StringComparison.Ordinal);
        Assert.Contains("佐藤 花子", members, StringComparison.Ordinal);
        Assert.DoesNotContain("鈴木", members, StringComparison.Ordinal);
        Assert.DoesNotContain("田中", members, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, otherDepartment.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noDepartment.StatusCode);
        foreach (var hidden in new[] { "鈴木", "田中", "開発部" })
        {
            Assert.DoesNotContain(hidden, page, StringComparison.Ordinal);
        }

        // A member who manages no department reaches none of it; the Owner still sees every department.
        var plainClient = await app.SignInAsync(tenant.Identifier, plain.Email!);
        Assert.NotEqual(HttpStatusCode.OK, (await plainClient.GetAsync(app.TenantUri(tenant.Identifier, "/analytics/chargeback.csv?month=2026-03"))).StatusCode);
        await using var scope = await app.TenantScopeAsync(tenant.Id);
        var analytics = scope.ServiceProvider.GetRequiredService<UsageAnalytics>();
        var owner = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "owner"), new Claim(ClaimTypes.Role, Roles.Owner)], "test"));
        var all = await analytics.GetAsync(March, new AnalyticsFilter(), await analytics.ScopeForAsync(owner));
        Assert.Equal(3, all.ByDepartment.Count);
    }

    [Fact]
    public async Task The_fiscal_year_ranges_follow_the_workspaces_own_fiscal_year()
    {
        var w = await SeedAsync();
        var client = await app.SignInAsync(w.Tenant.Identifier, w.Owner.Email!);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, WorkspaceTime.Zone("Asia/Tokyo")).DateTime);
        string Start(int month) => AnalyticsRange.For(AnalyticsRangePreset.ThisFiscalYear, today, month).From.ToString("yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture);

        var before = await (await client.GetAsync(app.TenantUri(w.Tenant.Identifier, "/analytics?range=ThisFiscalYear"))).Content.ReadAsStringAsync();
        // An admin sets the workspace's fiscal year (on the budgets page) to start in January; it has no budget.
        await using (var scope = await app.TenantScopeAsync(w.Tenant.Id))
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<WorkspaceFiscalYear>().SaveAsync(1, confirmed: false)).Succeeded);
        }

        var after = await (await client.GetAsync(app.TenantUri(w.Tenant.Identifier, "/analytics?range=ThisFiscalYear"))).Content.ReadAsStringAsync();

        Assert.Contains(Start(4) + " 〜", before, StringComparison.Ordinal);
        Assert.Contains(Start(1) + " 〜", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_adoption_funnel_counts_invited_joined_first_chat_and_active_and_a_manager_sees_their_department()
    {
        var tenant = await app.CreateTenantAsync("af" + Guid.NewGuid().ToString("N")[..8]);
        var owner = await app.CreateUserAsync(tenant.Id, $"owner-{Guid.NewGuid():N}@example.jp", role: Roles.Owner);
        var active = await app.CreateUserAsync(tenant.Id, $"active-{Guid.NewGuid():N}@example.jp");
        await app.CreateUserAsync(tenant.Id, $"idle-{Guid.NewGuid():N}@example.jp");
        var sales = new Department { Name = "営業部" };
        var now = DateTimeOffset.UtcNow;
        await app.TenantDbAsync(tenant.Id, async db =>
        {
            db.Departments.Add(sales);
            await db.SaveChangesAsync();
            await db.Users.Where(u => u.Id == active.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.DepartmentId, sales.Id));
            db.Invitations.Add(new Invitation
            {
                Email = "new@example.jp", NormalizedEmail = "NEW@EXAMPLE.JP", DepartmentId = sales.Id, TokenHash = "h" + Guid.NewGuid().ToString("N"),
                InvitedByUserId = owner.Id, CreatedAt = now, SentAt = now, ExpiresAt = now.AddDays(7),
            });
            db.UsageRecords.AddRange(
                new UsageRecord { UserId = active.Id, DepartmentId = sales.Id, Model = "gpt-4o", InputTokens = 10, OutputTokens = 10, CreatedAt = now.UtcDateTime.AddHours(-2) },
                new UsageRecord { UserId = owner.Id, Model = "gpt-4o", InputTokens = 10, OutputTokens = 10, CreatedAt = now.UtcDateTime.AddDays(-40) });
            return await db.SaveChangesAsync();
        });
        await new UsageRollupJob(app.Services.GetRequiredService<TenantScopeFactory>(), new FixedTime(now.AddHours(1)),
            app.Services.GetRequiredService<IOptions<UsagePricingOptions>>(), NullLogger<UsageRollupJob>.Instance).RollUpAsync(tenant.Id);
        await using var scope = await app.TenantScopeAsync(tenant.Id);
        var analytics = scope.ServiceProvider.GetRequiredService<UsageAnalytics>();

        var workspace = await analytics.AdoptionAsync(AnalyticsScope.Workspace);
        var managed = await analytics.AdoptionAsync(AnalyticsScope.Of([sales.Id]));

        Assert.Equal((4, 3, 2, 1, 33), (workspace.Invited, workspace.Joined, workspace.FirstChat, workspace.ActiveLast7Days, workspace.ActivationPercent));
        Assert.Equal((2, 1, 1, 1), (managed.Invited, managed.Joined, managed.FirstChat, managed.ActiveLast7Days));
    }

    [Fact]
    public async Task The_most_used_templates_are_counted_in_the_range_by_the_department_at_the_time_of_use()
    {
        var tenant = await app.CreateTenantAsync("tu" + Guid.NewGuid().ToString("N")[..8]);
        var owner = await app.CreateUserAsync(tenant.Id, $"owner-{Guid.NewGuid():N}@example.jp", role: Roles.Owner);
        var seller = await app.CreateUserAsync(tenant.Id, $"seller-{Guid.NewGuid():N}@example.jp");
        var sales = new Department { Name = "営業部" };
        var legal = new Department { Name = "法務部" };
        var minutes = new PromptTemplate { Title = "議事録要約", Body = "要約して" };
        var mail = new PromptTemplate { Title = "メール下書き", Body = "書いて" };
        var personal = new PromptTemplate { Title = "個人メモ", Body = "私用", OwnerUserId = owner.Id };
        await app.TenantDbAsync(tenant.Id, async db =>
        {
            db.Departments.AddRange(sales, legal);
            db.PromptTemplates.AddRange(minutes, mail, personal);
            await db.SaveChangesAsync();
            return await db.Users.Where(u => u.Id == seller.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.DepartmentId, sales.Id));
        });
        async Task UseAsync(AppUser user, PromptTemplate template)
        {
            await using var scope = await app.TenantScopeAsync(tenant.Id);
            await scope.ServiceProvider.GetRequiredService<PromptTemplateService>().RecordUseAsync(new PromptTemplateUser(user.Id, user.Id == owner.Id), template.Id);
        }

        await UseAsync(owner, minutes);
        await UseAsync(owner, minutes);
        await UseAsync(owner, personal);
        // Uses from several instances at once: none is lost.
        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => UseAsync(seller, mail)));
        await using var scope = await app.TenantScopeAsync(tenant.Id);
        var analytics = scope.ServiceProvider.GetRequiredService<UsageAnalytics>();
        var today = analytics.Today;
        // Forty days ago the minutes template was used eleven times (outside the last 30 days).
        await app.TenantDbAsync(tenant.Id, db =>
        {
            db.TemplateUseDays.Add(new TemplateUseDay { TemplateId = minutes.Id, Day = today.AddDays(-40), Uses = 11 });
            return db.SaveChangesAsync();
        });
        Task<IReadOnlyList<TemplateUse>> TopAsync(AnalyticsRangePreset preset, AnalyticsFilter? filter = null, AnalyticsScope? viewer = null) =>
            analytics.TopTemplatesAsync(AnalyticsRange.For(preset, today), filter ?? new AnalyticsFilter(), viewer ?? AnalyticsScope.Workspace);

        // Shared templates only, most used first: a member's own template is theirs alone.
        Assert.Equal([new TemplateUse("メール下書き", 12), new TemplateUse("議事録要約", 2)], await TopAsync(AnalyticsRangePreset.Last30Days));
        Assert.Equal([new TemplateUse("議事録要約", 13), new TemplateUse("メール下書き", 12)], await TopAsync(AnalyticsRangePreset.Last90Days));
        Assert.Equal([new TemplateUse("メール下書き", 12)], await TopAsync(AnalyticsRangePreset.Last30Days, new AnalyticsFilter(sales.Id)));
        Assert.Equal([new TemplateUse("議事録要約", 2)], await TopAsync(AnalyticsRangePreset.Last30Days, new AnalyticsFilter(AnalyticsFilter.NoDepartment)));
        // A department manager sees their department's uses only, whatever the filter asks for.
        Assert.Equal([new TemplateUse("メール下書き", 12)], await TopAsync(AnalyticsRangePreset.Last30Days, viewer: AnalyticsScope.Of([sales.Id])));
        Assert.Empty(await TopAsync(AnalyticsRangePreset.Last30Days, new AnalyticsFilter(AnalyticsFilter.NoDepartment), AnalyticsScope.Of([sales.Id])));
        Assert.Empty(await TopAsync(AnalyticsRangePreset.Last30Days, viewer: AnalyticsScope.Of([legal.Id])));
        // The template keeps its all-time count for the library.
        Assert.Equal(14, await app.TenantDbAsync(tenant.Id, db => db.PromptTemplates.Where(t => t.Id != personal.Id).SumAsync(t => t.UsageCount)));
    }

    [Fact]
    public async Task The_cached_model_list_and_first_chats_change_with_the_next_rollup_run_whichever_instance_ran_it()
    {
        var workspace = await SeedAsync();
        var idle = await app.CreateUserAsync(workspace.Tenant.Id, $"idle-{Guid.NewGuid():N}@example.jp");
        async Task<(IReadOnlyList<string> Models, int FirstChat)> ReadAsync()
        {
            await using var scope = await app.TenantScopeAsync(workspace.Tenant.Id);
            var analytics = scope.ServiceProvider.GetRequiredService<UsageAnalytics>();
            return (await analytics.ModelsAsync(), (await analytics.AdoptionAsync(AnalyticsScope.Workspace)).FirstChat);
        }

        var before = await ReadAsync();
        Assert.Equal(["gpt-4o", "gpt-4o-mini"], before.Models);
        Assert.Equal(2, before.FirstChat);
        var again = await ReadAsync();
        Assert.Equal((before.Models, before.FirstChat), (again.Models, again.FirstChat));

        // A run of another instance: the job and its clock of its own; only the database connects it to this process's cache.
        await app.TenantDbAsync(workspace.Tenant.Id, db =>
        {
            db.UsageRecords.Add(new UsageRecord { UserId = idle.Id, Model = "gpt-4.1", InputTokens = 1, OutputTokens = 1, CreatedAt = new DateTime(2026, 4, 2, 0, 0, 0, DateTimeKind.Utc) });
            return db.SaveChangesAsync();
        });
        await new UsageRollupJob(app.Services.GetRequiredService<TenantScopeFactory>(), new FixedTime(new DateTimeOffset(2026, 4, 3, 0, 0, 0, TimeSpan.Zero)),
            app.Services.GetRequiredService<IOptions<UsagePricingOptions>>(), NullLogger<UsageRollupJob>.Instance).RollUpAsync(workspace.Tenant.Id);

        var after = await ReadAsync();
        Assert.Equal(["gpt-4.1", "gpt-4o", "gpt-4o-mini"], after.Models);
        Assert.Equal(3, after.FirstChat);
    }

    [Fact]
    public async Task A_bad_month_is_refused_with_a_message()
    {
        var w = await SeedAsync();
        var client = await app.SignInAsync(w.Tenant.Identifier, w.Owner.Email!);

        var response = await client.GetAsync(app.TenantUri(w.Tenant.Identifier, "/analytics/chargeback.csv?month=2026-13"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("yyyy-MM", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
