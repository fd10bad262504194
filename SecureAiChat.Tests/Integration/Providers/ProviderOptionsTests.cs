using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Providers;
using SecureAiChat.Core.Providers.Security;
using SecureAiChat.Core.Providers.Settings;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Settings;
using SecureAiChat.Core.Usage;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Providers;

/// <summary>Each provider option, saved as an admin would, answers members' chats through the right upstream path and credentials.</summary>
public sealed class ProviderOptionsTests(AiSettingsAppHost app) : IClassFixture<AiSettingsAppHost>
{
    private static string Marker() => "m" + Guid.NewGuid().ToString("N")[..10];

    private async Task<(string TenantId, string UserId)> WorkspaceAsync()
    {
        var identifier = "ai" + Guid.NewGuid().ToString("N")[..8];
        var tenant = await app.CreateTenantAsync(identifier);
        var user = await app.CreateUserAsync(tenant.Id, $"{Guid.NewGuid():N}@example.jp");
        return (tenant.Id, user.Id);
    }

    /// <summary>The upstream's answer to "Test connection"; fails when the test was refused.</summary>
    private async Task<ConnectionTest> TestAsync(string tenantId, AiSettingsForm form)
    {
        var tested = await TestOrRefusalAsync(tenantId, form);
        Assert.True(tested.Succeeded, tested.ToString());
        return tested.Value!;
    }

    private async Task<Result<ConnectionTest, AiSettingsProblem>> TestOrRefusalAsync(string tenantId, AiSettingsForm form)
    {
        await using var scope = await app.TenantScopeAsync(tenantId);
        return await scope.ServiceProvider.GetRequiredService<AiSettingsService>().TestAsync(form);
    }

    /// <summary>The form as the page loads it (the other options' saved URLs included), switched to <paramref name="active"/>.</summary>
    private async Task<AiSettingsForm> SavedFormAsync(string tenantId, AiProviderChoice active)
    {
        await using var scope = await app.TenantScopeAsync(tenantId);
        var (form, _) = await scope.ServiceProvider.GetRequiredService<AiSettingsService>().LoadAsync();
        form.Active = active;
        return form;
    }

    private AiSettingsForm OwnKey(string key, string models = "gpt-4o-mini\ngpt-4o", string? defaultModel = "gpt-4o") => new()
    {
        Active = AiProviderChoice.OwnOpenAIKey, OpenAiNewKey = key, OpenAiBaseUrl = app.Upstream.OpenAiEndpoint.ToString(),
        OpenAiModels = models, OpenAiDefaultModel = defaultModel, OpenAiOrganization = "org-acme", OpenAiProject = "proj_chat",
    };

    [Fact]
    public async Task Own_OpenAI_key_reaches_the_upstream_as_Bearer_instead_of_the_platform_key_with_organization_and_project()
    {
        var (tenant, user) = await WorkspaceAsync();
        const string key = "sk-tenant-own-key-4F7Qx2";
        await app.ConfigureAiAsync(tenant, OwnKey(key));
        var marker = Marker();

        var answer = await app.AskAsync(tenant, user, "own key " + marker);

        Assert.Equal(MessageStatus.Completed, answer.Message.Status);
        var request = Assert.Single(app.RequestsWith(marker));
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer " + key, request.Header("Authorization"));
        Assert.DoesNotContain(ChatAppHost.ApiKey, string.Join('\n', request.Headers.Values), StringComparison.Ordinal);
        Assert.Null(request.Header("api-key"));
        Assert.Equal("org-acme", request.Header("OpenAI-Organization"));
        Assert.Equal("proj_chat", request.Header("OpenAI-Project"));
        Assert.Equal("gpt-4o", request.Model); // the admin's default model, not the platform's
        var usage = await app.TenantDbAsync(tenant, db => db.UsageRecords.SingleAsync());
        Assert.Equal(AiProviderChoice.OwnOpenAIKey, usage.Source);
    }

