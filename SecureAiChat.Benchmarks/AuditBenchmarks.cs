using System.Diagnostics;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Team;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Benchmarks;

/// <summary>
/// Figure 9 (issue 13's targets), in a workspace of its own: 9a what recording an entry adds to a save (the same
/// department insert with and without <c>IAuditLog.Record</c>, alternating); 9b the viewer's first page
/// (<see cref="AuditLogQuery.PageAsync"/>) with the chain at its full length; 9c <c>audit verify</c>'s speed over it.
/// The chain is filled through the real writer (10,000 entries per save), so every hash is real.
/// </summary>
public static class AuditBenchmarks
{
    private const int SeedBatch = 10_000;

    public static async Task RunAsync(BenchHost app, BenchSettings settings, Report report)
    {
        // The app's schedule (alert checks every minute, rollups every five) would run beside the measurements: as figure 11
        // does, the recurring jobs are removed, here all of them (the app registers them again at its next start).
        var recurring = app.Services.GetRequiredService<IRecurringJobManager>();
        using (var storage = app.Services.GetRequiredService<JobStorage>().GetConnection())
        {
            foreach (var job in storage.GetRecurringJobs()) recurring.RemoveIfExists(job.Id);
        }

        var tenant = await app.CreateTenantAsync("bench-audit-" + Guid.NewGuid().ToString("N")[..6]);
        var scopes = app.Services.GetRequiredService<TenantScopeFactory>();

        var bare = new List<double>();
        var audited = new List<double>();
        var writeCpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < settings.AuditWriteRepeats; i++)
        {
            bare.Add(await SaveDepartmentAsync(scopes, tenant.Id, $"部署 {i}", record: false));
            audited.Add(await SaveDepartmentAsync(scopes, tenant.Id, $"監査部署 {i}", record: true));
        }
        var writeCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - writeCpu).TotalSeconds;
        var writeAdded = Stats.Median(audited) - Stats.Median(bare);
        report.Add(new Figure("9a", $"Audit entry written in the same transaction as a change ({settings.AuditWriteRepeats} saves each)",
            $"{Stats.F(Stats.Median(bare), "0.00")} ms save alone", $"{Stats.F(Stats.Median(audited), "0.00")} ms with its entry",
            $"+{Stats.F(writeAdded, "0.00")} ms", $"IQR {Stats.Iqr(audited, "0.00")} ms; {Stats.F(writeCpuSeconds, "0.0")} CPU-s for all {2 * settings.AuditWriteRepeats} saves",
            "≤ 1 ms p50", writeAdded <= 1));

        var seeded = await SeedAsync(scopes, tenant.Id, settings.AuditChainLength);
        var pages = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            await using var scope = await scopes.CreateScopeAsync(tenant.Id);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var clock = Stopwatch.StartNew();
            var page = await AuditLogQuery.PageAsync<AuditEntry>(db, AuditFilter.None, WorkspaceTime.Tokyo, null, 50);
            pages.Add(clock.Elapsed.TotalMilliseconds);
            if (page.Entries.Count != 50) throw new InvalidOperationException("The first page is not full.");
        }
        var firstPage = Stats.Median(pages);
        report.Add(new Figure("9b", $"Audit viewer's first page (50 newest, keyset) with {seeded:N0} entries in the workspace",
            "–", $"{Stats.F(firstPage, "0.0")} ms", $"{Stats.F(firstPage, "0.0")} ms", $"IQR {Stats.Iqr(pages, "0.0")} ms", "≤ 200 ms", firstPage <= 200));

        await using (var scope = await scopes.CreateScopeAsync(tenant.Id))
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var result = await app.Services.GetRequiredService<AuditVerifier>().VerifyAsync(db, AuditChains.ForTenant(tenant.Id));
            var seconds = clock.Elapsed.TotalSeconds;
            // CPU time tells the work apart from the machine's load: on two shared cores the wall time alone moves with
            // whatever else runs, the CPU seconds much less.
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            if (!result.Intact) throw new InvalidOperationException($"The benchmark chain does not verify: {result.Problem} at {result.FirstBrokenSequence}.");
            var rate = result.EntriesChecked / seconds;
            report.Add(new Figure("9c", $"audit verify over {result.EntriesChecked:N0} entries (streamed, one HMAC each)",
                "–", $"{Stats.F(seconds, "0.00")} s", $"{Stats.F(rate / 1000, "0")}k entries/s", $"one run, {Stats.F(cpuSeconds, "0.0")} CPU-s", "≥ 200k entries/s", rate >= 200_000));
        }
    }

    private static async Task<double> SaveDepartmentAsync(TenantScopeFactory scopes, string tenantId, string name, bool record)
    {
        await using var scope = await scopes.CreateScopeAsync(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
        var clock = Stopwatch.StartNew();
        var department = db.Departments.Add(new Department { Name = name }).Entity;
        if (record) audit.Record(db, AuditActions.DepartmentCreated, new AuditTarget("department", department.Id.ToString(), name));
        await db.SaveChangesAsync();
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>Fills the chain to <paramref name="length"/> entries; returns the chain's length.</summary>
    private static async Task<long> SeedAsync(TenantScopeFactory scopes, string tenantId, int length)
    {
        long count;
        await using (var scope = await scopes.CreateScopeAsync(tenantId))
        {
            count = await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries.LongCountAsync();
        }
        while (count < length)
        {
            var batch = (int)Math.Min(SeedBatch, length - count);
            await using var scope = await scopes.CreateScopeAsync(tenantId);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
            for (var i = 0; i < batch; i++)
            {
                audit.Record(db, AuditActions.MemberMoved, AuditTarget.User("bench-user-" + (i % 500), "社員 " + (i % 500)), new { department = "営業部" });
            }
            await db.SaveChangesAsync();
            count += batch;
        }
        return count;
    }
}
