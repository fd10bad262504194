using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Team;
using SecureAiChat.Core.Usage;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Usage;

/// <summary>The monthly usage report reaches Owners and Admins once per month, in their language, with the chargeback attached.</summary>
public sealed class UsageMonthlyReportTests(AppHost app) : IClassFixture<AppHost>
{
    private static readonly DateOnly March = new(2026, 3, 1);

    [Fact]
    public async Task Owners_and_admins_get_one_report_each_in_their_language_with_the_chargeback_even_when_the_job_runs_twice()
    {
        var tenant = await app.CreateTenantAsync("mr" + Guid.NewGuid().ToString("N")[..8], "月報商事");
        var owner = await app.CreateUserAsync(tenant.Id, $"owner-{Guid.NewGuid():N}@example.jp", role: Roles.Owner);
        var admin = await app.CreateUserAsync(tenant.Id, $"admin-{Guid.NewGuid():N}@example.jp", role: Roles.Admin);
        var member = await app.CreateUserAsync(tenant.Id, $"member-{Guid.NewGuid():N}@example.jp");
        await app.TenantDbAsync(tenant.Id, db => db.Users.Where(u => u.Id == admin.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Culture, "en-US")));
        var sales = new Department { Name = "営業部" };
        await app.TenantDbAsync(tenant.Id, db =>
        {
            db.Departments.Add(sales);
            db.UsageRecords.Add(new UsageRecord { UserId = member.Id, DepartmentId = sales.Id, Model = "gpt-4o", OutputTokens = 1_000_000, CreatedAt = new DateTime(2026, 3, 15, 3, 0, 0, DateTimeKind.Utc) });
            return db.SaveChangesAsync();
        });
        var job = app.Services.GetRequiredService<UsageMonthlyReportJob>();

        Assert.True(await job.SendAsync(tenant.Id, March));
        Assert.False(await job.SendAsync(tenant.Id, March));

        Assert.Empty(app.PickedUpMailTo(member.Email!));
        var japanese = Assert.Single(app.PickedUpMailTo(owner.Email!));
        Assert.Contains("2026年3月", japanese.Subject, StringComparison.Ordinal);
        Assert.Contains("¥1,500", japanese.TextBody, StringComparison.Ordinal);
        var csv = Assert.IsAssignableFrom<MimePart>(Assert.Single(japanese.Attachments));
        Assert.Equal("chargeback-2026-03.csv", csv.FileName);
        using var content = new MemoryStream();
        await csv.Content!.DecodeToAsync(content);
        Assert.Contains("2026-03,営業部,1,1,1000000,1500,1650", Encoding.UTF8.GetString(content.ToArray()), StringComparison.Ordinal);
        var english = Assert.Single(app.PickedUpMailTo(admin.Email!));
        Assert.Contains("AI usage report for March 2026", english.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_department_manager_gets_the_report_of_their_own_department_only()
    {
        var tenant = await app.CreateTenantAsync("mm" + Guid.NewGuid().ToString("N")[..8], "部門商事");
        var owner = await app.CreateUserAsync(tenant.Id, $"owner-{Guid.NewGuid():N}@example.jp", role: Roles.Owner);
        var salesManager = await app.CreateUserAsync(tenant.Id, $"sales-{Guid.NewGuid():N}@example.jp");
        var idleManager = await app.CreateUserAsync(tenant.Id, $"idle-{Guid.NewGuid():N}@example.jp");
        var (sales, development, legal) = (new Department { Name = "営業部" }, new Department { Name = "開発部" }, new Department { Name = "法務部" });
        await app.TenantDbAsync(tenant.Id, db =>
        {
            db.Departments.AddRange(sales, development, legal);
            db.DepartmentManagers.AddRange(
                new DepartmentManager { DepartmentId = sales.Id, UserId = salesManager.Id },
                new DepartmentManager { DepartmentId = legal.Id, UserId = idleManager.Id });
            db.UsageRecords.AddRange(
                new UsageRecord { UserId = salesManager.Id, DepartmentId = sales.Id, Model = "gpt-4o", OutputTokens = 1_000_000, CreatedAt = new DateTime(2026, 3, 15, 3, 0, 0, DateTimeKind.Utc) },
                new UsageRecord { UserId = owner.Id, DepartmentId = development.Id, Model = "gpt-4o", OutputTokens = 2_000_000, CreatedAt = new DateTime(2026, 3, 16, 3, 0, 0, DateTimeKind.Utc) });
            return db.SaveChangesAsync();
        });

        Assert.True(await app.Services.GetRequiredService<UsageMonthlyReportJob>().SendAsync(tenant.Id, March));

        var mail = Assert.Single(app.PickedUpMailTo(salesManager.Email!));
        Assert.Contains("¥1,500", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("営業部", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("開発部", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("¥4,500", mail.TextBody, StringComparison.Ordinal);
        // A manager whose department used nothing gets nothing; the Owner gets the whole workspace.
        Assert.Empty(app.PickedUpMailTo(idleManager.Email!));
        Assert.Contains("¥4,500", Assert.Single(app.PickedUpMailTo(owner.Email!)).TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_month_without_usage_sends_nothing()
    {
        var tenant = await app.CreateTenantAsync("mn" + Guid.NewGuid().ToString("N")[..8]);
        var owner = await app.CreateUserAsync(tenant.Id, $"owner-{Guid.NewGuid():N}@example.jp", role: Roles.Owner);

        Assert.False(await app.Services.GetRequiredService<UsageMonthlyReportJob>().SendAsync(tenant.Id, March));

        Assert.Empty(app.PickedUpMailTo(owner.Email!));
    }
}
