using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Providers.Settings;
using SecureAiChat.Core.Settings;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Providers;

/// <summary>
/// A stored provider key goes only to the endpoint it was saved with: "Test connection" and saving with a changed URL
/// and no retyped key are refused with a message, and a bait server at the new URL never sees the key.
/// </summary>
public sealed class StoredKeyEndpointTests(AiSettingsAppHost app) : IClassFixture<AiSettingsAppHost>, IAsyncLifetime
{
    private const string StoredKey = "sk-stored-secret-key-9Zq1";
    private const string RetypedKey = "sk-retyped-for-bait-7Wx3";
    private FakeOpenAiUpstream _bait = default!;

    public async Task InitializeAsync() => _bait = await FakeOpenAiUpstream.StartAsync();

    public async Task DisposeAsync() => await _bait.DisposeAsync();

    public static TheoryData<AiProviderChoice> KeyedOptions => [AiProviderChoice.OwnOpenAIKey, AiProviderChoice.AzureOpenAI, AiProviderChoice.OpenAICompatible];

    private AiSettingsForm Saved(AiProviderChoice choice) => choice switch
    {
        AiProviderChoice.OwnOpenAIKey => new() { Active = choice, OpenAiNewKey = StoredKey, OpenAiBaseUrl = app.Upstream.OpenAiEndpoint.ToString(), OpenAiModels = "gpt-4o-mini" },
        AiProviderChoice.AzureOpenAI => new() { Active = choice, AzureNewKey = StoredKey, AzureEndpoint = app.Upstream.AzureEndpoint.ToString(), AzureDeployments = "chat" },
        _ => new() { Active = choice, CompatibleNewKey = StoredKey, CompatibleBaseUrl = app.Upstream.OpenAiEndpoint.ToString(), CompatibleModels = "llama" },
    };

    /// <summary>The saved form with the option's URL pointed at the bait and no key typed.</summary>
    private AiSettingsForm PointedAtBait(AiProviderChoice choice)
    {
        var form = Saved(choice);
        form.ClearNewKeys();
        switch (choice)
        {
            case AiProviderChoice.OwnOpenAIKey: form.OpenAiBaseUrl = _bait.OpenAiEndpoint.ToString(); break;
            case AiProviderChoice.AzureOpenAI: form.AzureEndpoint = _bait.AzureEndpoint.ToString(); break;
            default: form.CompatibleBaseUrl = _bait.OpenAiEndpoint.ToString(); break;
        }
        return form;
    }

    private static string KeyField(AiProviderChoice choice) => choice switch
    {
        AiProviderChoice.OwnOpenAIKey => nameof(AiSettingsForm.OpenAiNewKey),
        AiProviderChoice.AzureOpenAI => nameof(AiSettingsForm.AzureNewKey),
        _ => nameof(AiSettingsForm.CompatibleNewKey),
    };

    private async Task<string> WorkspaceWithStoredKeyAsync(AiProviderChoice choice)
    {
        var tenant = await app.CreateTenantAsync("sk" + Guid.NewGuid().ToString("N")[..8]);
        await app.ConfigureAiAsync(tenant.Id, Saved(choice));
        return tenant.Id;
    }

