using Hangfire;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Provisioning;
using SecureAiChat.Core.Settings;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Core.Usage;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Provisioning;

/// <summary>The pipeline end to end on SQLite with the app's own Hangfire server; running it again changes nothing.</summary>
public sealed class ProvisioningPipelineTests(ProvisioningHost app) : IClassFixture<ProvisioningHost>
{
    [Fact]
    public async Task Signup_provisions_an_active_workspace_with_owner_defaults_alerts_and_welcome_mail()
    {
        var result = await app.SignUpAsync(ProvisioningHost.ValidForm("pipeline-e2e", "owner@pipeline.example.jp"));
        Assert.True(result.Succeeded, string.Join(", ", result.Problems));

        var request = await app.WaitForCompletionAsync(result.Value!.RequestId!);
        Assert.Equal(ProvisioningStatus.Succeeded, request.Status);
        Assert.All(request.Steps, s => Assert.Equal(StepStatus.Succeeded, s.Status));
        Assert.All(request.Steps, s => Assert.NotNull(s.CompletedAt));
        Assert.Null(request.AdminPasswordHash);
        Assert.NotNull(request.JobId);

        var tenant = await app.PlatformDbAsync(db => db.Tenants.AsNoTracking().SingleAsync(t => t.Identifier == "pipeline-e2e"));
        Assert.Equal(TenantStatus.Active, tenant.Status);
        Assert.Equal("株式会社テスト", tenant.Name);
        Assert.Equal("Standard", tenant.Plan);
        Assert.Equal("Asia/Tokyo", tenant.TimeZoneId);
        Assert.Equal("ja-JP", tenant.DefaultCulture);

        await using (var scope = await app.TenantScopeAsync(tenant.Id))
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var owner = await users.FindByEmailAsync("owner@pipeline.example.jp");
            Assert.NotNull(owner);
            Assert.False(owner.EmailConfirmed);
            Assert.Equal("山田 太郎", owner.DisplayName);
            Assert.True(await users.IsInRoleAsync(owner, Roles.Owner));
            Assert.True(await users.CheckPasswordAsync(owner, TestPasswords.Default));
        }

        var counts = await CountsAsync(tenant.Id);
        Assert.Equal(new Counts(1, 1, 4, 1, 15, 3), counts);
        var templates = await app.TenantDbAsync(tenant.Id, db => db.PromptTemplates.Select(t => t.Title).ToListAsync());
        Assert.Superset(new HashSet<string> { "議事録要約", "メール下書き", "日報", "翻訳" }, templates.ToHashSet());
        var settings = await app.TenantDbAsync(tenant.Id, db => db.WorkspaceSettings.SingleAsync());
        Assert.Equal(AiProviderChoice.SystemDefault, settings.AiProvider);
        var rules = await app.TenantDbAsync(tenant.Id, db => db.AlertRules.Select(r => new { r.Kind, r.ThresholdPercent }).ToListAsync());
        Assert.Contains(rules, r => r.Kind == AlertRuleKind.SystemAllowanceUsage && r.ThresholdPercent == 80);
        Assert.Contains(rules, r => r.Kind == AlertRuleKind.SystemAllowanceUsage && r.ThresholdPercent == 100);
        Assert.Contains(rules, r => r.Kind == AlertRuleKind.ProviderErrorRate);

