using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.PersonalData;
using SecureAiChat.Core.Results;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.PersonalData;

/// <summary>
/// Values of Warn categories (a bank account by default) against the fake upstream: masked unless the member chose
/// "send as is" (a caller that did not ask can never send them), sent as they are when the member chose so, and masked
/// again in history; the pre-send preview offers "send as is" only where the service will honour it, and records a
/// blocked text that never reaches the answer path.
/// </summary>
public sealed class PersonalDataWarnTests(AiSettingsAppHost app) : IClassFixture<AiSettingsAppHost>
{
    private const string Account = "1234567";
    private const string Placeholder = "〔口座番号1〕";

    private static string Marker() => "w" + Guid.NewGuid().ToString("N")[..10];

    private async Task<(string TenantId, string UserId)> WorkspaceAsync()
    {
        var tenant = await app.CreateTenantAsync("piw" + Guid.NewGuid().ToString("N")[..8]);
        var user = await app.CreateUserAsync(tenant.Id, $"{Guid.NewGuid():N}@example.jp");
        return (tenant.Id, user.Id);
    }

    private async Task<(Guid ConversationId, ChatAnswer Answer)> AskAsync(string tenant, string user, Guid? conversationId, string text, WarnedValues warned)
    {
        app.Upstream.Enqueue(new UpstreamScript { Tokens = ["振込先は", "〔口座", "番号1〕です。"] });
        await using var scope = await app.TenantScopeAsync(tenant);
        var chat = ChatParts.From(scope.ServiceProvider);
        var sent = await chat.Turns.SendAsync(user, conversationId, text);
        return (sent!.ConversationId, await chat.Turns.AnswerAsync(user, sent.ConversationId, warned));
    }

    private async Task<PersonalDataPreview> PreviewAsync(string tenant, string user, Guid? conversationId, string text)
    {
        await using var scope = await app.TenantScopeAsync(tenant);
        return await scope.ServiceProvider.GetRequiredService<ChatPersonalDataGate>().PreviewAsync(user, conversationId, text, replacesLastUserMessage: false);
    }

    [Fact]
    public async Task A_warned_value_is_masked_upstream_when_the_member_chose_mask_and_send_and_restored_for_the_member()
    {
        var (tenant, user) = await WorkspaceAsync();
        var marker = Marker();
        var text = $"振込先 普通口座 {Account} を案内して {marker}";
        var preview = await PreviewAsync(tenant, user, null, text);
        Assert.Equal(PolicyOutcome.Confirm, preview.Decision.Outcome);
        Assert.True(preview.SendAsIsAllowed);
        Assert.Equal(PersonalDataCategory.BankAccount, Assert.Single(preview.Decision.Warned).Category);

        var (_, answer) = await AskAsync(tenant, user, null, text, WarnedValues.Mask);

        var request = Assert.Single(app.RequestsWith(marker));
        Assert.DoesNotContain(Account, request.RawBody, StringComparison.Ordinal);
        Assert.Contains(Placeholder, request.Messages[^1].Content, StringComparison.Ordinal);
        Assert.Equal($"振込先は{Account}です。", answer.Message.Content);
        var entry = await app.TenantDbAsync(tenant, db => db.AuditEntries.SingleAsync(e => e.Action == AuditActions.PersonalDataDetected));
        Assert.Contains("\"warned\":\"Mask\"", entry.Details, StringComparison.Ordinal);
        Assert.DoesNotContain(Account, entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_warned_value_is_sent_as_is_only_when_the_member_chose_so_and_then_stays_masked_in_later_history()
    {
        var (tenant, user) = await WorkspaceAsync();
        var first = Marker();
        var (conversationId, _) = await AskAsync(tenant, user, null, $"普通口座 {Account} の件 {first}", WarnedValues.SendAsIs);
        Assert.Contains(Account, Assert.Single(app.RequestsWith(first)).RawBody, StringComparison.Ordinal);

        // A second warned value in the same conversation: the first one is history now, which is never sent as is again.
        var second = Marker();
        var text = $"別の普通口座 7654321 も {second}";
        var preview = await PreviewAsync(tenant, user, conversationId, text);
        Assert.Equal(PolicyOutcome.Confirm, preview.Decision.Outcome);
        Assert.False(preview.SendAsIsAllowed);

        await AskAsync(tenant, user, conversationId, text, WarnedValues.SendAsIs);

        var request = Assert.Single(app.RequestsWith(second));
        Assert.DoesNotContain(Account, request.RawBody, StringComparison.Ordinal);
        Assert.DoesNotContain("7654321", request.RawBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_choice_warned_values_are_masked()
    {
        var (tenant, user) = await WorkspaceAsync();
        var marker = Marker();

        await app.AskAsync(tenant, user, $"普通口座 {Account} {marker}");

        Assert.DoesNotContain(Account, Assert.Single(app.RequestsWith(marker)).RawBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blocked_text_is_reported_by_the_preview_with_its_categories_and_recorded_without_its_value()
    {
        var (tenant, user) = await WorkspaceAsync();
        await app.InTenantAsync<PersonalDataPolicyService, Result<PersonalDataPolicyProblem>>(tenant, s => s.SaveAsync(
            new PersonalDataPolicyInput(PersonalDataPolicySettings.DefaultActions, [new CustomTerm("プロジェクト極光")])));

        var preview = await PreviewAsync(tenant, user, null, "プロジェクト極光の件");

        Assert.Equal(PolicyOutcome.Block, preview.Decision.Outcome);
        Assert.Equal([PersonalDataCategory.CustomTerm], preview.BlockedCategories);
        var entry = await app.TenantDbAsync(tenant, db => db.AuditEntries.SingleAsync(e => e.Action == AuditActions.PersonalDataDetected));
        Assert.Equal(AuditOutcome.Denied, entry.Outcome);
        Assert.DoesNotContain("極光", entry.Details, StringComparison.Ordinal);
        Assert.Equal(0, await app.TenantDbAsync(tenant, db => db.ChatMessages.CountAsync()));
    }
}
