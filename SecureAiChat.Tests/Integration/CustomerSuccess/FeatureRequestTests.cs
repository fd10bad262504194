using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.FeatureRequests;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.CustomerSuccess;

/// <summary>Feature requests: one vote per member (unique index, toggling), kept inside the workspace; operators merge by topic and set a status members see.</summary>
public sealed class FeatureRequestTests(AppHost app) : IClassFixture<AppHost>
{
    private async Task<T> InWorkspaceAsync<T>(string tenantId, Func<FeatureRequestService, Task<T>> use)
    {
        await using var scope = await app.TenantScopeAsync(tenantId);
        return await use(scope.ServiceProvider.GetRequiredService<FeatureRequestService>());
    }

    private async Task<T> BoardAsync<T>(Func<FeatureBoard, Task<T>> use)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope();
        scope.ServiceProvider.GetRequiredService<AuditActor>().SetUser(AuditActorKind.Operator, "ops-1", "Ops", Roles.Operator);
        return await use(scope.ServiceProvider.GetRequiredService<FeatureBoard>());
    }

    [Fact]
    public async Task A_member_votes_once_a_second_click_takes_it_back_and_the_index_refuses_a_duplicate()
    {
        var tenant = await app.EnsureTenantAsync("fr-votes");
        var author = await app.CreateUserAsync(tenant.Id, $"a-{Guid.NewGuid():N}@fr-votes.example.jp");
        var voter = await app.CreateUserAsync(tenant.Id, $"v-{Guid.NewGuid():N}@fr-votes.example.jp");
        Assert.True((await InWorkspaceAsync(tenant.Id, f => f.PostAsync(author.Id, "Teams 連携", "Teams から質問したい"))).Succeeded);
        var id = (await InWorkspaceAsync(tenant.Id, f => f.ListAsync(voter.Id))).Single(r => r.Title == "Teams 連携").Id;

        Assert.True(await InWorkspaceAsync(tenant.Id, f => f.ToggleVoteAsync(voter.Id, id)));
        var afterVote = (await InWorkspaceAsync(tenant.Id, f => f.ListAsync(voter.Id))).Single(r => r.Id == id);
        Assert.Equal((2, true, false), (afterVote.Votes, afterVote.VotedByMe, afterVote.Mine));
        Assert.False(await InWorkspaceAsync(tenant.Id, f => f.ToggleVoteAsync(voter.Id, id)));
        Assert.Equal(1, (await InWorkspaceAsync(tenant.Id, f => f.ListAsync(voter.Id))).Single(r => r.Id == id).Votes);

        await Assert.ThrowsAsync<DbUpdateException>(() => app.TenantDbAsync(tenant.Id, async db =>
        {
            db.FeatureVotes.Add(new FeatureVote { RequestId = id, UserId = author.Id, CreatedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        }));
        Assert.Contains(AuditActions.FeatureRequested, await app.TenantDbAsync(tenant.Id, db => db.AuditEntries.Select(e => e.Action).ToListAsync()));
    }

    [Fact]
    public async Task Another_workspace_neither_sees_nor_votes_for_a_request()
    {
        var north = await app.EnsureTenantAsync("fr-north");
        var south = await app.EnsureTenantAsync("fr-south");
        var n = await app.CreateUserAsync(north.Id, $"n-{Guid.NewGuid():N}@fr-north.example.jp");
        var s = await app.CreateUserAsync(south.Id, $"s-{Guid.NewGuid():N}@fr-south.example.jp");
        await InWorkspaceAsync(north.Id, f => f.PostAsync(n.Id, "北の要望", null));
        var id = (await InWorkspaceAsync(north.Id, f => f.ListAsync(n.Id))).Single(r => r.Title == "北の要望").Id;

        Assert.DoesNotContain(await InWorkspaceAsync(south.Id, f => f.ListAsync(s.Id)), r => r.Id == id);
        Assert.Null(await InWorkspaceAsync(south.Id, f => f.ToggleVoteAsync(s.Id, id)));
        Assert.Equal(1, (await InWorkspaceAsync(north.Id, f => f.ListAsync(n.Id))).Single(r => r.Id == id).Votes);
    }

    [Fact]
    public async Task Operators_merge_requests_of_several_workspaces_by_topic_and_members_see_the_status_and_note()
    {
        var east = await app.EnsureTenantAsync("fr-east");
        var west = await app.EnsureTenantAsync("fr-west");
        var e = await app.CreateUserAsync(east.Id, $"e-{Guid.NewGuid():N}@fr-east.example.jp");
        var w = await app.CreateUserAsync(west.Id, $"w-{Guid.NewGuid():N}@fr-west.example.jp");
        await InWorkspaceAsync(east.Id, f => f.PostAsync(e.Id, "Slack で使いたい", null));
        await InWorkspaceAsync(west.Id, f => f.PostAsync(w.Id, "Slack 連携", null));
        var requests = await BoardAsync(b => b.RequestsAsync());
        var ids = requests.Where(r => r.Title.StartsWith("Slack", StringComparison.Ordinal)).Select(r => r.Id).ToList();
        Assert.Equal(2, ids.Count);

        Assert.True((await BoardAsync(b => b.AssignTopicAsync(ids, "Slack 連携（トピック）"))).Succeeded);
        Assert.True((await BoardAsync(b => b.SetStatusAsync(ids, FeatureRequestStatus.Planned, "2027 年春に対応予定です"))).Succeeded);
        var board = await BoardAsync(b => b.RequestsAsync());
        var topic = Assert.Single(FeatureBoard.Totals(await BoardAsync(b => b.TopicsAsync()), board), t => t.Name == "Slack 連携（トピック）");
        Assert.Equal((2, 2, 2), (topic.Requests, topic.Votes, topic.Workspaces));

        var seen = (await InWorkspaceAsync(east.Id, f => f.ListAsync(e.Id))).Single(r => r.Title == "Slack で使いたい");
        Assert.Equal((FeatureRequestStatus.Planned, "2027 年春に対応予定です", true), (seen.Status, seen.PublicNote, seen.Mine));

        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope();
        var actions = await scope.ServiceProvider.GetRequiredService<AppDbContext>().PlatformAuditEntries.Select(x => x.Action).ToListAsync();
        Assert.Contains(AuditActions.FeatureTopicAssigned, actions);
        Assert.Contains(AuditActions.FeatureStatusSet, actions);
    }

    [Fact]
    public async Task The_workspace_page_needs_a_member_and_the_operator_page_an_operator()
    {
        var tenant = await app.EnsureTenantAsync("fr-pages");
        var member = await app.CreateUserAsync(tenant.Id, $"m-{Guid.NewGuid():N}@fr-pages.example.jp", role: Roles.Admin);
        await InWorkspaceAsync(tenant.Id, f => f.PostAsync(member.Id, "ページの要望", null));

        using var anonymous = app.CreateLoopbackClient();
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync(app.TenantUri("fr-pages", "/feature-requests"))).StatusCode);
        using var client = await app.SignInAsync("fr-pages", member.Email!);
        var page = await client.GetAsync(app.TenantUri("fr-pages", "/feature-requests"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("ページの要望", await page.Content.ReadAsStringAsync());
        Assert.DoesNotContain("ops-features-request", await (await client.GetAsync(app.TenantUri("fr-pages", "/ops/feature-requests"))).Content.ReadAsStringAsync());

        using var ops = app.CreateLoopbackClient(new CookieContainer());
        await app.SignInOperatorAsync(ops, await app.CreateOperatorAsync());
        var board = await (await ops.GetAsync(new Uri(app.PlatformUri, "/ops/feature-requests"))).Content.ReadAsStringAsync();
        Assert.Contains("ページの要望", board);
        Assert.Contains("fr-pages", board);
    }
}
