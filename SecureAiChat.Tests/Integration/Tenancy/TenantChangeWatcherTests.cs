using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Tests.Integration.Team;

namespace SecureAiChat.Tests.Integration.Tenancy;

/// <summary>The change poll tells every listener of a change, even when another listener fails.</summary>
public sealed class TenantChangeWatcherTests(TeamAppHost app) : IClassFixture<TeamAppHost>
{
    [Fact]
    public async Task A_failing_listener_does_not_keep_the_others_from_hearing_of_a_change()
    {
        var (tenantId, _, _) = await app.WorkspaceAsync("watch");
        var watcher = app.Services.GetRequiredService<TenantChangeWatcher>();
        await watcher.PollAsync(); // knows the current versions
        var heard = new List<string>();
        void Failing(AppTenantInfo tenant) => throw new ObjectDisposedException("page");
        void Recording(AppTenantInfo tenant)
        {
            lock (heard) heard.Add(tenant.Id);
        }

        watcher.Changed += Failing;
        watcher.Changed += Recording;
        try
        {
            await app.OtherInstanceDbAsync(tenantId, async db =>
            {
                var tenant = await db.Tenants.SingleAsync(t => t.Id == tenantId);
                tenant.Name = "名前を変更";
                return await db.SaveChangesAsync();
            });
            await watcher.PollAsync();
        }
        finally
        {
            watcher.Changed -= Failing;
            watcher.Changed -= Recording;
        }

        lock (heard) Assert.Contains(tenantId, heard);
    }
}
