using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Provisioning;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Provisioning;

/// <summary>
/// The app with its in-process Hangfire server on SQLite storage in the test's folder, a generous signup
/// rate limit, and helpers to sign up and wait for provisioning. Pass <paramref name="sharedRoot"/> to run a
/// second host on the same database, job storage and mail folder (kill-and-resume).
/// </summary>
public class ProvisioningHost : AppHost
{
    public ProvisioningHost() : this(null)
    {
    }

    protected ProvisioningHost(string? sharedRoot)
    {
        Root = sharedRoot ?? DataRoot;
        Directory.CreateDirectory(Root);
        Configure("ConnectionStrings:Default", $"Data Source={Path.Combine(Root, "app.db")}");
        Configure("Email:PickupDirectory", Path.Combine(Root, "mail"));
        Configure("Hangfire:SqlitePath", Path.Combine(Root, "hangfire.db"));
        // Hangfire's retries (10 s, then 1 min) are picked up within a second instead of the production 15 s.
        Configure("Hangfire:SchedulePollingSeconds", "1");
        Configure("Signup:RateLimitPermits", "1000");
        Configure("Email:SalesAddress", "sales@example.jp");
    }

    /// <summary>The folder holding this host's database, job storage and mail (shared between hosts when given).</summary>
    public string Root { get; }

    public string PickupDirectory => Path.Combine(Root, "mail");

    /// <inheritdoc />
    protected override string MailPickupDirectory => PickupDirectory;

    public static SignupForm ValidForm(string subdomain, string email = "owner@example.jp") => new()
    {
        CompanyName = "株式会社テスト",
        Subdomain = subdomain,
        AdminName = "山田 太郎",
        AdminEmail = email,
        Password = TestPasswords.Default,
        Plan = "Standard",
        AcceptTerms = true,
    };

    public SignupContext Context(string clientAddress = "127.0.0.1") => new(clientAddress, "ja-JP", PlatformUri.AbsoluteUri);

    /// <summary>Submits through the real signup service, as the page does.</summary>
    public async Task<Result<SignupAccepted, SignupProblem>> SignUpAsync(SignupForm form, string clientAddress = "127.0.0.1")
    {
        await using var scope = Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope();
        return await scope.ServiceProvider.GetRequiredService<SignupService>().SubmitAsync(form, Context(clientAddress));
    }

    public async Task<ProvisioningRequest?> RequestAsync(string requestId)
    {
        await using var scope = Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.ProvisioningRequests.AsNoTracking().Include(r => r.Steps).SingleOrDefaultAsync(r => r.Id == requestId);
    }

    /// <summary>Polls the durable request (the status page does the same) until it matches, or fails after the timeout.</summary>
    public async Task<ProvisioningRequest> WaitForAsync(string requestId, Func<ProvisioningRequest, bool> condition, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        ProvisioningRequest? last = null;
        while (true)
        {
            last = await RequestAsync(requestId);
            if (last is not null && condition(last)) return last;
            try
            {
                await timer.WaitForNextTickAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Request {requestId} did not reach the expected state; last: {last?.Status} "
                    + string.Join(", ", last?.Steps.Select(s => $"{s.Step}={s.Status}({s.Error})") ?? [])
                    + "; job: " + DescribeJob(last?.JobId));
            }
        }
    }

    /// <summary>The Hangfire job's state history, newest first, so a timeout says where the job stood.</summary>
    private string DescribeJob(string? jobId)
    {
        if (jobId is null) return "none";
        var monitoring = Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var details = monitoring.JobDetails(jobId);
        if (details is null) return $"{jobId} unknown";
        var servers = monitoring.Servers()
            .Select(s => $"{s.Name} workers={s.WorkersCount} heartbeat={s.Heartbeat:HH:mm:ss}");
        return $"{jobId} " + string.Join(" <- ", details.History.Select(h =>
            $"{h.StateName}@{h.CreatedAt:HH:mm:ss.fff}({h.Reason}{(h.Data.TryGetValue("ExceptionMessage", out var m) ? ": " + m : "")})"))
            + $"; servers: {string.Join(", ", servers)}; now {DateTime.UtcNow:HH:mm:ss.fff}";
    }

    public Task<ProvisioningRequest> WaitForCompletionAsync(string requestId) =>
        WaitForAsync(requestId, r => r.Status is ProvisioningStatus.Succeeded or ProvisioningStatus.Failed);

    /// <summary>Counts global rows from the platform scope.</summary>
    public async Task<T> PlatformDbAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var scope = Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }
}
