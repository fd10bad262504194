using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.PersonalData;
using SecureAiChat.Core.Settings;
using SecureAiChat.Core.Providers.Settings;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.PersonalData;

/// <summary>
/// The workspace policy applied in the answer path, against the fake upstream: masked values never reach it and come
/// back restored (also split over chunks), history is masked the same way on every request, blocked terms stop the
/// request entirely; for the system default and every own option (OpenAI key, Azure, OpenAI-compatible).
/// </summary>
public sealed class PersonalDataAnswerTests(AiSettingsAppHost app) : IClassFixture<AiSettingsAppHost>
{
    private const string MyNumber = "1234 5678 9018";
    private const string Placeholder = "〔マイナンバー1〕";

    private static string Marker() => "m" + Guid.NewGuid().ToString("N")[..10];

    private async Task<(string TenantId, string UserId)> WorkspaceAsync()
    {
        var tenant = await app.CreateTenantAsync("pii" + Guid.NewGuid().ToString("N")[..8]);
        var user = await app.CreateUserAsync(tenant.Id, $"{Guid.NewGuid():N}@example.jp");
        return (tenant.Id, user.Id);
    }

    // The placeholder arrives split over three chunks, as a model's tokens split it.
    private static UpstreamScript EchoingPlaceholder() => new() { Tokens = ["確認しました。番号は", "〔マイナ", "ンバー", "1〕です。"] };

