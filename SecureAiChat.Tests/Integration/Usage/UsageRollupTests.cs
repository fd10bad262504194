using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Providers;
using SecureAiChat.Core.Settings;
using SecureAiChat.Core.Team;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Core.Usage;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Usage;

/// <summary>
/// The usage rollups always equal the raw records' sums, whatever order, repetition, overlap or crash of runs; days are the
/// workspace's days; answers carry the member's department of the time.
/// </summary>
public sealed class UsageRollupTests(AiSettingsAppHost app) : UsageRollupCases<AiSettingsAppHost>(app)
{
    /// <summary>
    /// SQLite: the rollup writes through SQLite's own statements, not EF Core, so its rows must hold exactly the text EF Core
    /// would write for the same values (a date or decimal in another form would sort, compare and read differently).
    /// </summary>
    [Fact]
    public async Task Rollup_rows_written_on_sqlite_hold_exactly_the_text_ef_core_writes_for_the_same_values()
    {
        var tenant = await App.CreateTenantAsync("rt" + Guid.NewGuid().ToString("N")[..8]);
        var at = new DateTime(2026, 7, 1, 3, 25, 7, DateTimeKind.Utc).AddTicks(1234567);
        await App.TenantDbAsync(tenant.Id, db =>
        {
            db.UsageRecords.AddRange(
                new UsageRecord { UserId = "u-1", DepartmentId = Guid.NewGuid(), Model = "gpt-4o", InputTokens = 1234, OutputTokens = 567, TimeToFirstTokenMs = 420, CreatedAt = at },
                new UsageRecord { UserId = "u-2", Model = "unpriced-model", InputTokens = 1, OutputTokens = 2, CreatedAt = at.AddMinutes(1) });
            return db.SaveChangesAsync();
        });
        await Job(new ManualTime(new DateTimeOffset(2026, 7, 2, 0, 0, 0, TimeSpan.Zero))).RollUpAsync(tenant.Id);

        foreach (var table in new[] { "UsageHourlyRollups", "UsageDailyRollups" })
        {
            await App.TenantDbAsync(tenant.Id, async db =>
            {
                List<UsageRollupFigures> rows = table == "UsageHourlyRollups"
                    ? [.. await db.UsageHourlyRollups.AsNoTracking().ToListAsync()]
                    : [.. await db.UsageDailyRollups.AsNoTracking().ToListAsync()];
                Assert.Equal(2, rows.Count);
                var copies = rows.Select(r =>
                {
                    var copy = (UsageRollupFigures)db.Entry(r).CurrentValues.ToObject();
                    copy.Id = Guid.NewGuid();
                    return copy;
                }).ToList();
                db.AddRange(copies);
                await db.SaveChangesAsync();
                await db.Database.OpenConnectionAsync();
                foreach (var (row, copy) in rows.Zip(copies))
                {
                    var written = await ColumnsAsync(db, table, row.Id);
                    Assert.Equal(await ColumnsAsync(db, table, copy.Id), written);
                    Assert.Contains("text:" + row.Id.ToString().ToUpperInvariant(), await IdTextAsync(db, table, row.Id));
                }

                return 0;
            });
        }
    }

