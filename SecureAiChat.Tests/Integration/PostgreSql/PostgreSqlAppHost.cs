using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Tests.Integration.Provisioning;

namespace SecureAiChat.Tests.Integration.PostgreSql;

/// <summary>
/// The whole app on PostgreSQL (a fresh database of the test cluster, migrated first: the app never migrates a
/// server database at start), Hangfire on PostgreSQL storage in that database, and the system default model
/// pointed at a <see cref="FakeOpenAiUpstream"/>.
/// </summary>
public sealed class PostgreSqlAppHost : ProvisioningHost
{
    public const string Reply = "PostgreSQL からの回答です。";

    public PostgreSqlAppHost()
    {
        Upstream = FakeOpenAiUpstream.StartAsync().GetAwaiter().GetResult();
        Upstream.DefaultScript = new UpstreamScript { Reply = Reply };
        Configure("AI:SystemDefault:Provider", "OpenAI");
        Configure("AI:SystemDefault:Endpoint", Upstream.OpenAiEndpoint.ToString());
        Configure("AI:SystemDefault:ApiKey", ChatAppHost.ApiKey);
        Configure("AI:SystemDefault:Model", ChatAppHost.Model);
        Configure("Chat:FirstTokenTimeout", "00:00:20");
    }

    public FakeOpenAiUpstream Upstream { get; }

    protected override bool OnPostgreSql => true;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}

/// <summary><see cref="ChatAppHost"/> on PostgreSQL.</summary>
public sealed class PostgreSqlChatAppHost : ChatAppHost
{
    protected override bool OnPostgreSql => true;
}

/// <summary><see cref="AiSettingsAppHost"/> on PostgreSQL.</summary>
public sealed class PostgreSqlAiSettingsAppHost : AiSettingsAppHost
{
    protected override bool OnPostgreSql => true;
}
