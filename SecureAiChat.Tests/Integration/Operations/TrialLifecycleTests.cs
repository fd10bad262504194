using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.DataGovernance.Closure;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Operations;
using SecureAiChat.Core.Templates;
using SecureAiChat.Core.Provisioning;
using SecureAiChat.Core.Sales;
using SecureAiChat.Core.Team;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Tests.Integration.Provisioning;

namespace SecureAiChat.Tests.Integration.Operations;

/// <summary>
/// The PoC trial from start to end on a fake clock: started from a lead through the provisioning pipeline (the contact
/// invited as Owner), reminders 7 and 2 days before the end (each once, however often the job runs), read-only at the end,
/// deleted by the closure job 30 days later; a conversion stops both. Every operator action needs a reason and is audited.
/// </summary>
public sealed partial class TrialLifecycleTests(ProvisioningHost app) : IClassFixture<ProvisioningHost>
{
    /// <summary>10:00 in Tokyo: a trial started now ends at 00:00 Tokyo 15 days later (14 full days after today).</summary>
    private static readonly DateTimeOffset Start = new(2027, 3, 1, 10, 0, 0, TimeSpan.FromHours(9));

    private static readonly DateTimeOffset End = new(2027, 3, 16, 0, 0, 0, TimeSpan.FromHours(9));

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();
    }

    private async Task<T> TrialsAsync<T>(Clock clock, Func<TrialOperations, Task<T>> action)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope();
        return await action(ActivatorUtilities.CreateInstance<TrialOperations>(scope.ServiceProvider, (TimeProvider)clock));
    }

    private TrialJob Job(Clock clock) => ActivatorUtilities.CreateInstance<TrialJob>(app.Services, (TimeProvider)clock);

    private ClosureDeletionJob Deletion(Clock clock) => ActivatorUtilities.CreateInstance<ClosureDeletionJob>(app.Services, (TimeProvider)clock);

    private Task<AppTenantInfo> TenantAsync(string id) => app.PlatformDbAsync(db => db.Tenants.AsNoTracking().SingleAsync(t => t.Id == id));

    private async Task<(AppTenantInfo Tenant, string Owner)> TrialWorkspaceAsync(string prefix, Clock clock)
    {
        var identifier = prefix + Guid.NewGuid().ToString("N")[..6];
        var tenant = await app.CreateTenantAsync(identifier, prefix + " 工業", plan: "Standard");
        var owner = $"owner@{identifier}.example.jp";
        await app.CreateUserAsync(tenant.Id, owner, role: Roles.Owner);
        Assert.True((await TrialsAsync(clock, o => o.GrantAsync(tenant.Id, "PoC 合意（商談 #12）"))).Succeeded);
        return (tenant, owner);
    }

    private List<string> Subjects(string to) => app.PickedUpMailTo(to).Select(m => m.Subject ?? "").ToList();

    [Fact]
    public async Task A_trial_started_from_a_lead_provisions_a_professional_workspace_ending_in_two_weeks_and_invites_the_contact_as_owner()
    {
        var clock = new Clock(Start);
        var contact = $"yamada@{Guid.NewGuid():N}.example.jp";
        var lead = new SalesLead { CompanyName = "株式会社トライアル", ContactName = "山田 花子", Email = contact, PreferredPlan = "Professional", Culture = "ja-JP" };
        await app.PlatformDbAsync(db => { db.SalesLeads.Add(lead); return db.SaveChangesAsync(); });
        var identifier = "poc" + Guid.NewGuid().ToString("N")[..6];

        Assert.Equal(TrialStartRefusal.IdentifierInvalid, (await TrialsAsync(clock, o => o.StartFromLeadAsync(lead.Id, "x"))).Code);
        var started = await TrialsAsync(clock, o => o.StartFromLeadAsync(lead.Id, identifier));

        Assert.True(started.Succeeded);
        Assert.Equal(TrialStartRefusal.NotApplicable, (await TrialsAsync(clock, o => o.StartFromLeadAsync(lead.Id, identifier + "b"))).Code);
        var request = await app.PlatformDbAsync(db => db.ProvisioningRequests.AsNoTracking().SingleAsync(r => r.TenantId == started.Value));
        Assert.Equal(ProvisioningStatus.Succeeded, (await app.WaitForCompletionAsync(request.Id)).Status);
        var tenant = await TenantAsync(started.Value!);
        Assert.Equal(("Professional", TenantStatus.Active, (DateTimeOffset?)End, (DateTimeOffset?)Start), (tenant.Plan, tenant.Status, tenant.TrialEndsAt, tenant.TrialStartedAt));
        Assert.True(tenant.IsTrial);

        var saved = await app.PlatformDbAsync(db => db.SalesLeads.AsNoTracking().SingleAsync(l => l.Id == lead.Id));
        Assert.Equal((SalesStage.DemoPoc, (string?)tenant.Id), (saved.Stage, saved.TenantId));
        var history = await app.PlatformDbAsync(db => db.SalesLeadChanges.AsNoTracking().Where(c => c.LeadId == lead.Id).OrderBy(c => c.Id).ToListAsync());
        Assert.Equal([("Trial", null, identifier), ("Stage", "New", "DemoPoc")], history.Select(h => (h.Field, h.FromValue, h.ToValue)));
        Assert.Contains(await app.PlatformDbAsync(db => db.PlatformAuditEntries.AsNoTracking().Where(e => e.TargetId == tenant.Id).Select(e => e.Action).ToListAsync()),
            a => a == AuditActions.TrialStarted);

        // The contact gets an invitation (no signup password exists) and becomes the workspace's Owner by accepting it.
        var mail = Assert.Single(app.PickedUpMailTo(contact));
        var token = InviteLink().Match(mail.TextBody ?? "").Groups[1].Value;
        await using (var scope = await app.TenantScopeAsync(tenant.Id))
        {
            var accepted = await scope.ServiceProvider.GetRequiredService<InvitationAcceptance>().AcceptAsync(token, "山田 花子", TestPasswords.Default);
            Assert.NotNull(accepted.User);
            Assert.True(await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>().IsInRoleAsync(accepted.User!, Roles.Owner));
        }
    }

    [Fact]
    public async Task The_daily_job_reminds_the_owners_7_and_2_days_before_the_end_once_each_makes_the_workspace_read_only_at_the_end_and_the_closure_job_deletes_it_30_days_later()
    {
        var clock = new Clock(Start);
        var (tenant, owner) = await TrialWorkspaceAsync("trlife", clock);
        var granted = await TenantAsync(tenant.Id);
        Assert.Equal(("Professional", (DateTimeOffset?)End), (granted.Plan, granted.TrialEndsAt));
        var reminders = new List<(DateOnly Day, int Mails, string Subjects)>();

        // Every day just after midnight (the production schedule), twice on each day as a second instance or a retry would.
        // The job visits every trial of the shared database: this workspace's mails tell what it did here.
        for (var day = new DateTimeOffset(2027, 3, 2, 0, 5, 0, TimeSpan.FromHours(9)); day < End; day = day.AddDays(1))
        {
            clock.Now = day;
            var before = Subjects(owner);
            await Job(clock).RunAsync();
            await Job(clock).RunAsync();
            var after = Subjects(owner);
            if (after.Count != before.Count) reminders.Add((DateOnly.FromDateTime(day.DateTime), after.Count - before.Count, string.Join(" | ", after.Except(before))));
        }

        Assert.Equal(
            [(new DateOnly(2027, 3, 9), 1, $"【Secure AI Chat】{tenant.Name} の PoC トライアル終了まであと 7 日です"),
             (new DateOnly(2027, 3, 14), 1, $"【Secure AI Chat】{tenant.Name} の PoC トライアル終了まであと 2 日です")],
            reminders);
        Assert.Equal(TenantStatus.Active, (await TenantAsync(tenant.Id)).Status);

        clock.Now = End.AddMinutes(5);
        await Job(clock).RunAsync();
        await Job(clock).RunAsync();
        var ended = await TenantAsync(tenant.Id);
        Assert.Equal((TenantStatus.Closing, (DateTimeOffset?)End.AddDays(30)), (ended.Status, ended.ClosureDeletesAt));
        Assert.Single(Subjects(owner), s => s.Contains("トライアル期間が終了しました", StringComparison.Ordinal));
        // Read-only: the data layer refuses a change of the workspace's data.
        await using (var scope = await app.TenantScopeAsync(tenant.Id))
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.PromptTemplates.Add(new PromptTemplate { Title = "試用後", Body = "本文" });
            await Assert.ThrowsAsync<WorkspaceReadOnlyException>(() => db.SaveChangesAsync());
        }

        clock.Now = End.AddDays(30).AddMinutes(-1);
        await Deletion(clock).RunAsync(CancellationToken.None);
        Assert.Equal(TenantStatus.Closing, (await TenantAsync(tenant.Id)).Status);
        clock.Now = End.AddDays(30).AddHours(3);
        await Deletion(clock).RunAsync(CancellationToken.None);
        Assert.Equal(TenantStatus.Closed, (await TenantAsync(tenant.Id)).Status);
        Assert.Equal(0, await app.PlatformDbAsync(db => db.Users.IgnoreQueryFilters().CountAsync(u => u.TenantId == tenant.Id)));
        Assert.Equal(
            [AuditActions.TrialGranted, AuditActions.TrialExpired, AuditActions.WorkspaceDeleted],
            await app.PlatformDbAsync(db => db.PlatformAuditEntries.AsNoTracking().Where(e => e.TargetId == tenant.Id).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync()));
    }

    [Fact]
    public async Task Converting_a_trial_before_its_end_stops_the_reminders_and_the_read_only_end()
    {
        var clock = new Clock(Start);
        var (tenant, owner) = await TrialWorkspaceAsync("trconv", clock);
        clock.Now = Start.AddDays(3);

        Assert.Equal(OperatorActionRefusal.ReasonRequired, (await TrialsAsync(clock, o => o.ConvertAsync(tenant.Id, "Enterprise", " "))).Code);
        Assert.True((await TrialsAsync(clock, o => o.ConvertAsync(tenant.Id, null, "年間契約 締結"))).Succeeded);

        for (var day = Start.AddDays(4); day < End.AddDays(40); day = day.AddDays(1))
        {
            clock.Now = day;
            await Job(clock).RunAsync();
            await Deletion(clock).RunAsync(CancellationToken.None);
        }
        var converted = await TenantAsync(tenant.Id);
        Assert.Equal((TenantStatus.Active, "Professional", false), (converted.Status, converted.Plan, converted.IsTrial));
        Assert.Equal(Start.AddDays(3), converted.TrialConvertedAt);
        var subjects = Subjects(owner);
        Assert.DoesNotContain(subjects, s => s.Contains("あと", StringComparison.Ordinal) || s.Contains("終了", StringComparison.Ordinal));
        Assert.Contains(subjects, s => s.Contains("ご契約を開始しました", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_ended_trial_is_converted_with_a_plan_change_and_becomes_writable_and_is_never_deleted()
    {
        var clock = new Clock(Start);
        var (tenant, _) = await TrialWorkspaceAsync("trlate", clock);
        clock.Now = End.AddMinutes(5);
        await Job(clock).RunAsync();
        Assert.Equal(TenantStatus.Closing, (await TenantAsync(tenant.Id)).Status);

        clock.Now = End.AddDays(10);
        Assert.Equal(OperatorActionRefusal.Invalid, (await TrialsAsync(clock, o => o.ConvertAsync(tenant.Id, "Platinum", "契約"))).Code);
        Assert.True((await TrialsAsync(clock, o => o.ConvertAsync(tenant.Id, "Standard", "Standard で契約"))).Succeeded);

        var converted = await TenantAsync(tenant.Id);
        Assert.Equal((TenantStatus.Active, "Standard", (DateTimeOffset?)null), (converted.Status, converted.Plan, converted.ClosureDeletesAt));
        clock.Now = End.AddDays(31);
        await Deletion(clock).RunAsync(CancellationToken.None);
        Assert.Equal(TenantStatus.Active, (await TenantAsync(tenant.Id)).Status);
        await using var scope = await app.TenantScopeAsync(tenant.Id);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.PromptTemplates.Add(new PromptTemplate { Title = "契約後", Body = "本文" });
        await db.SaveChangesAsync();
        var plans = await app.PlatformDbAsync(db => db.PlanChanges.AsNoTracking().Where(c => c.TenantId == tenant.Id).Select(c => c.FromPlan + "→" + c.ToPlan).ToListAsync());
        Assert.Equal(["Professional→Standard", "Standard→Professional"], plans.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Extending_moves_the_end_and_reopens_an_ended_trial_and_ending_makes_it_read_only_at_once()
    {
        var clock = new Clock(Start);
        var (tenant, owner) = await TrialWorkspaceAsync("trext", clock);

        Assert.Equal(OperatorActionRefusal.Invalid, (await TrialsAsync(clock, o => o.ExtendAsync(tenant.Id, 0, "延長"))).Code);
        Assert.Equal(OperatorActionRefusal.ReasonRequired, (await TrialsAsync(clock, o => o.ExtendAsync(tenant.Id, 7, ""))).Code);
        Assert.True((await TrialsAsync(clock, o => o.ExtendAsync(tenant.Id, 7, "検証範囲の追加"))).Succeeded);
        Assert.Equal(End.AddDays(7), (await TenantAsync(tenant.Id)).TrialEndsAt);
        Assert.Contains(Subjects(owner), s => s.Contains("延長しました", StringComparison.Ordinal));

        clock.Now = Start.AddDays(1);
        Assert.Equal(OperatorActionRefusal.ReasonRequired, (await TrialsAsync(clock, o => o.EndAsync(tenant.Id, null))).Code);
        Assert.True((await TrialsAsync(clock, o => o.EndAsync(tenant.Id, "お客さまのご判断で中止"))).Succeeded);
        var ended = await TenantAsync(tenant.Id);
        Assert.Equal((TenantStatus.Closing, (DateTimeOffset?)Start.AddDays(1), (DateTimeOffset?)Start.AddDays(31)), (ended.Status, ended.TrialEndsAt, ended.ClosureDeletesAt));
        Assert.Equal(OperatorActionRefusal.NotApplicable, (await TrialsAsync(clock, o => o.EndAsync(tenant.Id, "二重"))).Code);
        Assert.Equal(OperatorActionRefusal.NotApplicable, (await TrialsAsync(clock, o => o.GrantAsync(tenant.Id, "二重"))).Code);

        clock.Now = Start.AddDays(2);
        Assert.True((await TrialsAsync(clock, o => o.ExtendAsync(tenant.Id, 5, "再開"))).Succeeded);
        var reopened = await TenantAsync(tenant.Id);
        Assert.Equal((TenantStatus.Active, (DateTimeOffset?)new DateTimeOffset(2027, 3, 9, 0, 0, 0, TimeSpan.FromHours(9)), (DateTimeOffset?)null),
            (reopened.Status, reopened.TrialEndsAt, reopened.ClosureDeletesAt));
        Assert.Equal(
            [AuditActions.TrialGranted, AuditActions.TrialExtended, AuditActions.TrialEnded, AuditActions.TrialExtended],
            await app.PlatformDbAsync(db => db.PlatformAuditEntries.AsNoTracking().Where(e => e.TargetId == tenant.Id).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync()));
        var entry = await app.PlatformDbAsync(db => db.PlatformAuditEntries.AsNoTracking().Where(e => e.TargetId == tenant.Id && e.Action == AuditActions.TrialEnded).SingleAsync());
        Assert.Contains("お客さまのご判断で中止", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_owner_cannot_restore_an_ended_trial_from_the_closure_section()
    {
        var clock = new Clock(Start);
        var (tenant, _) = await TrialWorkspaceAsync("trrest", clock);
        Assert.True((await TrialsAsync(clock, o => o.EndAsync(tenant.Id, "終了"))).Succeeded);
        await using var scope = await app.TenantScopeAsync(tenant.Id);
        var closure = ActivatorUtilities.CreateInstance<WorkspaceClosureService>(scope.ServiceProvider, (TimeProvider)clock);
        var owner = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([new(System.Security.Claims.ClaimTypes.Role, Roles.Owner)], "test"));
        var result = await closure.RestoreAsync(owner, new ClosureConfirmation(TestPasswords.Default, "000000"));
        Assert.Equal(ClosureProblem.TrialEnded, result.Code);
    }

    [GeneratedRegex(@"/invite/([A-Za-z0-9_-]{22})")]
    private static partial Regex InviteLink();
}
