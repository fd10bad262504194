using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SecureAiChat.Tests.Infrastructure;

/// <summary>
/// A real HTTP server on 127.0.0.1 speaking the OpenAI and Azure OpenAI chat completions protocol
/// (SSE streaming and plain JSON), scriptable per request, recording every request. Lets the real
/// SDKs run end to end without network access or keys.
/// </summary>
/// <remarks>
/// OpenAI clients use <see cref="OpenAiEndpoint"/> (<c>/v1/chat/completions</c>); Azure clients use
/// <see cref="AzureEndpoint"/> (<c>/openai/deployments/{d}/chat/completions?api-version=...</c>).
/// Scripts are taken from <see cref="Enqueue"/>d ones first, then <see cref="Scripter"/>, then
/// <see cref="DefaultScript"/>.
/// </remarks>
public sealed class FakeOpenAiUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<UpstreamScript> _queue = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _shutdown = new();
    private TaskCompletionSource<RecordedRequest> _nextRequest = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _sequence;

    private FakeOpenAiUpstream(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>http://127.0.0.1:{port}/</summary>
    public Uri BaseAddress { get; }

    /// <summary>Endpoint for OpenAI clients (the SDK appends <c>chat/completions</c>).</summary>
    public Uri OpenAiEndpoint => new(BaseAddress, "v1");

    /// <summary>Endpoint for Azure OpenAI clients (the SDK appends <c>openai/deployments/...</c>).</summary>
    public Uri AzureEndpoint => BaseAddress;

    /// <summary>Used when no queued script and no <see cref="Scripter"/> applies.</summary>
    public UpstreamScript DefaultScript { get; set; } = new();

    /// <summary>Chooses a script from the request; return null to fall back to <see cref="DefaultScript"/>.</summary>
    public Func<RecordedRequest, UpstreamScript?>? Scripter { get; set; }

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return _requests.ToList();
            }
        }
    }

    /// <summary>The next request is answered with <paramref name="script"/> (FIFO).</summary>
    public void Enqueue(UpstreamScript script) => _queue.Enqueue(script);

    /// <summary>Starts the server on a free loopback port.</summary>
    public static async Task<FakeOpenAiUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();

        FakeOpenAiUpstream? fake = null;
        app.MapPost("/v1/chat/completions", (HttpContext context) => fake!.HandleAsync(context, deployment: null));
        app.MapPost("/openai/deployments/{deployment}/chat/completions", (HttpContext context, string deployment) => fake!.HandleAsync(context, deployment));

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake = new FakeOpenAiUpstream(app, new Uri(address.TrimEnd('/') + "/"));
        return fake;
    }

    /// <summary>Waits for the <paramref name="index"/>th request (0-based) to arrive.</summary>
    public async Task<RecordedRequest> WaitForRequestAsync(int index = 0, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            Task<RecordedRequest> next;
            lock (_lock)
            {
                if (_requests.Count > index)
                {
                    return _requests[index];
                }

                next = _nextRequest.Task;
            }

            await next.WaitAsync(cts.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _shutdown.CancelAsync();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Hung connections are cut when the host is disposed below.
        }

        await _app.DisposeAsync();
        _shutdown.Dispose();
    }

    private async Task HandleAsync(HttpContext context, string? deployment)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var (model, stream, includeUsage, messages) = RecordedRequest.ParseBody(body);
        var recorded = new RecordedRequest
        {
            Method = context.Request.Method,
            Path = context.Request.Path.Value ?? "",
            QueryString = context.Request.QueryString.Value ?? "",
            Headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            RawBody = body,
            Deployment = deployment,
            ApiVersion = context.Request.Query["api-version"].FirstOrDefault(),
            Model = model,
            Stream = stream,
            IncludeUsage = includeUsage,
            Messages = messages,
        };
        lock (_lock)
        {
            _requests.Add(recorded);
            var signal = _nextRequest;
            _nextRequest = new(TaskCreationOptions.RunContinuationsAsynchronously);
            signal.TrySetResult(recorded);
        }

        using var abortRegistration = context.RequestAborted.Register(recorded.MarkAborted);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _shutdown.Token);
        try
        {
            var script = _queue.TryDequeue(out var queued) ? queued : Scripter?.Invoke(recorded) ?? DefaultScript;
            await new ChatCompletionResponder(context, recorded, script, Interlocked.Increment(ref _sequence)).RespondAsync(linked.Token);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested || recorded.WasAborted)
        {
            // The client left (or the fake is shutting down). Record it here: RequestAborted's own callback above may not
            // have run yet (the linked source's callback, registered later, runs first), and a test reading WasAborted
            // after Finished must see the abort.
            if (context.RequestAborted.IsCancellationRequested)
            {
                recorded.MarkAborted();
            }
        }
        catch (IOException)
        {
            // Writing to a connection the client closed (reset): the client left, whether or not Kestrel's
            // RequestAborted, raised later from the thread pool, has run yet.
            recorded.MarkAborted();
        }
        finally
        {
            recorded.MarkFinished();
        }
    }
}