    private void AssertBaitNeverSawAKey()
    {
        foreach (var request in _bait.Requests)
        {
            Assert.Null(request.Header("Authorization"));
            Assert.Null(request.Header("api-key"));
        }
        Assert.DoesNotContain(_bait.Requests, r => string.Join('\n', r.Headers.Values).Contains(StoredKey, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(KeyedOptions))]
    public async Task Testing_a_changed_url_without_retyping_the_key_is_refused_and_the_stored_key_never_reaches_it(AiProviderChoice choice)
    {
        var tenant = await WorkspaceWithStoredKeyAsync(choice);
        await using var scope = await app.TenantScopeAsync(tenant);
        var settings = scope.ServiceProvider.GetRequiredService<AiSettingsService>();

        var result = await settings.TestAsync(PointedAtBait(choice));

        Assert.Null(result.Value);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(KeyField(choice), problem.Field);
        Assert.Equal(AiSettingsProblem.KeyRequiredForNewEndpoint, problem.Code);
        Assert.Empty(_bait.Requests);
        AssertBaitNeverSawAKey();
    }

    [Theory]
    [MemberData(nameof(KeyedOptions))]
    public async Task Saving_a_changed_url_without_retyping_the_key_is_refused_and_nothing_changes(AiProviderChoice choice)
    {
        var tenant = await WorkspaceWithStoredKeyAsync(choice);
        var before = await app.TenantDbAsync(tenant, db => db.AiProviderSettings.AsNoTracking().SingleAsync());
        await using var scope = await app.TenantScopeAsync(tenant);
        var settings = scope.ServiceProvider.GetRequiredService<AiSettingsService>();

        var saved = await settings.SaveAsync(PointedAtBait(choice), "admin");

        Assert.Equal(AiSettingsProblem.KeyRequiredForNewEndpoint, Assert.Single(saved.Problems).Code);
        var after = await app.TenantDbAsync(tenant, db => db.AiProviderSettings.AsNoTracking().SingleAsync());
        Assert.Equal((before.OpenAiBaseUrl, before.AzureEndpoint, before.CompatibleBaseUrl), (after.OpenAiBaseUrl, after.AzureEndpoint, after.CompatibleBaseUrl));
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);
    }

    [Fact]
    public async Task With_the_key_typed_again_the_new_url_is_tested_and_saved_with_that_key()
    {
        var tenant = await WorkspaceWithStoredKeyAsync(AiProviderChoice.OwnOpenAIKey);
        await using var scope = await app.TenantScopeAsync(tenant);
        var settings = scope.ServiceProvider.GetRequiredService<AiSettingsService>();
        var form = PointedAtBait(AiProviderChoice.OwnOpenAIKey);
        form.OpenAiNewKey = RetypedKey;

        Assert.Equal(ConnectionTestOutcome.Succeeded, (await settings.TestAsync(form)).Value?.Outcome);
        Assert.Empty((await settings.SaveAsync(form, "admin")).Problems);

        var request = Assert.Single(_bait.Requests);
        Assert.Equal("Bearer " + RetypedKey, request.Header("Authorization"));
        var row = await app.TenantDbAsync(tenant, db => db.AiProviderSettings.AsNoTracking().SingleAsync());
        Assert.Equal(_bait.OpenAiEndpoint.ToString(), row.OpenAiBaseUrl);
    }

    [Fact]
    public async Task Changing_the_url_of_an_option_not_in_use_without_its_key_is_refused_for_the_whole_form()
    {
        var tenant = await WorkspaceWithStoredKeyAsync(AiProviderChoice.OwnOpenAIKey);
        await using var scope = await app.TenantScopeAsync(tenant);
        var settings = scope.ServiceProvider.GetRequiredService<AiSettingsService>();
        var form = PointedAtBait(AiProviderChoice.OwnOpenAIKey);
        form.Active = AiProviderChoice.SystemDefault;

        var problem = Assert.Single((await settings.SaveAsync(form, "admin")).Problems);

        Assert.Equal((null, AiSettingsProblem.OtherOptionEndpointChanged), (problem.Field, problem.Code));
        var row = await app.TenantDbAsync(tenant, db => db.AiProviderSettings.AsNoTracking().SingleAsync());
        Assert.Equal(app.Upstream.OpenAiEndpoint.ToString(), row.OpenAiBaseUrl);
        Assert.Equal(AiProviderChoice.OwnOpenAIKey, row.Active);
    }

    [Fact]
    public async Task Unchanged_urls_keep_using_the_stored_key()
    {
        var tenant = await WorkspaceWithStoredKeyAsync(AiProviderChoice.OwnOpenAIKey);
        await using var scope = await app.TenantScopeAsync(tenant);
        var settings = scope.ServiceProvider.GetRequiredService<AiSettingsService>();
        var (form, _) = await settings.LoadAsync();

        Assert.Equal(ConnectionTestOutcome.Succeeded, (await settings.TestAsync(form)).Value?.Outcome);
        Assert.Empty((await settings.SaveAsync(form, "admin")).Problems);
    }
}
