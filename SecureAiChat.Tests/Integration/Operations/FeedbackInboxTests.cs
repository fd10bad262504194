using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Feedback;
using SecureAiChat.Core.Identity;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Operations;

/// <summary>Operators read feedback from every workspace; workspaces never see each other's, nor the inbox.</summary>
public sealed class FeedbackInboxTests(AppHost app) : IClassFixture<AppHost>
{
    private async Task SendFeedbackAsync(string tenantId, string userId, int rating, string text)
    {
        await using var scope = await app.TenantScopeAsync(tenantId);
        Assert.True((await scope.ServiceProvider.GetRequiredService<FeedbackService>().SubmitAsync(userId, rating, text)).Succeeded);
    }

    [Fact]
    public async Task An_operator_sees_feedback_of_every_workspace_and_a_workspace_admin_cannot_open_the_inbox()
    {
        var north = await app.EnsureTenantAsync("fb-north", "北商事");
        var south = await app.EnsureTenantAsync("fb-south", "南工業");
        var northAdmin = await app.CreateUserAsync(north.Id, "admin@fb-north.example.jp", role: Roles.Admin);
        var southMember = await app.CreateUserAsync(south.Id, "member@fb-south.example.jp");
        await SendFeedbackAsync(north.Id, northAdmin.Id, 5, "テンプレートが便利です");
        await SendFeedbackAsync(south.Id, southMember.Id, 2, "回答がもう少し速いと助かります");

        using var ops = app.CreateLoopbackClient(new CookieContainer());
        await app.SignInOperatorAsync(ops, await app.CreateOperatorAsync());
        var inbox = await ops.GetAsync(new Uri(app.PlatformUri, "/ops/feedback"));
        Assert.Equal(HttpStatusCode.OK, inbox.StatusCode);
        var html = await inbox.Content.ReadAsStringAsync();
        Assert.Contains("テンプレートが便利です", html);
        Assert.Contains("回答がもう少し速いと助かります", html);
        Assert.Contains("fb-north", html);
        Assert.Contains("南工業", html);

        // On a workspace host the operator page does not exist, even for that workspace's admin.
        using var admin = await app.SignInAsync("fb-north", "admin@fb-north.example.jp");
        var fromWorkspace = await (await admin.GetAsync(app.TenantUri("fb-north", "/ops/feedback"))).Content.ReadAsStringAsync();
        Assert.DoesNotContain("回答がもう少し速いと助かります", fromWorkspace);
        Assert.DoesNotContain("テンプレートが便利です", fromWorkspace);
    }
}
