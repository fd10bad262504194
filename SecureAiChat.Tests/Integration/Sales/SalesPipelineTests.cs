using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Operations;
using SecureAiChat.Core.Sales;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Sales;

/// <summary>
/// The sales pipeline: stages with an owner, next action and notes; lost needs a reason; every change is a history row
/// (who, when, from → to) and a platform audit entry; a stale form changes nothing; overdue leads are flagged and filtered.
/// The pipeline, the lead pages, the MRR panel and the trial tenant are for operators only.
/// </summary>
public sealed class SalesPipelineTests(AppHost app) : IClassFixture<AppHost>
{
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static readonly DateTimeOffset Now = new(2027, 4, 10, 10, 0, 0, TimeSpan.FromHours(9));

    private async Task<T> PipelineAsync<T>(Func<SalesPipeline, Task<T>> action)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope();
        return await action(ActivatorUtilities.CreateInstance<SalesPipeline>(scope.ServiceProvider, (TimeProvider)new FixedTime(Now)));
    }

    private async Task<SalesLead> LeadAsync(string company)
    {
        var lead = new SalesLead { CompanyName = company, ContactName = "佐藤 次郎", Email = $"jiro@{Guid.NewGuid():N}.example.jp", PreferredPlan = "Professional" };
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.SalesLeads.Add(lead);
        await db.SaveChangesAsync();
        return lead;
    }

    private async Task<T> PlatformAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    [Fact]
    public async Task Moving_a_lead_records_each_changed_field_in_its_history_and_one_audit_entry()
    {
        var owner = await app.CreateOperatorAsync();
        var lead = await LeadAsync("株式会社パイプライン");

        var problems = await PipelineAsync(p => p.SaveCodesAsync(lead.Id, new SalesLeadEdit(SalesStage.Hearing, owner, " 要件ヒアリング ", new DateOnly(2027, 4, 12), "情シス部長が窓口", null, lead.ConcurrencyStamp)));

        Assert.Empty(problems);
        var saved = await PlatformAsync(db => db.SalesLeads.AsNoTracking().SingleAsync(l => l.Id == lead.Id));
        Assert.Equal((SalesStage.Hearing, owner, "要件ヒアリング", (DateOnly?)new DateOnly(2027, 4, 12)), (saved.Stage, saved.OwnerEmail, saved.NextAction, saved.NextActionDue));
        var history = await PipelineAsync(p => p.HistoryAsync(lead.Id));
        Assert.Equal(
            [("Notes", null, "情シス部長が窓口"), ("NextActionDue", null, "2027-04-12"), ("NextAction", null, "要件ヒアリング"), ("Owner", null, owner), ("Stage", "New", "Hearing")],
            history.Select(h => (h.Field, h.FromValue, h.ToValue)));
        Assert.All(history, h => Assert.Equal(Now, h.At));
        var entry = Assert.Single(await PlatformAsync(db => db.PlatformAuditEntries.AsNoTracking().Where(e => e.TargetId == lead.Id.ToString()).ToListAsync()));
        Assert.Equal(AuditActions.LeadChanged, entry.Action);
        Assert.Contains("\"to\":\"Hearing\"", entry.Details, StringComparison.Ordinal);
        Assert.DoesNotContain("情シス部長", entry.Details, StringComparison.Ordinal); // notes stay in the history

        // The form loaded before that change is stale: nothing is saved.
        Assert.Equal([SalesLeadProblem.Stale], await PipelineAsync(p => p.SaveCodesAsync(lead.Id, new SalesLeadEdit(SalesStage.Quote, null, null, null, null, null, lead.ConcurrencyStamp))));
        Assert.Equal(SalesStage.Hearing, (await PlatformAsync(db => db.SalesLeads.AsNoTracking().SingleAsync(l => l.Id == lead.Id))).Stage);
    }

    [Fact]
    public async Task Lost_needs_a_reason_and_invalid_input_saves_nothing()
    {
        var lead = await LeadAsync("株式会社失注");

        Assert.Equal([SalesLeadProblem.LostReasonRequired], await PipelineAsync(p => p.SaveCodesAsync(lead.Id, new SalesLeadEdit(SalesStage.Lost, null, null, null, null, "  ", lead.ConcurrencyStamp))));
        Assert.Equal(
            [SalesLeadProblem.OwnerUnknown, SalesLeadProblem.NextActionRequired, SalesLeadProblem.NextActionDueInPast],
            await PipelineAsync(p => p.SaveCodesAsync(lead.Id, new SalesLeadEdit(SalesStage.Hearing, "nobody@example.com", null, new DateOnly(2027, 4, 9), null, null, lead.ConcurrencyStamp))));
        Assert.Equal([SalesLeadProblem.NotesTooLong], await PipelineAsync(p => p.SaveCodesAsync(lead.Id, new SalesLeadEdit(SalesStage.New, null, null, null, new string('あ', 4001), null, lead.ConcurrencyStamp))));
        Assert.Equal([SalesLeadProblem.NotFound], await PipelineAsync(p => p.SaveCodesAsync(Guid.NewGuid(), new SalesLeadEdit(SalesStage.New, null, null, null, null, null, null))));
        Assert.Empty(await PipelineAsync(p => p.HistoryAsync(lead.Id)));

        Assert.Empty(await PipelineAsync(p => p.SaveCodesAsync(lead.Id, new SalesLeadEdit(SalesStage.Lost, null, null, null, null, "予算が確保できず", lead.ConcurrencyStamp))));
        var saved = await PlatformAsync(db => db.SalesLeads.AsNoTracking().SingleAsync(l => l.Id == lead.Id));
        Assert.Equal((SalesStage.Lost, "予算が確保できず"), (saved.Stage, saved.LostReason));
        // Leaving lost clears the reason, and the history says so.
        Assert.Empty(await PipelineAsync(p => p.SaveCodesAsync(lead.Id, new SalesLeadEdit(SalesStage.Hearing, null, null, null, null, "無視される", saved.ConcurrencyStamp))));
        Assert.Null((await PlatformAsync(db => db.SalesLeads.AsNoTracking().SingleAsync(l => l.Id == lead.Id))).LostReason);
        Assert.Contains(await PipelineAsync(p => p.HistoryAsync(lead.Id)), h => h is { Field: "LostReason", FromValue: "予算が確保できず", ToValue: null });
    }

    [Fact]
    public async Task Overdue_next_actions_are_flagged_and_the_list_filters_by_stage_owner_and_overdue()
    {
        var owner = await app.CreateOperatorAsync();
        var late = await LeadAsync("株式会社期限切れ");
        var onTime = await LeadAsync("株式会社期限内");
        await PlatformAsync(db => db.SalesLeads.Where(l => l.Id == late.Id).ExecuteUpdateAsync(s => s
            .SetProperty(l => l.NextAction, "見積送付").SetProperty(l => l.NextActionDue, new DateOnly(2027, 4, 9)).SetProperty(l => l.Stage, SalesStage.Quote).SetProperty(l => l.OwnerEmail, owner)));
        await PlatformAsync(db => db.SalesLeads.Where(l => l.Id == onTime.Id).ExecuteUpdateAsync(s => s
            .SetProperty(l => l.NextAction, "デモ").SetProperty(l => l.NextActionDue, new DateOnly(2027, 4, 10)).SetProperty(l => l.Stage, SalesStage.DemoPoc)));

        var all = await PipelineAsync(p => p.ListAsync());
        Assert.True(all.Single(r => r.Lead.Id == late.Id).Overdue);
        Assert.False(all.Single(r => r.Lead.Id == onTime.Id).Overdue);
        Assert.Equal([late.Id], (await PipelineAsync(p => p.ListAsync(new SalesLeadFilter(OwnerEmail: owner)))).Select(r => r.Lead.Id));
        Assert.Contains((await PipelineAsync(p => p.ListAsync(new SalesLeadFilter(SalesStage.DemoPoc)))).Select(r => r.Lead.Id), id => id == onTime.Id);
        Assert.DoesNotContain((await PipelineAsync(p => p.ListAsync(new SalesLeadFilter(SalesStage.DemoPoc)))).Select(r => r.Lead.Id), id => id == late.Id);
        var overdue = (await PipelineAsync(p => p.ListAsync(new SalesLeadFilter(OverdueOnly: true)))).Select(r => r.Lead.Id).ToList();
        Assert.Contains(late.Id, overdue);
        Assert.DoesNotContain(onTime.Id, overdue);
    }

    [Fact]
    public async Task Operators_reach_the_pipeline_the_lead_page_and_the_mrr_panel()
    {
        var lead = await LeadAsync("株式会社オペレーター確認");
        using var ops = app.CreateLoopbackClient(new CookieContainer());
        await app.SignInOperatorAsync(ops, await app.CreateOperatorAsync());
        foreach (var path in new[] { "/ops/leads", $"/ops/leads/{lead.Id}", "/ops" })
        {
            var response = await ops.GetAsync(new Uri(app.PlatformUri, path));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Contains("data-testid=\"ops-mrr\"", await ops.GetStringAsync(new Uri(app.PlatformUri, "/ops")), StringComparison.Ordinal);
        Assert.Contains("株式会社オペレーター確認", await ops.GetStringAsync(new Uri(app.PlatformUri, $"/ops/leads/{lead.Id}")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Owner)]
    [InlineData(Roles.Member)]
    public async Task Workspace_members_and_anonymous_visitors_reach_neither_the_pipeline_nor_the_lead_page_nor_the_mrr_panel(string role)
    {
        var lead = await LeadAsync("株式会社見せない" + role);
        var identifier = "spauth" + Guid.NewGuid().ToString("N")[..6];
        var tenant = await app.CreateTenantAsync(identifier);
        var email = $"{role.ToLowerInvariant()}@{identifier}.example.jp";
        await app.CreateUserAsync(tenant.Id, email, role: role);
        using var member = await app.SignInAsync(identifier, email);
        using var anonymous = app.CreateLoopbackClient(new CookieContainer());
        foreach (var path in new[] { "/ops/leads", $"/ops/leads/{lead.Id}", "/ops" })
        {
            foreach (var (client, uri) in new[] { (member, app.TenantUri(identifier, path)), (anonymous, new Uri(app.PlatformUri, path)) })
            {
                var response = await client.GetAsync(uri);
                Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
                var body = await response.Content.ReadAsStringAsync();
                Assert.DoesNotContain(lead.CompanyName, body, StringComparison.Ordinal);
                Assert.DoesNotContain("ops-mrr", body, StringComparison.Ordinal);
            }
        }
    }
}

/// <summary>The codes of a save's problems, in order (none when it was saved).</summary>
file static class SalesPipelineCodes
{
    public static async Task<SalesLeadProblem[]> SaveCodesAsync(this SalesPipeline pipeline, Guid leadId, SalesLeadEdit edit) =>
        [.. (await pipeline.SaveAsync(leadId, edit)).Problems.Select(p => p.Code)];
}