    [Fact]
    public async Task Azure_OpenAI_uses_the_deployment_path_the_api_version_and_the_api_key_header()
    {
        var (tenant, user) = await WorkspaceAsync();
        const string key = "azure-tenant-key-0123456789abcdef";
        await app.ConfigureAiAsync(tenant, new AiSettingsForm
        {
            Active = AiProviderChoice.AzureOpenAI, AzureEndpoint = app.Upstream.AzureEndpoint.ToString(), AzureNewKey = key,
            AzureDeployments = "chat-4o = GPT-4o（社内）\nchat-mini", AzureApiVersion = "2025-01-01-preview",
        });
        var marker = Marker();

        await using (var scope = await app.TenantScopeAsync(tenant))
        {
            var models = scope.ServiceProvider.GetRequiredService<TenantChatClientFactory>();
            await models.RefreshAsync();
            Assert.Equal(["GPT-4o（社内）", "chat-mini"], models.AvailableModels.Select(m => m.DisplayName));
        }

        var answer = await app.AskAsync(tenant, user, "azure " + marker);

        Assert.Equal(MessageStatus.Completed, answer.Message.Status);
        var request = Assert.Single(app.RequestsWith(marker));
        Assert.Equal("/openai/deployments/chat-4o/chat/completions", request.Path);
        Assert.Equal("2025-01-01-preview", request.ApiVersion);
        Assert.Equal(key, request.Header("api-key"));
        Assert.Null(request.Header("Authorization"));
    }

    [Fact]
    public async Task Azure_api_version_defaults_to_a_GA_version_when_left_empty()
    {
        var (tenant, user) = await WorkspaceAsync();
        await app.ConfigureAiAsync(tenant, new AiSettingsForm
        {
            Active = AiProviderChoice.AzureOpenAI, AzureEndpoint = app.Upstream.AzureEndpoint.ToString(), AzureNewKey = "azure-key-0123456789", AzureDeployments = "gpt4o",
        });
        var marker = Marker();
        await app.AskAsync(tenant, user, "azure default version " + marker);
        Assert.Equal(AiProviderModels.DefaultAzureApiVersion, Assert.Single(app.RequestsWith(marker)).ApiVersion);
    }

    [Fact]
    public async Task OpenAI_compatible_endpoint_works_without_a_key_and_with_one()
    {
        var (tenant, user) = await WorkspaceAsync();
        var form = new AiSettingsForm { Active = AiProviderChoice.OpenAICompatible, CompatibleBaseUrl = app.Upstream.OpenAiEndpoint.ToString(), CompatibleModels = "llama-3.1-70b" };
        await app.ConfigureAiAsync(tenant, form);
        var marker = Marker();

        await app.AskAsync(tenant, user, "compatible " + marker);
        var request = Assert.Single(app.RequestsWith(marker));
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("llama-3.1-70b", request.Model);
        Assert.DoesNotContain(ChatAppHost.ApiKey, request.Header("Authorization") ?? "", StringComparison.Ordinal);

        form.CompatibleNewKey = "onprem-key-abcdef123456";
        await app.ConfigureAiAsync(tenant, form);
        var second = Marker();
        await app.AskAsync(tenant, user, "compatible with key " + second);
        Assert.Equal("Bearer onprem-key-abcdef123456", Assert.Single(app.RequestsWith(second)).Header("Authorization"));
    }

    [Fact]
    public async Task An_endpoint_the_policy_refuses_at_connect_time_fails_the_answer_as_blocked_without_retrying()
    {
        // Saved while allowed, then pointed (e.g. by DNS) at an address the policy refuses: 127.0.0.2 is loopback and
        // not on the operator's allow-list. Planted in the database, as the form would refuse it.
        var (tenant, user) = await WorkspaceAsync();
        await app.ConfigureAiAsync(tenant, new AiSettingsForm { Active = AiProviderChoice.OpenAICompatible, CompatibleBaseUrl = app.Upstream.OpenAiEndpoint.ToString(), CompatibleModels = "llama-3.1-70b" });
        await using (var scope = await app.TenantScopeAsync(tenant))
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var settings = await db.AiProviderSettings.SingleAsync();
            settings.CompatibleBaseUrl = app.Upstream.OpenAiEndpoint.ToString().Replace("127.0.0.1", "127.0.0.2", StringComparison.Ordinal);
            await db.SaveChangesAsync();
        }

        var marker = Marker();
        var answer = await app.AskAsync(tenant, user, "blocked " + marker);

