using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Web.Features.Audit;

namespace SecureAiChat.Tests.Integration.Audit;

/// <summary><c>audit verify</c> exits 0 on intact chains and non-zero with the first broken sequence otherwise.</summary>
public sealed class AuditVerifyCommandTests(AppHost app) : IClassFixture<AppHost>
{
    [Fact]
    public async Task Verify_exits_zero_for_an_intact_workspace_and_one_with_the_broken_sequence_after_tampering()
    {
        var tenant = await app.CreateTenantAsync("verify" + Guid.NewGuid().ToString("N")[..6]);
        for (var i = 0; i < 3; i++)
        {
            await using var scope = await app.TenantScopeAsync(tenant.Id);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            scope.ServiceProvider.GetRequiredService<IAuditLog>().Record(db, AuditActions.DepartmentCreated, new AuditTarget("department", i.ToString(), "部署"));
            await db.SaveChangesAsync();
        }

        var (code, output) = await RunAsync("audit", "verify", "--workspace", tenant.Identifier);
        Assert.Equal(0, code);
        Assert.Contains($"OK      {tenant.Identifier}: 3 entries", output);

        await app.TenantDbAsync(tenant.Id, db => db.Database.ExecuteSqlRawAsync(
            "UPDATE AuditEntries SET Details = '[]' WHERE TenantId = {0} AND Sequence = 2", tenant.Id));
        (code, output) = await RunAsync("audit", "verify");
        Assert.Equal(1, code);
        Assert.Contains($"BROKEN  {tenant.Identifier}: first broken sequence 2", output);
    }

    [Fact]
    public async Task Verify_of_an_unknown_workspace_or_bad_usage_exits_two()
    {
        Assert.Equal(2, (await RunAsync("audit", "verify", "--workspace", "no-such-workspace")).Code);
        Assert.Equal(2, (await RunAsync("audit", "check")).Code);
    }

    private async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var code = await AuditVerifyCommand.RunAsync(app.Services, args, output, new StringWriter());
        return (code, output.ToString());
    }
}
