using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Provisioning;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Core.Usage;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.PostgreSql;

/// <summary>The app started on PostgreSQL with Hangfire.PostgreSql: signup provisions a workspace, and its owner chats.</summary>
public sealed class PostgreSqlAppTests(PostgreSqlAppHost app) : IClassFixture<PostgreSqlAppHost>
{
    [Fact]
    public async Task Signup_provisions_a_workspace_through_postgresql_jobs_and_its_owner_gets_an_answer()
    {
        Assert.IsType<PostgreSqlStorage>(app.Services.GetRequiredService<JobStorage>());

        var result = await app.SignUpAsync(SignupForm());
        Assert.True(result.Succeeded, string.Join(", ", result.Problems));
        var request = await app.WaitForCompletionAsync(result.Value!.RequestId!);
        Assert.Equal(ProvisioningStatus.Succeeded, request.Status);
        var tenant = await app.PlatformDbAsync(db => db.Tenants.AsNoTracking().SingleAsync(t => t.Identifier == "pg-e2e"));
        Assert.Equal(TenantStatus.Active, tenant.Status);
        // The confirmation link in the welcome mail is protected with a key the app stored in PostgreSQL.
        Assert.NotEmpty(await app.PlatformDbAsync(db => db.DataProtectionKeys.AsNoTracking().ToListAsync()));

        await using var scope = await app.TenantScopeAsync(tenant.Id);
        var owner = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync("owner@pg.example.jp");
        Assert.NotNull(owner);
        var chat = ChatParts.From(scope.ServiceProvider);
        var sent = await chat.Turns.SendAsync(owner.Id, null, "Quarterly REPORT の要点をまとめてください");
        Assert.NotNull(sent);
        var answer = await chat.Turns.AnswerAsync(owner.Id, sent.ConversationId);

        Assert.Null(answer.Failure);
        Assert.Equal(PostgreSqlAppHost.Reply, answer.Message.Content);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var usage = await db.UsageRecords.AsNoTracking().SingleAsync(u => u.ConversationId == sent.ConversationId);
        Assert.Equal(MessageStatus.Completed, usage.Status);
        Assert.Equal(DateTimeKind.Utc, usage.CreatedAt.Kind);
        // LIKE is case-sensitive on PostgreSQL: the search must still ignore case there.
        Assert.Single(await chat.Conversations.PageAsync(owner.Id, "quarterly report", 0, 500));
        Assert.Single(await chat.Conversations.PageAsync(owner.Id, "PostgreSQL からの", 0, 500));
        Assert.Empty(await chat.Conversations.PageAsync(owner.Id, "quarterly_report", 0, 500));
    }

    private static SignupForm SignupForm() => Provisioning.ProvisioningHost.ValidForm("pg-e2e", "owner@pg.example.jp");
}