/// <summary>Writes one scripted response in the real protocol.</summary>
internal sealed class ChatCompletionResponder(HttpContext context, RecordedRequest request, UpstreamScript script, int sequence)
{
    private readonly string _id = $"chatcmpl-fake{sequence:D6}";
    private readonly long _created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    // Real services echo the model name; Azure echoes the underlying model, not the deployment.
    private string Model => request.Model ?? "gpt-4o-2024-08-06";

    public async Task RespondAsync(CancellationToken cancellationToken)
    {
        if (script.DelayBeforeHeaders > TimeSpan.Zero)
        {
            await Task.Delay(script.DelayBeforeHeaders, cancellationToken);
        }

        context.Response.Headers["x-request-id"] = _id;
        if (script.Fault is { } fault)
        {
            context.Response.StatusCode = fault.StatusCode;
            foreach (var (name, value) in fault.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(fault.Body, cancellationToken);
            return;
        }

        var tokens = script.EffectiveTokens;
        if (!request.Stream)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(
                OpenAiWireFormat.Completion(_id, Model, _created, string.Concat(tokens), script.FinishReason,
                    script.PromptTokens, script.CompletionTokens ?? tokens.Count),
                cancellationToken);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        if (request.IsAzure)
        {
            await WriteFrameAsync(OpenAiWireFormat.AzurePromptFilterFrame(), cancellationToken);
        }

        await WriteFrameAsync(OpenAiWireFormat.RoleChunk(_id, Model, _created), cancellationToken);
        var schedule = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (script.DisconnectAfterTokens == i)
            {
                await AbortAsync(cancellationToken);
                return;
            }

            if (script.StallAfterTokens == i)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }

            if (script.DelayPerToken > TimeSpan.Zero)
            {
                await Task.Delay(script.DelayPerToken, cancellationToken);
            }

            if (script.TokensPerSecond is { } rate && TimeSpan.FromSeconds(i / rate) - schedule.Elapsed is { } wait && wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            await WriteFrameAsync(OpenAiWireFormat.ContentChunk(_id, Model, _created, tokens[i]), cancellationToken);
            request.MarkContentTokenSent();
        }

        if (script.DisconnectAfterTokens == tokens.Count)
        {
            await AbortAsync(cancellationToken);
            return;
        }

        if (script.StallAfterTokens == tokens.Count)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }

        await WriteFrameAsync(OpenAiWireFormat.FinishChunk(_id, Model, _created, script.FinishReason), cancellationToken);
        if (script.IncludeUsage ?? request.IncludeUsage)
        {
            await WriteFrameAsync(
                OpenAiWireFormat.UsageChunk(_id, Model, _created, script.PromptTokens, script.CompletionTokens ?? tokens.Count),
                cancellationToken);
        }

        await WriteFrameAsync(OpenAiWireFormat.Done, cancellationToken);
    }

    private async Task AbortAsync(CancellationToken cancellationToken)
    {
        // Kestrel's Abort resets the connection (RST), and a reset makes the client's kernel discard
        // bytes it has not read yet; wait so the client has consumed the frames already sent, as it
        // would have over a real network before a proxy or a crashed upstream cut the connection.
        await Task.Delay(script.DisconnectGrace, cancellationToken);
        context.Abort();
    }

    private async Task WriteFrameAsync(string payload, CancellationToken cancellationToken)
    {
        // Flush per frame: the whole point of streaming is that the client sees each delta now.
        var flushed = await context.Response.BodyWriter.WriteAsync(OpenAiWireFormat.SseFrame(payload), cancellationToken);
        if (flushed.IsCompleted || ClientClosedConnection())
        {
            request.MarkAborted();
            throw new OperationCanceledException("The client closed the connection.");
        }
    }

    /// <summary>
    /// Whether the client has closed its end of the connection. Once Kestrel has seen the close it drops writes
    /// silently (flushes complete, nothing is sent) and raises RequestAborted only later, from the thread pool: a
    /// response written without pauses could then "stream to the end" into nothing. The socket itself says so at
    /// once: readable with nothing to read is the client's FIN (the request was read whole, and an HTTP/1.1 client
    /// sends nothing more while the response runs); a socket Kestrel already closed means the same.
    /// </summary>
    private bool ClientClosedConnection()
    {
        if (context.Features.Get<IConnectionSocketFeature>()?.Socket is not { } socket)
        {
            return false;
        }

        try
        {
            return socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0;
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            return true;
        }
    }
}
