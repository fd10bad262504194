using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Provisioning;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Provisioning;

/// <summary>An operator retries a request that failed for good; the real job finishes it, once.</summary>
public sealed class ProvisioningRetryTests(ProvisioningHost app) : IClassFixture<ProvisioningHost>
{
    [Fact]
    public async Task A_failed_request_is_retried_and_provisions_the_workspace()
    {
        var requestId = await StoreFailedRequestAsync("retry-me");

        Assert.True(await RetryAsync(requestId));
        var request = await app.WaitForCompletionAsync(requestId);

        Assert.Equal(ProvisioningStatus.Succeeded, request.Status);
        Assert.All(request.Steps, s => Assert.Equal(StepStatus.Succeeded, s.Status));
        var tenant = await app.PlatformDbAsync(db => db.Tenants.AsNoTracking().SingleAsync(t => t.Identifier == "retry-me"));
        Assert.Equal(TenantStatus.Active, tenant.Status);
        Assert.Single(app.PickedUpMailTo("owner@retry.example.jp"));
    }

    [Fact]
    public async Task Succeeded_or_unknown_requests_are_not_retried()
    {
        var result = await app.SignUpAsync(ProvisioningHost.ValidForm("retry-done", "owner@retry-done.example.jp"));
        var done = await app.WaitForCompletionAsync(result.Value!.RequestId!);
        Assert.Equal(ProvisioningStatus.Succeeded, done.Status);

        Assert.False(await RetryAsync(done.Id));
        Assert.False(await RetryAsync("no-such-request"));
    }

    [Fact]
    public async Task The_operator_page_is_for_operators_on_the_platform_host_only()
    {
        await StoreFailedRequestAsync("shown-failed");
        using var anonymous = app.CreateLoopbackClient();
        var response = await anonymous.GetAsync(new Uri(app.PlatformUri, "/ops"));
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location!.ToString());

        var email = await app.CreateOperatorAsync();
        using var ops = app.CreateLoopbackClient(new CookieContainer());
        await app.SignInOperatorAsync(ops, email);
        var page = await ops.GetAsync(new Uri(app.PlatformUri, "/ops"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("shown-failed", html);
        Assert.Contains("data-testid=\"retry-shown-failed\"", html);

        await app.EnsureTenantAsync("ops-elsewhere");
        using var member = app.CreateLoopbackClient();
        var onTenantHost = await (await member.GetAsync(app.TenantUri("ops-elsewhere", "/ops"))).Content.ReadAsStringAsync();
        Assert.DoesNotContain("shown-failed", onTenantHost);
    }

    private async Task<bool> RetryAsync(string requestId)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope();
        return await scope.ServiceProvider.GetRequiredService<ProvisioningOperations>().RetryAsync(requestId);
    }

    [Fact]
    public async Task A_retry_writes_exactly_one_platform_audit_entry_and_a_refused_retry_none()
    {
        // Its own owner address: the other tests count the mails sent to theirs.
        var requestId = await StoreFailedRequestAsync("retry-audited", "owner@retry-audited.example.jp");

        Assert.True(await RetryAsync(requestId));
        Assert.False(await RetryAsync("no-such-request"));

        var entries = await app.PlatformDbAsync(db => db.PlatformAuditEntries.AsNoTracking()
            .Where(e => e.Action == AuditActions.ProvisioningRetried).ToListAsync());
        var entry = Assert.Single(entries);
        Assert.Equal((requestId, "retry-audited"), (entry.TargetId, entry.TargetDisplay));
        Assert.Contains("CreateTenant", entry.Details, StringComparison.Ordinal);
        Assert.DoesNotContain("database unavailable", entry.Details, StringComparison.Ordinal);
        await app.WaitForCompletionAsync(requestId);
    }

    /// <summary>A request as the pipeline leaves it after its last run failed at the first step.</summary>
    private async Task<string> StoreFailedRequestAsync(string subdomain, string adminEmail = "owner@retry.example.jp")
    {
        var hasher = app.Services.GetRequiredService<IPasswordHasher<AppUser>>();
        var request = new ProvisioningRequest
        {
            Id = Guid.NewGuid().ToString("N"),
            Identifier = subdomain,
            CompanyName = "株式会社リトライ",
            AdminName = "再実行 花子",
            AdminEmail = adminEmail,
            AdminPasswordHash = hasher.HashPassword(new AppUser(), TestPasswords.Default),
            Plan = "Starter",
            PlatformBaseUrl = app.PlatformUri.AbsoluteUri,
            Status = ProvisioningStatus.Failed,
            Runs = 4,
            Error = "database unavailable",
        };
        foreach (var step in ProvisioningPipeline.Order)
        {
            request.Steps.Add(new ProvisioningStepRecord
            {
                RequestId = request.Id,
                Step = step,
                Status = step == ProvisioningStep.CreateTenant ? StepStatus.Failed : StepStatus.Pending,
                Error = step == ProvisioningStep.CreateTenant ? "database unavailable" : null,
            });
        }
        await app.PlatformDbAsync(async db =>
        {
            db.ProvisioningRequests.Add(request);
            await db.SaveChangesAsync();
            return 0;
        });
        return request.Id;
    }
}