        Assert.Equal(MessageStatus.Failed, answer.Message.Status);
        Assert.Equal(AnswerFailure.EndpointBlocked, answer.Message.Failure?.Kind);
        Assert.Equal(AnswerFailure.EndpointBlocked, answer.Failure!.Kind);
        Assert.False(answer.Failure.IsTransient);
        Assert.Empty(app.RequestsWith(marker));
    }

    [Fact]
    public async Task Switching_back_to_the_system_default_applies_to_the_next_message_of_an_open_conversation()
    {
        var (tenant, user) = await WorkspaceAsync();
        await app.ConfigureAiAsync(tenant, OwnKey("sk-switch-key-000011112222"));
        await using var scope = await app.TenantScopeAsync(tenant);
        var chat = ChatParts.From(scope.ServiceProvider);
        var first = Marker();
        var sent = await chat.Turns.SendAsync(user, null, "first " + first);
        await chat.Turns.AnswerAsync(user, sent!.ConversationId);
        Assert.Equal("Bearer sk-switch-key-000011112222", Assert.Single(app.RequestsWith(first)).Header("Authorization"));

        // Same scope (as a circuit keeps it), same conversation: the next message uses the new option.
        await app.ConfigureAiAsync(tenant, await SavedFormAsync(tenant, AiProviderChoice.SystemDefault));
        var second = Marker();
        await chat.Turns.SendAsync(user, sent.ConversationId, "second " + second);
        var answer = await chat.Turns.AnswerAsync(user, sent.ConversationId);

        Assert.Equal(MessageStatus.Completed, answer.Message.Status);
        var request = Assert.Single(app.RequestsWith(second));
        Assert.Equal("Bearer " + ChatAppHost.ApiKey, request.Header("Authorization"));
        Assert.Equal(ChatAppHost.Model, request.Model);
    }

    [Fact]
    public async Task Answers_share_one_client_per_settings_version_and_a_new_key_applies_to_the_next_message()
    {
        var (tenant, user) = await WorkspaceAsync();
        await app.ConfigureAiAsync(tenant, OwnKey("sk-shared-key-aaaa11112222"));
        await using var scope = await app.TenantScopeAsync(tenant);
        var models = scope.ServiceProvider.GetRequiredService<TenantChatClientFactory>();
        var chat = ChatParts.From(scope.ServiceProvider);
        var first = Marker();
        var sent = await chat.Turns.SendAsync(user, null, "first " + first);
        await chat.Turns.AnswerAsync(user, sent!.ConversationId);

        // The answer disposed the client it was lent; the SDK client behind it is the one the next answer gets.
        await models.RefreshAsync();
        var model = models.Find("gpt-4o")!;
        using (var a = models.CreateClient(model))
        using (var b = models.CreateClient(model))
        {
            Assert.Same(a.GetService(typeof(OpenAI.Chat.ChatClient)), b.GetService(typeof(OpenAI.Chat.ChatClient)));
            Assert.NotNull(a.GetService(typeof(OpenAI.Chat.ChatClient)));
        }

        var before = models.CreateClient(model).GetService(typeof(OpenAI.Chat.ChatClient));
        var form = await SavedFormAsync(tenant, AiProviderChoice.OwnOpenAIKey);
        form.OpenAiNewKey = "sk-shared-key-bbbb33334444";
        await app.ConfigureAiAsync(tenant, form);
        var second = Marker();
        await chat.Turns.SendAsync(user, sent.ConversationId, "second " + second);
        var answer = await chat.Turns.AnswerAsync(user, sent.ConversationId);

        Assert.Equal(MessageStatus.Completed, answer.Message.Status);
        Assert.Equal("Bearer sk-shared-key-bbbb33334444", Assert.Single(app.RequestsWith(second)).Header("Authorization"));
        await models.RefreshAsync();
        Assert.NotSame(before, models.CreateClient(models.Find("gpt-4o")!).GetService(typeof(OpenAI.Chat.ChatClient)));
    }

    [Fact]
    public async Task Test_connection_reports_success_and_the_upstreams_reasons_for_failure()
    {
        var (tenant, _) = await WorkspaceAsync();

        Assert.Equal(ConnectionTestOutcome.Succeeded, (await TestAsync(tenant, OwnKey("sk-good-key-000000000000"))).Outcome);

        var rejected = await TestAsync(tenant, OwnKey(AiSettingsAppHost.RejectedKey));
        Assert.Equal(ConnectionTestOutcome.KeyRejected, rejected.Outcome);
        Assert.Equal(401, rejected.StatusCode);
        Assert.NotNull(rejected.Detail);
        Assert.DoesNotContain(AiSettingsAppHost.RejectedKey, rejected.Detail, StringComparison.Ordinal);

        var missing = await TestAsync(tenant, new AiSettingsForm
        {
            Active = AiProviderChoice.AzureOpenAI, AzureEndpoint = app.Upstream.AzureEndpoint.ToString(), AzureNewKey = "azure-key-0123456789",
            AzureDeployments = AiSettingsAppHost.MissingDeployment,
        });
        Assert.Equal(ConnectionTestOutcome.ModelNotFound, missing.Outcome);
        Assert.Contains("DeploymentNotFound", missing.Detail, StringComparison.Ordinal);

        var closedPort = LoopbackHttp.FreePort();
        var unreachable = await TestAsync(tenant, new AiSettingsForm
        {
            Active = AiProviderChoice.OpenAICompatible, CompatibleBaseUrl = $"http://127.0.0.1:{closedPort}/v1", CompatibleModels = "m",
        });
        Assert.Equal(ConnectionTestOutcome.Unreachable, unreachable.Outcome);

        var invalid = await TestOrRefusalAsync(tenant, new AiSettingsForm { Active = AiProviderChoice.AzureOpenAI });
        Assert.False(invalid.Succeeded);
        Assert.Contains(new Problem<AiSettingsProblem>(AiSettingsProblem.EndpointRequired, Field: nameof(AiSettingsForm.AzureEndpoint)), invalid.Problems);
        Assert.Contains(new Problem<AiSettingsProblem>(AiSettingsProblem.KeyRequired, Field: nameof(AiSettingsForm.AzureNewKey)), invalid.Problems);
        Assert.Contains(new Problem<AiSettingsProblem>(AiSettingsProblem.DeploymentsRequired, Field: nameof(AiSettingsForm.AzureDeployments)), invalid.Problems);
    }

    [Fact]
    public async Task Test_connection_to_a_name_the_policy_refuses_at_connect_time_is_refused_as_blocked_with_the_reason()
    {
        // The name passes the text check; at connect time it resolves (say, DNS rebinding) to 127.0.0.2, loopback and
        // not on the allow-list, so the guarded client refuses before connecting.
        var (tenant, _) = await WorkspaceAsync();
        await using var scope = await app.TenantScopeAsync(tenant);
        var policy = scope.ServiceProvider.GetRequiredService<EndpointPolicy>();
        using var guarded = new GuardedHttpHandler(policy, GuardedHttpHandler.CreateSocketsHandler(policy, (_, _) => Task.FromResult(new[] { IPAddress.Parse("127.0.0.2") })));
        var settings = ActivatorUtilities.CreateInstance<AiSettingsService>(scope.ServiceProvider, (IHttpClientFactory)new OneClientFactory(guarded));

        var tested = await settings.TestAsync(new AiSettingsForm
        {
            Active = AiProviderChoice.OpenAICompatible, CompatibleBaseUrl = "http://inference.rebind.example/v1", CompatibleModels = "m",
        });

        Assert.Null(tested.Value);
        Assert.Equal(new Problem<AiSettingsProblem>(AiSettingsProblem.EndpointBlocked, nameof(EndpointRejectionReason.BlockedAddress), Field: nameof(AiSettingsForm.CompatibleBaseUrl)),
            Assert.Single(tested.Problems));
        var entry = await app.TenantDbAsync(tenant, db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == AuditActions.AiConnectionTested));
        Assert.Contains("\"result\":\"Blocked\"", entry.Details!, StringComparison.Ordinal);
    }

    private sealed class OneClientFactory(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }

    [Fact]
    public async Task Test_connection_over_https_to_a_plain_http_server_reports_a_TLS_error()
    {
        var (tenant, _) = await WorkspaceAsync();
        var result = await TestAsync(tenant, new AiSettingsForm
        {
            Active = AiProviderChoice.OpenAICompatible, CompatibleBaseUrl = new UriBuilder(app.Upstream.OpenAiEndpoint) { Scheme = "https" }.Uri.ToString(), CompatibleModels = "m",
        });
        Assert.Equal(ConnectionTestOutcome.TlsError, result.Outcome);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_reasons_and_nothing_is_saved()
    {
        var (tenant, _) = await WorkspaceAsync();
        await using var scope = await app.TenantScopeAsync(tenant);
        var settings = scope.ServiceProvider.GetRequiredService<AiSettingsService>();

        var saved = await settings.SaveAsync(new AiSettingsForm
        {
            Active = AiProviderChoice.AzureOpenAI, AzureEndpoint = "https://169.254.169.254/", AzureNewKey = "azure-key-0123456789",
            AzureDeployments = "bad name!", AzureApiVersion = "latest", MonthlyTokenCap = 0,
        }, "admin");

        Assert.Contains(new Problem<AiSettingsProblem>(AiSettingsProblem.EndpointRefused, nameof(EndpointRejectionReason.MetadataAddress), Field: nameof(AiSettingsForm.AzureEndpoint)), saved.Problems);
        Assert.Contains(new Problem<AiSettingsProblem>(AiSettingsProblem.DeploymentInvalid, "bad name!", Field: nameof(AiSettingsForm.AzureDeployments)), saved.Problems);
        Assert.Contains(new Problem<AiSettingsProblem>(AiSettingsProblem.ApiVersionInvalid, Field: nameof(AiSettingsForm.AzureApiVersion)), saved.Problems);
        Assert.Contains(new Problem<AiSettingsProblem>(AiSettingsProblem.CapInvalid, Field: nameof(AiSettingsForm.MonthlyTokenCap)), saved.Problems);
        Assert.False(await app.TenantDbAsync(tenant, db => db.AiProviderSettings.AnyAsync()));
    }

    [Fact]
    public async Task The_key_of_the_option_in_use_cannot_be_removed_but_another_options_key_can()
    {
        var (tenant, _) = await WorkspaceAsync();
        await app.ConfigureAiAsync(tenant, OwnKey("sk-remove-key-000000000000"));
        var compatible = await SavedFormAsync(tenant, AiProviderChoice.OpenAICompatible);
        (compatible.CompatibleBaseUrl, compatible.CompatibleModels) = (app.Upstream.OpenAiEndpoint.ToString(), "m");
        await app.ConfigureAiAsync(tenant, compatible);
        await using var scope = await app.TenantScopeAsync(tenant);
        var settings = scope.ServiceProvider.GetRequiredService<AiSettingsService>();
        Assert.Equal("sk-…0000", (await settings.LoadAsync()).Masks.OpenAi);

        Assert.True((await settings.RemoveKeyAsync(AiProviderChoice.OwnOpenAIKey)).Succeeded);
        Assert.Null((await settings.LoadAsync()).Masks.OpenAi);

        await app.ConfigureAiAsync(tenant, OwnKey("sk-remove-key-000000000000"));
        Assert.Equal(new Problem<AiSettingsProblem>(AiSettingsProblem.KeyInUse, Field: nameof(AiSettingsForm.OpenAiNewKey)),
            Assert.Single((await settings.RemoveKeyAsync(AiProviderChoice.OwnOpenAIKey)).Problems));
    }

    [Fact]
    public async Task Saving_an_option_and_opening_the_usage_page_complete_their_onboarding_items()
    {
        var (tenant, _) = await WorkspaceAsync();
        async Task<HashSet<string>> FactsAsync()
        {
            var facts = new HashSet<string>();
            await app.TenantDbAsync(tenant, async db =>
            {
                await new AiSettingsOnboardingFacts().AddCompletedAsync(db, facts, CancellationToken.None);
                return facts;
            });
            return facts;
        }

        Assert.Empty(await FactsAsync());
        await using (var scope = await app.TenantScopeAsync(tenant))
        {
            await scope.ServiceProvider.GetRequiredService<AiSettingsService>().MarkUsageReviewedAsync();
        }

        Assert.Equal(["usage-cost-review"], await FactsAsync());
        await app.ConfigureAiAsync(tenant, new AiSettingsForm { Active = AiProviderChoice.SystemDefault });
        Assert.Equal(["usage-cost-review", "choose-api"], (await FactsAsync()).Order(StringComparer.Ordinal).Reverse());
    }
}
