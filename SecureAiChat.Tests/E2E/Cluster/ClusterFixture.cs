using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Playwright;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.E2E.Cluster;

/// <summary>
/// The local cluster of <c>deploy/local-cluster/cluster.sh</c>, started once for the multi-instance suite: a fresh
/// database of the test PostgreSQL server, the published app (<c>SECUREAICHAT_CLUSTER_APP</c>, which ./test.sh
/// publishes in its build step; otherwise the script publishes it) as three Production instances, and HAProxy in
/// front on TLS. The system default model is a <see cref="FakeOpenAiUpstream"/> of this process; a
/// <see cref="ClusterSeedHost"/> on the same database seeds workspaces and reads rows, as integration tests do.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const string AppVariable = "SECUREAICHAT_CLUSTER_APP";

    /// <summary>HAProxy's stickiness cookie; its value names the instance (<c>app1</c>..<c>app3</c>).</summary>
    public const string NodeCookie = "SACNODE";

    /// <summary>The bound of every wait of the suite on a page (navigation, locators, web-first assertions).</summary>
    public const float WaitMilliseconds = 90_000;

    private readonly ConcurrentDictionary<string, UpstreamScript> _scripts = new();
    private readonly List<IBrowserContext> _contexts = [];
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sac-tests", "cluster-" + Guid.NewGuid().ToString("N")[..12]);
    private X509Certificate2? _tlsCertificate;
    private bool _started;

    public FakeOpenAiUpstream Upstream { get; private set; } = null!;

    public ClusterSeedHost Seed { get; private set; } = null!;

    public string Database { get; private set; } = "";

    public int Port { get; } = LoopbackHttp.FreePort();

    public IReadOnlyList<int> InstancePorts { get; } = [LoopbackHttp.FreePort(), LoopbackHttp.FreePort(), LoopbackHttp.FreePort()];

    /// <summary>The folder of the published app the instances run.</summary>
    public string AppDirectory { get; private set; } = "";

    /// <summary>The key ring certificate the instances share (file and password), for another process of the app.</summary>
    public (string Path, string Password) KeyRingCertificate { get; private set; }

    public static string Script => Path.Combine(SolutionPaths.Root, "deploy", "local-cluster", "cluster.sh");

    public Uri TenantUri(string identifier, string path = "/") => new($"https://{identifier}.localhost:{Port}{path}");

    /// <summary>The platform's own host (pricing, signup, status page) through the balancer.</summary>
    public Uri PlatformUri(string path = "/") => new($"https://localhost:{Port}{path}");

    /// <summary>The mail pickup folder the instances (<c>Email__PickupDirectory</c> of cluster.sh) and the seed host write to.</summary>
    public string MailDirectory => Path.Combine(_dir, "mail");

    /// <summary>The mail picked up for <paramref name="address"/>, whichever Hangfire server's job sent it.</summary>
    public IReadOnlyList<MimeKit.MimeMessage> PickedUpMailTo(string address)
    {
        if (!Directory.Exists(MailDirectory)) return [];
        return Directory.EnumerateFiles(MailDirectory, "*.eml").Select(f => MimeKit.MimeMessage.Load(f))
            .Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)))
            .ToList();
    }

    public async Task InitializeAsync()
    {
        Upstream = await FakeOpenAiUpstream.StartAsync();
        Upstream.Scripter = request =>
        {
            var last = request.Messages.LastOrDefault(m => m.Role == "user")?.Content ?? "";
            return _scripts.FirstOrDefault(s => last.Contains(s.Key, StringComparison.Ordinal)).Value;
        };
        Database = await PostgreSqlTestServer.CreateDatabaseAsync();
        Directory.CreateDirectory(_dir);
        _started = true;
        var (code, output) = await RunScriptAsync("start");
        if (code != 0) throw new InvalidOperationException($"cluster.sh start failed ({code}):\n{output}\n{InstanceLogs()}");

        var settings = File.ReadAllLines(Path.Combine(_dir, "app.env")).Where(l => l.Contains('=', StringComparison.Ordinal))
            .ToDictionary(l => l[..l.IndexOf('=', StringComparison.Ordinal)], l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        KeyRingCertificate = (settings["DataProtection__Certificate__Path"], settings["DataProtection__Certificate__Password"]);
        AppDirectory = File.ReadAllText(Path.Combine(_dir, "app.path")).Trim();
        _tlsCertificate = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(_dir, "certs", "tls.crt"));

        Seed = new ClusterSeedHost(Database, KeyRingCertificate.Path, KeyRingCertificate.Password, MailDirectory);
        await Seed.InitializeAsync();
    }

    /// <summary>Requests whose newest user message contains <paramref name="marker"/> are answered with <paramref name="script"/>.</summary>
    public void ScriptAnswer(string marker, UpstreamScript script) => _scripts[marker] = script;

    public IReadOnlyList<RecordedRequest> RequestsWith(string marker) =>
        Upstream.Requests.Where(r => r.Messages.Any(m => m.Content?.Contains(marker, StringComparison.Ordinal) == true)).ToList();

    /// <summary>The pid of instance <paramref name="n"/> (1-3) as the script recorded it.</summary>
    public int InstancePid(int n) => int.Parse(File.ReadAllText(Path.Combine(_dir, $"instance-{n}.pid")).Trim(), CultureInfo.InvariantCulture);

    /// <summary>An HTTP client through the balancer that trusts exactly the cluster's own TLS certificate.</summary>
    public HttpClient CreateClient(CookieContainer cookies)
    {
        var handler = LoopbackHttp.CreateHandler(cookies);
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && _tlsCertificate is not null && certificate.GetCertHash().AsSpan().SequenceEqual(_tlsCertificate.GetCertHash());
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>Signs <paramref name="email"/> in through the balancer's sign-in form; the jar holds the session cookie.</summary>
    public async Task<CookieContainer> SignInAsync(string identifier, string email)
    {
        var cookies = new CookieContainer();
        using var client = CreateClient(cookies);
        using var response = await AccountForms.PostLoginAsync(client, TenantUri(identifier, "/Account/Login"), email, TestPasswords.Default);
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"Sign-in through the balancer failed: {(int)response.StatusCode}");
        return cookies;
    }

    /// <summary>
    /// A browser page with the session in <paramref name="cookies"/> whose requests the balancer sends to instance
    /// <paramref name="instance"/> (1-3): its stickiness cookie is set as if it had chosen that instance.
    /// </summary>
    public async Task<IPage> PageAsync(CookieContainer cookies, string identifier, int instance)
    {
        var context = await NewContextAsync();
        var origin = TenantUri(identifier).GetLeftPart(UriPartial.Authority);
        // Host-only cookies (Url, not Domain), as the app and the balancer set them.
        var session = cookies.GetCookies(TenantUri(identifier)).Where(c => c.Name != NodeCookie)
            .Select(c => new Microsoft.Playwright.Cookie { Name = c.Name, Value = c.Value, Url = origin, Secure = true, HttpOnly = true })
            .Append(new Microsoft.Playwright.Cookie { Name = NodeCookie, Value = $"app{instance}", Url = origin, Secure = true, HttpOnly = true });
        await context.AddCookiesAsync(session);
        return await context.NewPageAsync();
    }

    /// <summary>A browser page with no cookies at all, as a first-time visitor's: the balancer picks its instances.</summary>
    public async Task<IPage> NewVisitorPageAsync() => await (await NewContextAsync()).NewPageAsync();

    private async Task<IBrowserContext> NewContextAsync()
    {
        var browser = await Browsers.GetAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "ja-JP",
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = "ja-JP" },
            TimezoneId = "Asia/Tokyo",
            // The cluster's certificate is self-signed; the HTTP clients above pin it instead.
            IgnoreHTTPSErrors = true,
        });
        // Three instances, PostgreSQL and Chromium share the machine: a cold instance's first page waits longer than
        // a single test host's does (a bound, never a sleep).
        context.SetDefaultTimeout(WaitMilliseconds);
        lock (_contexts) _contexts.Add(context);
        return context;
    }

    /// <summary>The instance the balancer pins <paramref name="page"/>'s context to now.</summary>
    public static async Task<string?> NodeOfAsync(IPage page) =>
        (await page.Context.CookiesAsync()).FirstOrDefault(c => c.Name == NodeCookie)?.Value;

    public Task<(int Code, string Output)> RunScriptAsync(params string[] arguments) =>
        RunAsync("bash", [Script, .. arguments], new Dictionary<string, string>
        {
            ["SAC_CLUSTER_DIR"] = _dir,
            ["SAC_CLUSTER_DATABASE"] = Database,
            ["SAC_CLUSTER_APP"] = Environment.GetEnvironmentVariable(AppVariable) ?? "",
            ["SAC_CLUSTER_PORT"] = Port.ToString(CultureInfo.InvariantCulture),
            ["SAC_CLUSTER_INSTANCE_PORTS"] = string.Join(' ', InstancePorts),
            ["AI__SystemDefault__Provider"] = "OpenAI",
            ["AI__SystemDefault__Endpoint"] = Upstream.OpenAiEndpoint.ToString(),
            ["AI__SystemDefault__ApiKey"] = ChatAppHost.ApiKey,
            ["AI__SystemDefault__Model"] = ChatAppHost.Model,
            // As the tests' chat hosts: a small reservation per answer, so an allowance edge takes few answers.
            ["Chat__ReservedOutputTokens"] = ChatAppHost.ReservedOutputTokens.ToString(CultureInfo.InvariantCulture),
            ["Chat__ContextWindowTokens"] = ChatAppHost.ContextWindowTokens.ToString(CultureInfo.InvariantCulture),
            // Every test signs in from loopback through one balancer: one client address for all.
            ["Throttle__SignIn__Permits"] = "100000",
            ["Hangfire__SchedulePollingSeconds"] = "1",
        });

    /// <summary>Runs a process to its end with extra environment variables; returns its exit code and output.</summary>
    public static async Task<(int Code, string Output)> RunAsync(string file, IEnumerable<string> arguments, IDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    private string InstanceLogs()
    {
        var logs = Path.Combine(_dir, "logs");
        if (!Directory.Exists(logs)) return "";
        return string.Join('\n', Directory.EnumerateFiles(logs).Select(f => $"--- {Path.GetFileName(f)}\n" + string.Join('\n', File.ReadLines(f).TakeLast(20))));
    }

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts) await context.CloseAsync();
        if (Seed is not null) await Seed.DisposeAsync();
        if (_started) await RunScriptAsync("stop");
        // The instances' logs outlive the run beside the screenshots, for a look after a failure.
        var logs = Path.Combine(_dir, "logs");
        if (Directory.Exists(logs))
        {
            var kept = Path.Combine(AppContext.BaseDirectory, "cluster-logs");
            Directory.CreateDirectory(kept);
            foreach (var file in Directory.EnumerateFiles(logs)) File.Copy(file, Path.Combine(kept, Path.GetFileName(file)), overwrite: true);
        }
        if (Upstream is not null) await Upstream.DisposeAsync();
        if (Database.Length > 0) await PostgreSqlTestServer.DropDatabaseAsync(Database);
        _tlsCertificate?.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A log may be held a moment longer; the temp folder is cleaned later.
        }
    }
}

/// <summary>
/// An in-process app on the cluster's database and key ring, used only to seed workspaces and read rows the way the
/// integration tests do (its own Hangfire server is a fourth one; the jobs are idempotent). It writes mail to the
/// cluster's pickup folder: a job it happens to fetch (a signup's provisioning) sends where the instances' would.
/// </summary>
public sealed class ClusterSeedHost : AppHost
{
    public ClusterSeedHost(string database, string certificatePath, string certificatePassword, string mailDirectory)
    {
        UsePostgreSql(database);
        Configure("DataProtection:Certificate:Path", certificatePath);
        Configure("DataProtection:Certificate:Password", certificatePassword);
        Configure("Email:PickupDirectory", mailDirectory);
    }
}
