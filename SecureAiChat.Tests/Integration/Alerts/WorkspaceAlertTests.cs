using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Alerts;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Settings;

namespace SecureAiChat.Tests.Integration.Alerts;

/// <summary>
/// The workspace alert job on a fake clock: an alert opens once, is mailed once to Owners and Admins in their language,
/// closes once when its condition clears (mailed once), follows the workspace's thresholds, and two instances evaluating
/// the same minute open it once.
/// </summary>
public sealed class WorkspaceAlertTests(AlertsAppHost app) : IClassFixture<AlertsAppHost>
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);

    private async Task<(string TenantId, string Owner, string Admin, string Member)> WorkspaceAsync(string stem)
    {
        var tenant = await app.CreateTenantAsync(stem + Guid.NewGuid().ToString("N")[..8], "監視 株式会社");
        var owner = (await app.CreateUserAsync(tenant.Id, $"owner-{Guid.NewGuid():N}@example.jp", role: Roles.Owner)).Email!;
        var admin = await app.CreateUserAsync(tenant.Id, $"admin-{Guid.NewGuid():N}@example.jp", role: Roles.Admin);
        await app.TenantDbAsync(tenant.Id, db => db.Users.Where(u => u.Id == admin.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Culture, "en")));
        var member = (await app.CreateUserAsync(tenant.Id, $"member-{Guid.NewGuid():N}@example.jp")).Email!;
        return (tenant.Id, owner, admin.Email!, member);
    }

    [Fact]
    public async Task A_failure_rate_alert_opens_once_is_mailed_once_to_owners_and_admins_and_closes_once_when_the_window_clears()
    {
        app.Clock.Set(Noon);
        var (tenant, owner, admin, member) = await WorkspaceAsync("wafail");
        // 2 of 5 answers failed in the last 15 minutes: 40% ≥ 20%, and the minimum of 5 answers is met.
        await app.AnswersAsync(tenant, completed: 3, failed: 2);

        var open = await app.EvaluateAsync(tenant);
        var alert = Assert.Single(open);
        Assert.Equal(WorkspaceAlertKind.FailureRate, alert.Kind);
        Assert.Equal(40, alert.Value);
        Assert.Equal(20, alert.Threshold);
        Assert.Equal(Noon.UtcDateTime, alert.OpenedAt);
        Assert.Contains("直近 15 分の回答の 40% が失敗しています", Assert.Single(app.SubjectsTo(owner)));
        Assert.Contains("Alert: 40% of answers failed in the last 15 minutes", Assert.Single(app.SubjectsTo(admin)));
        Assert.Empty(app.SubjectsTo(member));

        // The next minutes: still failing, still one alert, no second mail.
        app.Clock.Set(Noon.AddMinutes(1));
        Assert.Single(await app.EvaluateAsync(tenant));
        app.Clock.Set(Noon.AddMinutes(2));
        Assert.Single(await app.EvaluateAsync(tenant));
        Assert.Single(app.SubjectsTo(owner));

        // 20 minutes later the failed answers left the window: closed, and the cleared mail goes out once.
        app.Clock.Set(Noon.AddMinutes(20));
        Assert.Empty(await app.EvaluateAsync(tenant));
        Assert.Empty(await app.EvaluateAsync(tenant));
        var stored = Assert.Single(await app.AlertsOfAsync(tenant));
        Assert.Equal(Noon.AddMinutes(20).UtcDateTime, stored.ClosedAt);
        Assert.Equal(2, app.SubjectsTo(owner).Count);
        Assert.Contains("解決:", app.SubjectsTo(owner)[1] + app.SubjectsTo(owner)[0]);
        Assert.Contains(app.SubjectsTo(admin), s => s.Contains("Resolved: 40% of answers failed", StringComparison.Ordinal));

        // Failing again later opens a new alert (the closed one no longer holds the guard).
        await app.AnswersAsync(tenant, completed: 0, failed: 5);
        Assert.Single(await app.EvaluateAsync(tenant));
        Assert.Equal(2, (await app.AlertsOfAsync(tenant)).Count);
        Assert.Equal(3, app.SubjectsTo(owner).Count);
    }

    [Fact]
    public async Task Two_instances_evaluating_the_same_minute_open_one_alert_and_mail_it_once()
    {
        app.Clock.Set(Noon);
        var (tenant, owner, admin, _) = await WorkspaceAsync("watwo");
        await app.AnswersAsync(tenant, completed: 0, failed: 6);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => app.EvaluateAsync(tenant))));

        Assert.Single(await app.AlertsOfAsync(tenant));
        Assert.Single(app.SubjectsTo(owner));
        Assert.Single(app.SubjectsTo(admin));

        app.Clock.Set(Noon.AddHours(1));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => app.EvaluateAsync(tenant))));
        Assert.NotNull(Assert.Single(await app.AlertsOfAsync(tenant)).ClosedAt);
        Assert.Equal(2, app.SubjectsTo(owner).Count);
    }

    [Fact]
    public async Task Thresholds_come_from_the_settings_and_refused_settings_change_nothing()
    {
        app.Clock.Set(Noon);
        var (tenant, owner, _, _) = await WorkspaceAsync("waset");
        var tuned = AlertSettings.Defaults with { FailureRatePercent = 50, MinimumAnswers = 10, WindowMinutes = 30, FirstTokenP95Seconds = 3 };

        // Refused input: every bad field named, nothing stored, nothing audited.
        var refused = await app.SaveSettingsAsync(tenant, tuned with { FailureRatePercent = 0, WindowMinutes = 2, FirstTokenP95Seconds = 301 });
        Assert.Equal([AlertSettingsError.FailureRatePercent, AlertSettingsError.WindowMinutes, AlertSettingsError.FirstTokenP95Seconds], refused.Problems.Select(p => p.Code));
        Assert.Equal(0, await app.TenantDbAsync(tenant, db => db.AlertRules.CountAsync()));
        Assert.True((await app.SaveSettingsAsync(tenant, tuned)).Succeeded);
        var entry = await app.TenantDbAsync(tenant, db => db.AuditEntries.SingleAsync(e => e.Action == AuditActions.AlertSettingsChanged));
        Assert.Contains("failureRatePercent", entry.Details, StringComparison.Ordinal);

        // 4 of 8 failed 20 minutes ago: 50%, but below the minimum of 10 answers: no alert.
        await app.AnswersAsync(tenant, completed: 4, failed: 4, minutesAgo: 20, firstTokenMs: 5_000);
        Assert.Empty(await app.EvaluateAsync(tenant));
        // Two more, one failed: 5 of 10 in the 30-minute window. Only 5 answers have a first token: too few for the p95.
        await app.AnswersAsync(tenant, completed: 1, failed: 1, firstTokenMs: 5_000);
        Assert.Equal(WorkspaceAlertKind.FailureRate, Assert.Single(await app.EvaluateAsync(tenant)).Kind);
        // Five good but slow answers: 5 of 15 failed (33% < 50%) closes the rate; 10 first tokens with a p95 of 5 s > 3 s open the p95.
        await app.AnswersAsync(tenant, completed: 5, failed: 0, firstTokenMs: 5_000);
        var slow = Assert.Single(await app.EvaluateAsync(tenant));
        Assert.Equal(WorkspaceAlertKind.SlowFirstToken, slow.Kind);
        Assert.Equal(5.0, slow.Value);
        Assert.Equal(3.0, slow.Threshold);

        // Switching the p95 rule off closes its alert at the next run.
        Assert.True((await app.SaveSettingsAsync(tenant, tuned with { SlowFirstTokenEnabled = false })).Succeeded);
        Assert.Empty(await app.EvaluateAsync(tenant));
        // Opened and cleared twice: four mails.
        Assert.Equal(4, app.SubjectsTo(owner).Count);
    }

    [Fact]
    public async Task A_rejected_key_opens_an_alert_naming_the_provider_and_a_good_answer_closes_it()
    {
        app.Clock.Set(Noon);
        var (tenant, owner, _, _) = await WorkspaceAsync("wakey");
        await app.TenantDbAsync(tenant, db =>
        {
            db.WorkspaceSettings.Add(new WorkspaceSettings { AiProvider = AiProviderChoice.AzureOpenAI });
            return db.SaveChangesAsync();
        });
        // Two rejected answers are not yet "the newest answers"; the third is.
        await app.ChatAnswersAsync(tenant, null, "KeyRejected", "KeyRejected");
        Assert.Empty(await app.EvaluateAsync(tenant));
        await app.ChatAnswersAsync(tenant, "KeyRejected");
        var alert = Assert.Single(await app.EvaluateAsync(tenant));
        Assert.Equal(WorkspaceAlertKind.KeyRejected, alert.Kind);
        var text = AlertTexts.For(alert, System.Globalization.CultureInfo.GetCultureInfo("ja-JP"));
        Assert.Equal("Azure OpenAI のキーが拒否されました", text.Title);
        Assert.Equal("AI 設定で置き換えてください", text.Advice);
        Assert.Equal("/settings/ai", text.ActionPath);
        var mail = Assert.Single(app.PickedUpMailTo(owner));
        Assert.Contains("/settings/ai", mail.HtmlBody, StringComparison.Ordinal);

        app.Clock.Set(Noon.AddMinutes(5));
        await app.ChatAnswersAsync(tenant, [null]);
        Assert.Empty(await app.EvaluateAsync(tenant));
        Assert.Equal(2, app.SubjectsTo(owner).Count);
    }
}