    // Every column but the id, each as the type of its stored value (SQLite's storage class) and the value.
    private static async Task<string> ColumnsAsync(AppDbContext db, string table, Guid id)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\" WHERE \"Id\" = '{id.ToString().ToUpperInvariant()}'";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return string.Join("|", Enumerable.Range(0, reader.FieldCount).Where(i => reader.GetName(i) != "Id")
            .Select(i => reader.IsDBNull(i) ? $"{reader.GetName(i)}=NULL" : $"{reader.GetName(i)}={reader.GetValue(i).GetType().Name}:{reader.GetValue(i)}"));
    }

    private static async Task<string> IdTextAsync(AppDbContext db, string table, Guid id)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT typeof(\"Id\") || ':' || \"Id\" FROM \"{table}\" WHERE \"Id\" = '{id.ToString().ToUpperInvariant()}'";
        return (string)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>The same on PostgreSQL (the rollup reads and writes through each provider's own types and statements).</summary>
public sealed class PostgreSqlUsageRollupTests(Integration.PostgreSql.PostgreSqlAiSettingsAppHost app) : UsageRollupCases<Integration.PostgreSql.PostgreSqlAiSettingsAppHost>(app);

public abstract class UsageRollupCases<THost>(THost app) : IClassFixture<THost>
    where THost : AiSettingsAppHost
{
    protected THost App => app;

    private static readonly string[] Models = ["gpt-4o-mini", "gpt-4o", "unpriced-model"];

    protected sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class SimulatedCrash : Exception;

    protected UsageRollupJob Job(TimeProvider time, int maxRecordsPerBatch = 20_000) => new(app.Services.GetRequiredService<TenantScopeFactory>(), time,
        app.Services.GetRequiredService<IOptions<UsagePricingOptions>>(), NullLogger<UsageRollupJob>.Instance) { MaxRecordsPerBatch = maxRecordsPerBatch };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Rollups_equal_the_raw_sums_after_random_runs_repeats_overlaps_and_crashes(int seed)
    {
        var random = new Random(seed);
        var tenant = await app.CreateTenantAsync("ru" + Guid.NewGuid().ToString("N")[..8]);
        var users = new[] { "u-a", "u-b", "u-c" };
        var departments = new Guid?[] { Guid.NewGuid(), Guid.NewGuid(), null };
        // 22:00 in Tokyo on the last day of March: the runs cross Tokyo midnight, a month end and a fiscal year end.
        var time = new ManualTime(new DateTimeOffset(2026, 3, 31, 13, 0, 0, TimeSpan.Zero));
        // Odd seeds cut catch-ups into batches of a few records, so runs also end and resume at batch edges.
        var job = Job(time, seed % 2 == 1 ? 5 : 20_000);

        for (var step = 0; step < 40; step++)
        {
            var batch = Enumerable.Range(0, random.Next(0, 12)).Select(_ => new UsageRecord
            {
                UserId = users[random.Next(users.Length)],
                DepartmentId = departments[random.Next(departments.Length)],
                Model = Models[random.Next(Models.Length)],
                Provider = random.Next(2) == 0 ? ProviderKind.OpenAI : ProviderKind.Demo,
                Source = random.Next(2) == 0 ? AiProviderChoice.SystemDefault : AiProviderChoice.OwnOpenAIKey,
                InputTokens = random.Next(0, 5000),
                OutputTokens = random.Next(0, 5000),
                TimeToFirstTokenMs = random.Next(3) == 0 ? null : random.Next(50, 4000),
                Status = (MessageStatus)random.Next(3),
                CreatedAt = time.Now.UtcDateTime.AddSeconds(-random.Next(0, 60)),
            }).ToList();
            await app.TenantDbAsync(tenant.Id, db =>
            {
                db.UsageRecords.AddRange(batch);
                return db.SaveChangesAsync();
            });

            switch (random.Next(5))
            {
                case 0:
                    await job.RollUpAsync(tenant.Id);
                    break;
                case 1:
                    await Task.WhenAll(job.RollUpAsync(tenant.Id), job.RollUpAsync(tenant.Id), job.ReconcileAsync(tenant.Id, 2));
                    break;
                case 2:
                    var before = await SnapshotAsync(tenant.Id);
                    await Assert.ThrowsAsync<SimulatedCrash>(() => random.Next(2) == 0
                        ? job.RollUpAsync(tenant.Id, () => throw new SimulatedCrash())
                        : job.ReconcileAsync(tenant.Id, 3, () => throw new SimulatedCrash()));
                    var after = await SnapshotAsync(tenant.Id);
                    Assert.Equal(before.Rollups, after.Rollups);
                    // The state row itself is created outside the run's transaction (it holds nothing but the starting point).
                    if (before.Watermark is not null) Assert.Equal(before.Watermark, after.Watermark);
                    break;
                case 3:
                    await job.ReconcileAsync(tenant.Id, 2);
                    break;
                default:
                    break; // no run this time
            }

            time.Now += TimeSpan.FromMinutes(random.Next(1, 180));
        }

        time.Now += UsageRollupJob.SettleDelay;
        await job.RollUpAsync(tenant.Id);
        await job.RollUpAsync(tenant.Id);

        await AssertRollupsEqualRawSumsAsync(tenant.Id);
    }

    [Fact]
    public async Task A_catch_up_over_more_records_than_a_batch_takes_commits_several_batches_that_end_on_hours_and_add_up()
    {
        var tenant = await app.CreateTenantAsync("rb" + Guid.NewGuid().ToString("N")[..8]);
        var start = new DateTime(2026, 6, 1, 0, 10, 0, DateTimeKind.Utc);
        // 4 records in each of 6 hours: 24 records, one day.
        await app.TenantDbAsync(tenant.Id, db =>
        {
            db.UsageRecords.AddRange(Enumerable.Range(0, 24).Select(i => new UsageRecord
            {
                UserId = "u" + (i % 3), Model = Models[i % Models.Length], InputTokens = i, OutputTokens = 1, CreatedAt = start.AddHours(i / 4).AddMinutes(i % 4),
            }));
            return db.SaveChangesAsync();
        });
        var time = new ManualTime(new DateTimeOffset(2026, 6, 2, 0, 0, 0, TimeSpan.Zero));
        var watermarks = new List<DateTime>();
        var job = Job(time, maxRecordsPerBatch: 10);

        Assert.Equal(24, await job.RollUpAsync(tenant.Id, async () =>
            watermarks.Add(await app.TenantDbAsync(tenant.Id, db => db.UsageRollupStates.AsNoTracking().Select(s => s.WatermarkUtc).SingleAsync()))));

        // The callback runs just before each batch commits and reads the committed watermark from another connection: the
        // state row's starting point (the first record), then the end of each batch, at the hour of its 11th record.
        Assert.Equal([start, start.Date.AddHours(2), start.Date.AddHours(4)], watermarks);
        await AssertRollupsEqualRawSumsAsync(tenant.Id);
    }

    [Fact]
    public async Task A_day_is_the_workspace_day_so_Tokyo_midnight_splits_two_answers_one_second_apart()
    {
        var tenant = await app.CreateTenantAsync("rt" + Guid.NewGuid().ToString("N")[..8]);
        var beforeMidnight = new DateTime(2026, 3, 31, 14, 59, 59, DateTimeKind.Utc); // 2026-03-31 23:59:59 JST
        var atMidnight = new DateTime(2026, 3, 31, 15, 0, 0, DateTimeKind.Utc);       // 2026-04-01 00:00:00 JST
        await app.TenantDbAsync(tenant.Id, db =>
        {
            db.UsageRecords.Add(new UsageRecord { UserId = "u", Model = "gpt-4o-mini", InputTokens = 100, OutputTokens = 1, CreatedAt = beforeMidnight });
            db.UsageRecords.Add(new UsageRecord { UserId = "u", Model = "gpt-4o-mini", InputTokens = 200, OutputTokens = 2, CreatedAt = atMidnight });
            return db.SaveChangesAsync();
        });

        await Job(new ManualTime(new DateTimeOffset(2026, 4, 2, 0, 0, 0, TimeSpan.Zero))).RollUpAsync(tenant.Id);

        var days = await app.TenantDbAsync(tenant.Id, db => db.UsageDailyRollups.AsNoTracking().OrderBy(r => r.Day).ToListAsync());
        Assert.Equal([(new DateOnly(2026, 3, 31), 100L), (new DateOnly(2026, 4, 1), 200L)], days.Select(d => (d.Day, d.InputTokens)));
        var hours = await app.TenantDbAsync(tenant.Id, db => db.UsageHourlyRollups.AsNoTracking().OrderBy(r => r.HourStartUtc).ToListAsync());
        Assert.Equal([14, 15], hours.Select(h => h.HourStartUtc.Hour));
    }

    [Fact]
    public async Task A_workspace_in_a_daylight_saving_zone_gets_each_answer_on_the_day_of_its_own_offset_across_the_change()
    {
        var tenant = await app.CreateTenantAsync("rz" + Guid.NewGuid().ToString("N")[..8]);
        await using (var platform = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope())
        {
            var db = platform.ServiceProvider.GetRequiredService<SecureAiChat.Core.Data.AppDbContext>();
            await db.Tenants.Where(t => t.Id == tenant.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.TimeZoneId, "Europe/Berlin"));
        }

        // Berlin moves from UTC+1 to UTC+2 at 2026-03-29 01:00 UTC: one rebuild spans both offsets.
        var earlyOnThe29th = new DateTime(2026, 3, 28, 23, 30, 0, DateTimeKind.Utc); // 00:30 CET, 29 March
        var lateOnThe29th = new DateTime(2026, 3, 29, 21, 30, 0, DateTimeKind.Utc);   // 23:30 CEST, 29 March
        var earlyOnThe30th = new DateTime(2026, 3, 29, 22, 30, 0, DateTimeKind.Utc);  // 00:30 CEST, 30 March (23:30 at UTC+1)
        await app.TenantDbAsync(tenant.Id, db =>
        {
            db.UsageRecords.Add(new UsageRecord { UserId = "u", Model = "gpt-4o-mini", InputTokens = 1, CreatedAt = earlyOnThe29th });
            db.UsageRecords.Add(new UsageRecord { UserId = "u", Model = "gpt-4o-mini", InputTokens = 10, CreatedAt = lateOnThe29th });
            db.UsageRecords.Add(new UsageRecord { UserId = "u", Model = "gpt-4o-mini", InputTokens = 100, CreatedAt = earlyOnThe30th });
            return db.SaveChangesAsync();
        });

        await Job(new ManualTime(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero))).RollUpAsync(tenant.Id);

        var days = await app.TenantDbAsync(tenant.Id, db => db.UsageDailyRollups.AsNoTracking().OrderBy(r => r.Day).ToListAsync());
        Assert.Equal([(new DateOnly(2026, 3, 29), 11L), (new DateOnly(2026, 3, 30), 100L)], days.Select(d => (d.Day, d.InputTokens)));
    }

    [Fact]
    public async Task Records_younger_than_the_settle_delay_wait_for_the_next_run()
    {
        var tenant = await app.CreateTenantAsync("rs" + Guid.NewGuid().ToString("N")[..8]);
        var now = new DateTimeOffset(2026, 5, 1, 3, 0, 0, TimeSpan.Zero);
        await app.TenantDbAsync(tenant.Id, db =>
        {
            db.UsageRecords.Add(new UsageRecord { UserId = "u", Model = "gpt-4o", InputTokens = 1, CreatedAt = now.UtcDateTime.AddMinutes(-10) });
            db.UsageRecords.Add(new UsageRecord { UserId = "u", Model = "gpt-4o", InputTokens = 1, CreatedAt = now.UtcDateTime.AddSeconds(-30) });
            return db.SaveChangesAsync();
        });
        var time = new ManualTime(now);

        Assert.Equal(1, await Job(time).RollUpAsync(tenant.Id));
        time.Now += UsageRollupJob.SettleDelay;
        Assert.Equal(1, await Job(time).RollUpAsync(tenant.Id));
        Assert.Equal(0, await Job(time).RollUpAsync(tenant.Id));
        await AssertRollupsEqualRawSumsAsync(tenant.Id);
    }

    [Fact]
    public async Task An_answer_records_the_members_department_of_the_time()
    {
        var tenant = await app.CreateTenantAsync("rd" + Guid.NewGuid().ToString("N")[..8]);
        var member = await app.CreateUserAsync(tenant.Id, $"{Guid.NewGuid():N}@example.jp");
        var sales = new Department { Name = "営業部" };
        await app.TenantDbAsync(tenant.Id, async db =>
        {
            db.Departments.Add(sales);
            await db.SaveChangesAsync();
            return await db.Users.Where(u => u.Id == member.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DepartmentId, sales.Id));
        });

        await app.AskAsync(tenant.Id, member.Id, "こんにちは");
        await app.TenantDbAsync(tenant.Id, db => db.Users.Where(u => u.Id == member.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DepartmentId, (Guid?)null)));
        await app.AskAsync(tenant.Id, member.Id, "もう一度");

        var records = await app.TenantDbAsync(tenant.Id, db => db.UsageRecords.AsNoTracking().OrderBy(u => u.CreatedAt).ToListAsync());
        Assert.Equal([sales.Id, null], records.Select(r => r.DepartmentId));
        Assert.All(records, r => Assert.Equal(AiProviderChoice.SystemDefault, r.Source));
    }

    private async Task<(string Rollups, DateTime? Watermark)> SnapshotAsync(string tenantId) => await app.TenantDbAsync(tenantId, async db =>
    {
        var watermark = await db.UsageRollupStates.AsNoTracking().Select(s => (DateTime?)s.WatermarkUtc).SingleOrDefaultAsync();
        var hourly = await db.UsageHourlyRollups.AsNoTracking().ToListAsync();
        var daily = await db.UsageDailyRollups.AsNoTracking().ToListAsync();
        return (string.Join(";", hourly.Select(h => $"{h.HourStartUtc:O}{Line(h)}").Order())
            + "|" + string.Join(";", daily.Select(d => $"{d.Day}{Line(d)}").Order()), watermark);
    });

    // The hourly grain has no member or department (UsageHourlyRollup): its line starts at the model.
    private static string Line(UsageRollupFigures r) =>
        $"{(r is UsageDailyRollup d ? $"{d.UserId},{d.DepartmentId}," : "")}{r.Model},{r.Provider},{r.Source},{r.Answers},{r.Failures},{r.InputTokens},{r.OutputTokens},{r.CostYen?.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture)},{r.TimeToFirstTokenSumMs},{r.TimeToFirstTokenCount}";

    private async Task AssertRollupsEqualRawSumsAsync(string tenantId)
    {
        var pricing = app.Services.GetRequiredService<IOptions<UsagePricingOptions>>().Value;
        var (records, hourly, daily) = await app.TenantDbAsync(tenantId, async db => (
            await db.UsageRecords.AsNoTracking().ToListAsync(),
            await db.UsageHourlyRollups.AsNoTracking().ToListAsync(),
            await db.UsageDailyRollups.AsNoTracking().ToListAsync()));

        string Expected(IEnumerable<UsageRecord> bucket, UsageRecord k, bool daily)
        {
            var list = bucket.ToList();
            long input = list.Sum(r => (long)r.InputTokens), output = list.Sum(r => (long)r.OutputTokens);
            UsageRollupFigures figures = daily ? new UsageDailyRollup { UserId = k.UserId, DepartmentId = k.DepartmentId } : new UsageHourlyRollup();
            figures.Model = k.Model;
            figures.Provider = k.Provider;
            figures.Source = k.Source;
            figures.Answers = list.Count;
            figures.Failures = list.Count(r => r.Status == MessageStatus.Failed);
            figures.InputTokens = input;
            figures.OutputTokens = output;
            figures.CostYen = pricing.EstimateYen(k.Model, input, output) is { } yen ? Math.Round(yen, 6) : null;
            figures.TimeToFirstTokenSumMs = list.Sum(r => (long)(r.TimeToFirstTokenMs ?? 0));
            figures.TimeToFirstTokenCount = list.Count(r => r.TimeToFirstTokenMs is not null);
            return Line(figures);
        }

        var expectedHours = records.GroupBy(r => (r.CreatedAt.Date.AddHours(r.CreatedAt.Hour), r.Model, r.Provider, r.Source))
            .Select(g => $"{g.Key.Item1:yyyy-MM-ddTHH}|{Expected(g, g.First(), daily: false)}").Order().ToList();
        var actualHours = hourly.Select(h => $"{h.HourStartUtc:yyyy-MM-ddTHH}|{Line(h)}").Order().ToList();
        Assert.Equal(string.Join("\n", expectedHours), string.Join("\n", actualHours));

        var expectedDays = records.GroupBy(r => (UsageRollupJob.LocalDay(r.CreatedAt, WorkspaceTime.Tokyo), r.UserId, r.DepartmentId, r.Model, r.Provider, r.Source))
            .Select(g => $"{g.Key.Item1}|{Expected(g, g.First(), daily: true)}").Order().ToList();
        var actualDays = daily.Select(d => $"{d.Day}|{Line(d)}").Order().ToList();
        Assert.Equal(string.Join("\n", expectedDays), string.Join("\n", actualDays));
        Assert.NotEmpty(actualDays);
    }
}
