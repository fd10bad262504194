using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecureAiChat.Core.Providers;
using SecureAiChat.Core.Settings;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Benchmarks;

/// <summary>
/// The whole app on Kestrel with a fresh SQLite file and its system default model pointed at the test suite's
/// fake upstream (<see cref="ChatAppHost"/>), tuned back to production settings where the tests shorten them.
/// </summary>
public sealed class BenchHost : ChatAppHost
{
    public const string TenantIdentifier = "bench";

    public BenchHost()
    {
        // Production defaults: the tests turn the tenant cache off and shorten timeouts and the context window.
        Configure("Tenancy:CacheSeconds", "30");
        Configure("Chat:IdleTimeout", "00:01:00");
        Configure("Chat:FirstTokenTimeout", "00:02:00");
        Configure("Chat:ContextWindowTokens", "128000");
        // Figures 3 and 4 stream in several pages of one member at once; the product allows three per member.
        Configure("Chat:MaxConcurrentAnswersPerUser", "100");
        Configure("Chat:ReservedOutputTokens", "4096");
        Configure("Signup:RateLimitPermits", "100000");
        // Static files with the cache headers a published app sends (fingerprinted: a year, immutable). The host serves
        // the build's manifest, for which MapStaticAssets otherwise sends no-cache on every file as in Development.
        Configure("EnableStaticAssetsDevelopmentCaching", "true");
    }

    public AppTenantInfo Tenant { get; private set; } = default!;

    public string MemberId { get; private set; } = "";

    public string MemberEmail { get; private set; } = "";

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        // Per-request info logs to the console would be measured as the app's cost.
        services.Configure<LoggerFilterOptions>(o =>
        {
            o.Rules.Clear();
            o.MinLevel = LogLevel.Warning;
        });
        // The once-a-minute security stamp re-check is one lookup per session per minute; a fixed cookie replayed
        // for minutes by the per-request benchmark would otherwise pay it on every request. PostConfigure: the
        // app's own Configure is registered after this one and would win.
        services.PostConfigure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromHours(1));
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // Enterprise: figures 3 and 4 stream 50 pages at once, and Starter's 20 answers at a time (Plan.MaxConcurrentAnswers)
        // refused the rest, whose pages then waited for a first token that never came.
        Tenant = await CreateTenantAsync(TenantIdentifier, "ベンチ株式会社", plan: nameof(SecureAiChat.Core.Plans.PlanCode.Enterprise));
        MemberEmail = "member@bench.example.jp";
        MemberId = (await CreateUserAsync(Tenant.Id, MemberEmail)).Id;
    }

    /// <summary>The baseline client: the same SDK and HTTP client factory the app uses, called directly.</summary>
    public IChatClient CreateDirectClient() => Services.GetRequiredService<UpstreamChatClientFactory>().Create(new ChatEndpointSettings
    {
        Kind = ProviderKind.OpenAI,
        Endpoint = Upstream.OpenAiEndpoint,
        ApiKey = ApiKey,
        Model = Model,
    });

    /// <summary>Streams one answer straight from the upstream; returns (first token, whole answer) in ms.</summary>
    public static async Task<(double FirstMs, double TotalMs)> StreamDirectAsync(IChatClient client, string prompt)
    {
        var clock = Stopwatch.StartNew();
        var first = double.NaN;
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, prompt)]))
        {
            if (double.IsNaN(first) && !string.IsNullOrEmpty(update.Text))
            {
                first = clock.Elapsed.TotalMilliseconds;
            }
        }

        return (first, clock.Elapsed.TotalMilliseconds);
    }

    /// <summary>Tokens " w1" … " wN": the browser probe reads how many are on screen from the last number.</summary>
    public static IReadOnlyList<string> NumberedTokens(int count) => Enumerable.Range(1, count).Select(i => $" w{i}").ToList();

    public static UpstreamScript Paced(IReadOnlyList<string> tokens, double tokensPerSecond) => new()
    {
        Tokens = tokens,
        TokensPerSecond = tokensPerSecond > 0 ? tokensPerSecond : null,
    };
}

/// <summary>Process-wide CPU and memory readings (the app, the fake upstream and the harness share the process).</summary>
public static class ProcessMeter
{
    public static TimeSpan Cpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>Managed heap and working set in bytes after a full, compacting collection.</summary>
    public static (double Managed, double WorkingSet) MemoryAfterFullGc()
    {
        for (var i = 0; i < 2; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64);
    }

    /// <summary>
    /// With <c>BENCH_GCDUMP_DIR</c> set, writes a gcdump of this process to <c>DIR/label.gcdump</c> (with
    /// <c>dotnet-gcdump</c> from <c>BENCH_GCDUMP_TOOL</c> or ~/.dotnet/tools) and waits for it: figure 4 calls it right
    /// after each reading, so the dumps can be diffed by type (docs/benchmarks.md, "Wave 14: figure 4 at N = 10").
    /// </summary>
    public static async Task GcDumpIfAskedAsync(string label)
    {
        var dir = Environment.GetEnvironmentVariable("BENCH_GCDUMP_DIR");
        if (string.IsNullOrEmpty(dir))
        {
            return;
        }

        Directory.CreateDirectory(dir);
        var tool = Environment.GetEnvironmentVariable("BENCH_GCDUMP_TOOL")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-gcdump");
        using var dump = Process.Start(new ProcessStartInfo(tool)
        {
            ArgumentList = { "collect", "-p", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", Path.Combine(dir, label + ".gcdump") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await dump.WaitForExitAsync();
    }
}
