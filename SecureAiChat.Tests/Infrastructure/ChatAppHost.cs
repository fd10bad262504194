using System.Collections.Concurrent;

namespace SecureAiChat.Tests.Infrastructure;

/// <summary>
/// The app with its system default model pointed at a <see cref="FakeOpenAiUpstream"/> on loopback, short
/// timeouts and a small context window. Scripts are chosen by a marker in the request's messages, so the
/// tests of a class can share one host without consuming each other's scripts.
/// </summary>
public class ChatAppHost : AppHost
{
    public const string ApiKey = "sk-test-chat-0123456789";
    public const string Model = "gpt-4o-mini";
    public const int ContextWindowTokens = 3000;
    public const int ReservedOutputTokens = 500;

    private readonly ConcurrentDictionary<string, ConcurrentQueue<UpstreamScript>> _scripts = new();
    private readonly ConcurrentDictionary<string, UpstreamScript> _lastScripts = new();

    public ChatAppHost()
    {
        Upstream = FakeOpenAiUpstream.StartAsync().GetAwaiter().GetResult();
        Upstream.Scripter = Choose;
        Configure("AI:SystemDefault:Provider", "OpenAI");
        Configure("AI:SystemDefault:Endpoint", Upstream.OpenAiEndpoint.ToString());
        Configure("AI:SystemDefault:ApiKey", ApiKey);
        Configure("AI:SystemDefault:Model", Model);
        // Long enough that a loaded CI machine never pauses a healthy stream this long; the stall tests wait it out.
        Configure("Chat:IdleTimeout", "00:00:05");
        // Generous: the first answer of a fresh host pays for JIT and the first connection on a loaded machine.
        Configure("Chat:FirstTokenTimeout", "00:00:20");
        Configure("Chat:RetryDelay", "00:00:00.020");
        Configure("Chat:ContextWindowTokens", ContextWindowTokens.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Configure("Chat:ReservedOutputTokens", ReservedOutputTokens.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public FakeOpenAiUpstream Upstream { get; }

    /// <summary>Requests whose messages contain <paramref name="marker"/> get these scripts in order (the last one repeats).</summary>
    public void Script(string marker, params UpstreamScript[] scripts) =>
        _scripts[marker] = new ConcurrentQueue<UpstreamScript>(scripts);

    /// <summary>The requests that carried <paramref name="marker"/>.</summary>
    public IReadOnlyList<RecordedRequest> RequestsWith(string marker) =>
        Upstream.Requests.Where(r => r.Messages.Any(m => m.Content?.Contains(marker, StringComparison.Ordinal) == true)).ToList();

    /// <summary>Waits for the first request carrying <paramref name="marker"/>.</summary>
    public async Task<RecordedRequest> WaitForRequestWithAsync(string marker, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            if (RequestsWith(marker) is [var found, ..])
            {
                return found;
            }

            await Task.Delay(20, cts.Token);
        }
    }

    private UpstreamScript? Choose(RecordedRequest request)
    {
        // The newest user message decides: older turns may carry other tests' markers.
        var last = request.Messages.LastOrDefault(m => m.Role == "user")?.Content ?? "";
        foreach (var (marker, queue) in _scripts)
        {
            if (!last.Contains(marker, StringComparison.Ordinal))
            {
                continue;
            }

            if (queue.TryDequeue(out var script))
            {
                _lastScripts[marker] = script;
                return script;
            }

            return _lastScripts.TryGetValue(marker, out var repeat) ? repeat : null;
        }

        return null;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