        var mail = Assert.Single(app.PickedUpMailTo("owner@pipeline.example.jp"));
        Assert.Contains("株式会社テスト", mail.Subject);
        Assert.Contains(app.TenantUri("pipeline-e2e").AbsoluteUri, mail.TextBody);
        Assert.Contains("/Account/ConfirmEmail?userId=", mail.TextBody);
    }

    [Fact]
    public void Jobs_run_in_this_hosts_container_not_the_process_wide_activator()
    {
        // JobActivator.Current belongs to whichever host configured Hangfire last; with several hosts in one
        // process a job activated through it reads another host's database (or a disposed one).
        var activator = app.Services.GetRequiredService<JobActivator>();
        Assert.NotSame(JobActivator.Current, activator);
        using var scope = activator.BeginScope((JobActivatorContext)null!);
        Assert.IsType<ProvisioningJob>(scope.Resolve(typeof(ProvisioningJob)));
        var config = Assert.IsAssignableFrom<Microsoft.Extensions.Configuration.IConfiguration>(
            scope.Resolve(typeof(Microsoft.Extensions.Configuration.IConfiguration)));
        Assert.Same(app.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>(), config);
    }

    [Fact]
    public async Task Running_the_pipeline_and_every_step_again_leaves_one_of_everything()
    {
        var result = await app.SignUpAsync(ProvisioningHost.ValidForm("pipeline-twice", "owner@twice.example.jp"));
        var request = await app.WaitForCompletionAsync(result.Value!.RequestId!);
        var tenantId = request.TenantId;
        var before = await CountsAsync(tenantId);

        // The job again (Hangfire runs jobs at least once): a finished request is left alone.
        await app.Services.GetRequiredService<ProvisioningPipeline>().RunAsync(request.Id, CancellationToken.None);
        // Each idempotent step again, directly.
        var steps = app.Services.GetRequiredService<ProvisioningSteps>();
        foreach (var step in new[] { ProvisioningStep.CreateTenant, ProvisioningStep.CreateAdmin, ProvisioningStep.DefaultSettings, ProvisioningStep.Monitoring })
        {
            await steps.RunAsync(step, request, CancellationToken.None);
            await steps.RunAsync(step, request, CancellationToken.None);
        }

        Assert.Equal(before, await CountsAsync(tenantId));
        Assert.Equal(new Counts(1, 1, 4, 1, 15, 3), before);
        Assert.Single(app.PickedUpMailTo("owner@twice.example.jp"));
        Assert.Equal(1, await app.PlatformDbAsync(db => db.Tenants.CountAsync(t => t.Identifier == "pipeline-twice")));
    }

    [Fact]
    public async Task A_request_whose_steps_are_reset_resumes_without_duplicates()
    {
        var result = await app.SignUpAsync(ProvisioningHost.ValidForm("pipeline-reset", "owner@reset.example.jp"));
        var request = await app.WaitForCompletionAsync(result.Value!.RequestId!);
        var before = await CountsAsync(request.TenantId);

        // As if the process died after the data steps but before they were recorded: only the email stays done.
        await app.PlatformDbAsync(async db =>
        {
            await db.ProvisioningSteps.Where(s => s.RequestId == request.Id && s.Step != ProvisioningStep.WelcomeEmail)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, StepStatus.Pending));
            return await db.ProvisioningRequests.Where(r => r.Id == request.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ProvisioningStatus.Running).SetProperty(r => r.Runs, 0));
        });
        await app.Services.GetRequiredService<ProvisioningPipeline>().RunAsync(request.Id, CancellationToken.None);

        var after = await app.RequestAsync(request.Id);
        Assert.Equal(ProvisioningStatus.Succeeded, after!.Status);
        Assert.Equal(before, await CountsAsync(request.TenantId));
        Assert.Single(app.PickedUpMailTo("owner@reset.example.jp"));
    }

    private sealed record Counts(int Tenants, int Users, int Templates, int Guidelines, int ChecklistItems, int AlertRules);

    private async Task<Counts> CountsAsync(string tenantId)
    {
        var tenants = await app.PlatformDbAsync(db => db.Tenants.CountAsync(t => t.Id == tenantId));
        return await app.TenantDbAsync(tenantId, async db => new Counts(
            tenants,
            await db.Users.CountAsync(),
            await db.PromptTemplates.CountAsync(),
            await db.UsageGuidelines.CountAsync(),
            await db.OnboardingItems.CountAsync(),
            await db.AlertRules.CountAsync()));
    }
}
