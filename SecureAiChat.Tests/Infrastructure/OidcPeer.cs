using System.Diagnostics;
using System.Text.Json;

namespace SecureAiChat.Tests.Infrastructure;

/// <summary>An Entra-shaped identity for the test OpenID Connect provider to sign in as.</summary>
/// <param name="EmailDomainVerified">Whether the token carries Entra's <c>xms_edov</c> = true (the email's domain is verified).</param>
public sealed record OidcTestAccount(string Id, string Label, string DirectoryId, string ObjectId, string Email, string Name, string[]? Roles = null, string[]? Groups = null, bool EmailDomainVerified = true);

/// <summary>
/// A real OpenID Connect provider (npm <c>oidc-provider</c>, SecureAiChat.Tests/peers/oidc-server.mjs) on a free loopback
/// port. Fails, never skips, when node or the npm packages are missing: ./test.sh runs <c>npm ci</c> in the peers folder.
/// </summary>
public sealed class OidcPeer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _configPath;

    private OidcPeer(Process process, string configPath, int port)
    {
        _process = process;
        _configPath = configPath;
        Port = port;
    }

    public int Port { get; }

    public string Issuer => $"http://127.0.0.1:{Port}";

    public static async Task<OidcPeer> StartAsync(string clientId, string clientSecret, IEnumerable<string> redirectUris, IEnumerable<OidcTestAccount> accounts, int? port = null)
    {
        var peers = Path.Combine(SolutionPaths.Root, "SecureAiChat.Tests", "peers");
        if (!Directory.Exists(Path.Combine(peers, "node_modules", "oidc-provider")))
        {
            throw new InvalidOperationException(
                $"The OpenID Connect test peer is not installed: {peers}/node_modules/oidc-provider is missing. Run ./test.sh, or: (cd SecureAiChat.Tests/peers && npm ci).");
        }
        var chosenPort = port ?? LoopbackHttp.FreePort();
        var config = new
        {
            port = chosenPort,
            issuer = $"http://127.0.0.1:{chosenPort}",
            clients = new[] { new { client_id = clientId, client_secret = clientSecret, redirect_uris = redirectUris.ToArray() } },
            accounts = accounts.Select(a => new
            {
                id = a.Id,
                label = a.Label,
                claims = new Dictionary<string, object>
                {
                    ["tid"] = a.DirectoryId, ["oid"] = a.ObjectId, ["email"] = a.Email, ["preferred_username"] = a.Email, ["name"] = a.Name,
                    ["roles"] = a.Roles ?? [], ["groups"] = a.Groups ?? [], ["xms_edov"] = a.EmailDomainVerified,
                },
            }),
        };
        var configPath = Path.Combine(Path.GetTempPath(), $"sac-oidc-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(configPath, JsonSerializer.Serialize(config));

        var start = new ProcessStartInfo("node", ["oidc-server.mjs", configPath])
        {
            WorkingDirectory = peers,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("node is not installed (the OpenID Connect test peer needs Node.js 20+).", e);
        }
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            log.Enqueue(e.Data);
            if (e.Data.Contains("oidc-peer listening", StringComparison.Ordinal)) ready.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("The OpenID Connect test peer exited: " + string.Join("\n", log)));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var peer = new OidcPeer(process, configPath, chosenPort);
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            await peer.DisposeAsync();
            throw new InvalidOperationException("The OpenID Connect test peer did not start in 30 s: " + string.Join("\n", log));
        }
        return peer;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.Dispose();
        File.Delete(_configPath);
    }
}
