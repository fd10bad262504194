using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Provisioning;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Provisioning;

/// <summary>
/// Three app instances with their Hangfire servers on one PostgreSQL database (job storage included), as a
/// scaled-out platform runs: signups submitted on any instance are provisioned exactly once each.
/// </summary>
public sealed class ThreeServerProvisioningTests : IAsyncLifetime
{
    private const int Signups = 6;
    private readonly string _shared = Path.Combine(Path.GetTempPath(), "sac-tests", "three-" + Guid.NewGuid().ToString("N"));
    private readonly List<ServerHost> _hosts = [];
    private string? _database;

    public async Task InitializeAsync()
    {
        _database = await PostgreSqlTestServer.CreateDatabaseAsync();
        await AppHost.MigratePostgreSqlAsync(_database);
        for (var i = 0; i < 3; i++)
        {
            var host = new ServerHost(_shared, _database);
            _hosts.Add(host);
            await host.InitializeAsync();
        }
    }

    [Fact]
    public async Task Signups_spread_over_three_instances_are_each_provisioned_exactly_once()
    {
        var monitoring = _hosts[0].Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        // A Hangfire server announces itself from its own background thread once its host has started: wait (bounded)
        // until all three are registered rather than read the list at once.
        using (var announced = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
        {
            while (monitoring.Servers().Count < 3 && !announced.IsCancellationRequested)
            {
                await Task.Delay(100, CancellationToken.None);
            }
        }

        Assert.Equal(3, monitoring.Servers().Count);

        var submitted = new List<(string Subdomain, string Email, string RequestId)>();
        for (var i = 0; i < Signups; i++)
        {
            var subdomain = $"three{i}-" + Guid.NewGuid().ToString("N")[..6];
            var email = $"owner{i}@{subdomain}.example.jp";
            var result = await _hosts[i % 3].SignUpAsync(ProvisioningHost.ValidForm(subdomain, email));
            Assert.True(result.Succeeded);
            submitted.Add((subdomain, email, result.Value!.RequestId!));
        }

        foreach (var (subdomain, email, requestId) in submitted)
        {
            var request = await _hosts[0].WaitForCompletionAsync(requestId);
            Assert.Equal(ProvisioningStatus.Succeeded, request.Status);
            Assert.Equal(1, request.Runs);
            Assert.All(request.Steps, s => Assert.Equal(StepStatus.Succeeded, s.Status));
            var tenant = await _hosts[1].PlatformDbAsync(db => db.Tenants.AsNoTracking().SingleAsync(t => t.Identifier == subdomain));
            Assert.Equal(1, await _hosts[2].TenantDbAsync(tenant.Id, db => db.Users.CountAsync()));
            Assert.Equal(4, await _hosts[2].TenantDbAsync(tenant.Id, db => db.PromptTemplates.CountAsync()));
            Assert.Single(_hosts[0].PickedUpMailTo(email));
            var job = monitoring.JobDetails(request.JobId);
            Assert.Single(job.History, h => h.StateName == "Processing");
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts) await host.DisposeAsync();
        if (_database is not null) await PostgreSqlTestServer.DropDatabaseAsync(_database);
        try
        {
            Directory.Delete(_shared, recursive: true);
        }
        catch (IOException)
        {
            // The mail folder may be held a moment longer; the temp folder is cleaned later.
        }
    }

    private sealed class ServerHost : ProvisioningHost
    {
        public ServerHost(string root, string database) : base(root)
        {
            UsePostgreSql(database);
        }
    }
}
