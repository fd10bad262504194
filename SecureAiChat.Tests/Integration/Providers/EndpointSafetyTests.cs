using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Providers.Security;
using SecureAiChat.Core.Providers.Settings;
using SecureAiChat.Core.Settings;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Tests.Unit.Providers;

namespace SecureAiChat.Tests.Integration.Providers;

/// <summary>
/// SSRF (OWASP ASVS 1.3.6) through the AI settings as an operator runs them (no allow-list): hostile endpoint URLs
/// are refused with a clear message and no connection is attempted, whether typed on the page or already in the database.
/// </summary>
public sealed class EndpointSafetyTests(StrictEndpointAppHost app) : IClassFixture<StrictEndpointAppHost>, IAsyncLifetime
{
    private readonly TcpListener _bait = new(IPAddress.Loopback, 0);
    private int _connections;

    private int Port => ((IPEndPoint)_bait.LocalEndpoint).Port;

    public Task InitializeAsync()
    {
        // A server on loopback that counts every connection: the hostile URLs below point at it.
        _bait.Start();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                try
                {
                    using var client = await _bait.AcceptTcpClientAsync();
                    Interlocked.Increment(ref _connections);
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                    return;
                }
            }
        });
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _bait.Stop();
        return Task.CompletedTask;
    }

    /// <summary>The validator's corpus plus variants aimed at the bait port.</summary>
    private IEnumerable<string> HostileUrls() =>
        EndpointValidatorTests.HostileUrls.Select(row => (string)row[0])
            .Concat(
            [
                $"http://127.0.0.1:{Port}/v1", $"https://127.0.0.1:{Port}/v1", $"https://localhost:{Port}/v1", $"https://[::1]:{Port}/v1",
                $"https://[::ffff:127.0.0.1]:{Port}/v1", $"https://2130706433:{Port}/v1", $"https://0x7f.1:{Port}/v1", $"https://0177.0.0.1:{Port}/v1",
                $"https://127.1:{Port}/v1", $"https://127.0.0.1.:{Port}/v1", $"https://api.openai.com@127.0.0.1:{Port}/v1", $"https://LOCALHOST.:{Port}/v1",
            ]);

    [Fact]
    public async Task Every_hostile_endpoint_is_refused_with_a_message_for_each_option_and_nothing_connects()
    {
        var tenant = await app.CreateTenantAsync("ssrf" + Guid.NewGuid().ToString("N")[..6]);
        await using var scope = await app.TenantScopeAsync(tenant.Id);
        var settings = scope.ServiceProvider.GetRequiredService<AiSettingsService>();
        var urls = HostileUrls().ToList();
        Assert.True(urls.Count >= 30, $"only {urls.Count} URLs");

        foreach (var url in urls)
        {
            var forms = new List<AiSettingsForm>
            {
                new() { Active = AiProviderChoice.OpenAICompatible, CompatibleBaseUrl = url, CompatibleModels = "m" },
                new() { Active = AiProviderChoice.AzureOpenAI, AzureEndpoint = url, AzureNewKey = "azure-key-0123456789", AzureDeployments = "d" },
            };
            if (url.Length > 0)
            {
                // The OpenAI base URL override is optional; when given it is held to the same rules.
                forms.Add(new() { Active = AiProviderChoice.OwnOpenAIKey, OpenAiBaseUrl = url, OpenAiNewKey = "sk-key-0123456789abcd", OpenAiModels = "m" });
            }

            foreach (var form in forms)
            {
                var tested = await settings.TestAsync(form);
                Assert.True(!tested.Succeeded, $"{form.Active} {url}: {tested}");
                var problem = Assert.Single(tested.Problems);
                if (url.Length > 0)
                {
                    // The value is the policy's reason, which the page words.
                    Assert.Equal(AiSettingsProblem.EndpointRefused, problem.Code);
                    Assert.True(Enum.TryParse<EndpointRejectionReason>(problem.Value, out _), url);
                }

                Assert.NotEmpty((await settings.SaveAsync(form, "admin")).Problems);
            }
        }

        Assert.Equal(0, Volatile.Read(ref _connections));
        Assert.False(await app.TenantDbAsync(tenant.Id, db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.AiProviderSettings)));
    }

    [Fact]
    public async Task An_endpoint_that_reached_the_database_unchecked_is_still_refused_where_the_connection_is_made()
    {
        var tenant = await app.CreateTenantAsync("ssrfdb" + Guid.NewGuid().ToString("N")[..6]);
        var user = await app.CreateUserAsync(tenant.Id, $"{Guid.NewGuid():N}@example.jp");
        // As if written by an older version or by hand: only the connect-time check stands between it and loopback.
        await app.TenantDbAsync(tenant.Id, async db =>
        {
            db.AiProviderSettings.Add(new AiProviderSettings { Active = AiProviderChoice.OpenAICompatible, CompatibleBaseUrl = $"https://127.0.0.1:{Port}/v1", CompatibleModels = "m" });
            return await db.SaveChangesAsync();
        });

        var answer = await app.AskAsync(tenant.Id, user.Id, "hello");

        Assert.Equal(MessageStatus.Failed, answer.Message.Status);
        Assert.Equal(0, Volatile.Read(ref _connections));
    }
}
