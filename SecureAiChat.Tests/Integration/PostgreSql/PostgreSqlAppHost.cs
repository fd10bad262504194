using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Tests.Integration.Provisioning;

namespace SecureAiChat.Tests.Integration.PostgreSql;

/// <summary>
/// The whole app on PostgreSQL: a fresh database of the test cluster migrated first (as the <c>migrate</c>
/// command does: the app never migrates a server database at start), Hangfire on PostgreSQL storage in that
/// database, and the system default model pointed at a <see cref="FakeOpenAiUpstream"/>.
/// </summary>
public sealed class PostgreSqlAppHost : ProvisioningHost
{
    public const string Reply = "PostgreSQL からの回答です。";

    private string? _connectionString;

    public PostgreSqlAppHost()
    {
        Upstream = FakeOpenAiUpstream.StartAsync().GetAwaiter().GetResult();
        Upstream.DefaultScript = new UpstreamScript { Reply = Reply };
        Configure("Database:Provider", "PostgreSql");
        Configure("AI:SystemDefault:Provider", "OpenAI");
        Configure("AI:SystemDefault:Endpoint", Upstream.OpenAiEndpoint.ToString());
        Configure("AI:SystemDefault:ApiKey", ChatAppHost.ApiKey);
        Configure("AI:SystemDefault:Model", ChatAppHost.Model);
        Configure("Chat:FirstTokenTimeout", "00:00:20");
    }

    public FakeOpenAiUpstream Upstream { get; }

    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("Created in InitializeAsync.");

    public override async Task InitializeAsync()
    {
        _connectionString = await PostgreSqlTestServer.CreateDatabaseAsync();
        Configure("ConnectionStrings:Default", _connectionString);
        await using (var db = new PostgreSqlAppDbContext(new DbContextOptionsBuilder<PostgreSqlAppDbContext>().UseNpgsql(_connectionString)
                         .UseApplicationServiceProvider(IdentityStoreSchema.DesignTimeServices()).Options, NoTenant.Instance))
        {
            await db.Database.MigrateAsync();
        }
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Upstream.DisposeAsync();
        if (_connectionString is not null) await PostgreSqlTestServer.DropDatabaseAsync(_connectionString);
    }
}