    [Fact]
    public async Task A_My_Number_is_masked_upstream_and_restored_in_the_saved_answer_on_the_system_default()
    {
        var (tenant, user) = await WorkspaceAsync();
        var marker = Marker();
        app.Upstream.Enqueue(EchoingPlaceholder());

        var answer = await app.AskAsync(tenant, user, $"マイナンバーは {MyNumber} です {marker}");

        Assert.Equal(MessageStatus.Completed, answer.Message.Status);
        var request = Assert.Single(app.RequestsWith(marker));
        Assert.DoesNotContain("9018", request.RawBody, StringComparison.Ordinal);
        Assert.Contains(Placeholder, request.Messages[^1].Content, StringComparison.Ordinal);
        Assert.Equal($"確認しました。番号は{MyNumber}です。", answer.Message.Content);
        var stored = await app.TenantDbAsync(tenant, db => db.ChatMessages.Where(m => m.Role == MessageRole.User).Select(m => m.Content).SingleAsync());
        Assert.Contains(MyNumber, stored, StringComparison.Ordinal);
        var entry = await app.TenantDbAsync(tenant, db => db.AuditEntries.SingleAsync(e => e.Action == AuditActions.PersonalDataDetected));
        Assert.Contains("MyNumber", entry.Details, StringComparison.Ordinal);
        Assert.Contains("Mask", entry.Details, StringComparison.Ordinal);
        Assert.DoesNotContain("9018", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_is_masked_the_same_way_when_it_is_sent_again()
    {
        var (tenant, user) = await WorkspaceAsync();
        var first = Marker();
        var second = Marker();
        app.Upstream.Enqueue(EchoingPlaceholder());
        var answer = await app.AskAsync(tenant, user, $"個人番号 {MyNumber} {first}");

        await using (var scope = await app.TenantScopeAsync(tenant))
        {
            var chat = ChatParts.From(scope.ServiceProvider);
            await chat.Turns.SendAsync(user, answer.Message.ConversationId, $"続けて、もう一度番号を書いて {second}");
            await chat.Turns.AnswerAsync(user, answer.Message.ConversationId);
        }

        var request = Assert.Single(app.RequestsWith(second));
        Assert.DoesNotContain("9018", request.RawBody, StringComparison.Ordinal);
        var texts = request.Messages.Where(m => m.Role != "system").Select(m => m.Content ?? "").ToList();
        Assert.Contains(Placeholder, texts[0], StringComparison.Ordinal); // the first question
        Assert.Contains(Placeholder, texts[1], StringComparison.Ordinal); // the restored answer, masked again
    }

    [Fact]
    public async Task A_blocked_custom_term_never_reaches_the_upstream_and_the_answer_names_the_category()
    {
        var (tenant, user) = await WorkspaceAsync();
        await using (var scope = await app.TenantScopeAsync(tenant))
        {
            var saved = await scope.ServiceProvider.GetRequiredService<PersonalDataPolicyService>().SaveAsync(new PersonalDataPolicyInput(
                PersonalDataPolicySettings.DefaultActions, [new CustomTerm("プロジェクト極光")]));
            Assert.True(saved.Succeeded, saved.ToString());
        }

        var marker = Marker();

        var answer = await app.AskAsync(tenant, user, $"プロジェクト極光の概要をまとめて {marker}");

        Assert.Empty(app.RequestsWith(marker));
        Assert.Equal(MessageStatus.Failed, answer.Message.Status);
        Assert.Equal(AnswerFailure.PersonalDataBlocked, answer.Message.Failure?.Kind);
        var categories = answer.Message.Failure!.Value.BlockedCategories!;
        Assert.Equal([PersonalDataCategory.CustomTerm], categories);
        Assert.Contains("カスタム", PersonalDataStrings.BlockedMessage(categories, System.Globalization.CultureInfo.GetCultureInfo("ja-JP")), StringComparison.Ordinal);
        var entry = await app.TenantDbAsync(tenant, db => db.AuditEntries.SingleAsync(e => e.Action == AuditActions.PersonalDataDetected));
        Assert.Equal(AuditOutcome.Denied, entry.Outcome);
        Assert.DoesNotContain("極光", entry.Details, StringComparison.Ordinal);
    }

    public static TheoryData<AiProviderChoice> OwnOptions => [AiProviderChoice.OwnOpenAIKey, AiProviderChoice.AzureOpenAI, AiProviderChoice.OpenAICompatible];

    [Theory]
    [MemberData(nameof(OwnOptions))]
    public async Task A_My_Number_is_masked_for_every_own_provider_option_too(AiProviderChoice option)
    {
        var (tenant, user) = await WorkspaceAsync();
        await app.ConfigureAiAsync(tenant, option switch
        {
            AiProviderChoice.OwnOpenAIKey => new AiSettingsForm
            {
                Active = option, OpenAiNewKey = "sk-tenant-key-0123456789abcdef", OpenAiBaseUrl = app.Upstream.OpenAiEndpoint.ToString(), OpenAiModels = "gpt-4o-mini",
            },
            AiProviderChoice.AzureOpenAI => new AiSettingsForm
            {
                Active = option, AzureEndpoint = app.Upstream.AzureEndpoint.ToString(), AzureNewKey = "azure-tenant-key-0123456789abcdef",
                AzureDeployments = "chat-4o", AzureApiVersion = "2025-01-01-preview",
            },
            _ => new AiSettingsForm
            {
                Active = option, CompatibleNewKey = "compatible-key-0123456789abcdef", CompatibleBaseUrl = app.Upstream.OpenAiEndpoint.ToString(), CompatibleModels = "llama",
            },
        });
        var marker = Marker();
        app.Upstream.Enqueue(EchoingPlaceholder());

        var answer = await app.AskAsync(tenant, user, $"マイナンバー {MyNumber.Replace(' ', '-')} {marker}");

        var request = Assert.Single(app.RequestsWith(marker));
        if (option == AiProviderChoice.AzureOpenAI)
        {
            Assert.Equal("/openai/deployments/chat-4o/chat/completions", request.Path);
        }

        Assert.DoesNotContain("9018", request.RawBody, StringComparison.Ordinal);
        Assert.Contains(Placeholder, request.Messages[^1].Content, StringComparison.Ordinal);
        Assert.Equal("確認しました。番号は1234-5678-9018です。", answer.Message.Content);
    }
}
