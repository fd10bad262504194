using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.AI;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Providers;
using SecureAiChat.Core.Settings;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Providers;

/// <summary>The real OpenAI and Azure OpenAI SDKs, built by our factory, against the fake upstream over real HTTP.</summary>
public sealed class UpstreamChatClientTests : IAsyncLifetime
{
    private const string Key = "sk-test-0123456789";
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);
    private static readonly TokenCounter Tokens = new();

    private FakeOpenAiUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeOpenAiUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    private static UpstreamChatClientFactory Factory(TimeSpan? networkTimeout = null) =>
        new(Tokens) { NetworkTimeout = networkTimeout ?? UpstreamChatClientFactory.DefaultNetworkTimeout };

    private IChatClient OpenAi(TimeSpan? networkTimeout = null) => Factory(networkTimeout).Create(new ChatEndpointSettings
    {
        Kind = ProviderKind.OpenAI, Endpoint = _upstream.OpenAiEndpoint, ApiKey = Key, Model = "gpt-4o-mini",
    });

    private IChatClient Azure(string apiVersion = "2024-10-21") => Factory().Create(new ChatEndpointSettings
    {
        Kind = ProviderKind.AzureOpenAI, Endpoint = _upstream.AzureEndpoint, ApiKey = Key, Model = "my-gpt4o", ApiVersion = apiVersion,
    });

    private static readonly ChatMessage[] Conversation =
    [
        new(ChatRole.System, "You are terse."),
        new(ChatRole.User, "Hi there"),
        new(ChatRole.Assistant, "Hello."),
        new(ChatRole.User, "Tell me a joke"),
    ];

    private static async Task<(string Text, List<ChatResponseUpdate> Updates)> CollectAsync(IAsyncEnumerable<ChatResponseUpdate> stream)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in stream)
        {
            updates.Add(update);
        }

        return (string.Concat(updates.Select(u => u.Text)), updates);
    }

    /// <summary>Streams until it throws; returns the text received before the failure and the exception.</summary>
    private static async Task<(string Partial, Exception Error)> StreamUntilFailureAsync(IAsyncEnumerable<ChatResponseUpdate> stream)
    {
        var text = new System.Text.StringBuilder();
        try
        {
            await foreach (var update in stream)
            {
                text.Append(update.Text);
            }
        }
        catch (Exception ex)
        {
            return (text.ToString(), ex);
        }

        throw new Xunit.Sdk.XunitException($"The stream completed without failing; received '{text}'.");
    }

    [Fact]
    public async Task OpenAi_request_carries_bearer_key_model_and_messages()
    {
        using var client = OpenAi();
        await CollectAsync(client.GetStreamingResponseAsync(Conversation));

        var request = Assert.Single(_upstream.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal($"Bearer {Key}", request.Header("Authorization"));
        Assert.Null(request.Header("api-key"));
        Assert.Equal("gpt-4o-mini", request.Model);
        Assert.True(request.Stream);
        Assert.True(request.IncludeUsage);
        Assert.Equal(["system", "user", "assistant", "user"], request.Messages.Select(m => m.Role));
        Assert.Equal("Tell me a joke", request.Messages[^1].Content);
    }

    [Fact]
    public async Task Azure_request_uses_deployment_path_api_version_and_api_key_header()
    {
        using var client = Azure();
        var (text, _) = await CollectAsync(client.GetStreamingResponseAsync(Conversation));

        var request = Assert.Single(_upstream.Requests);
        Assert.Equal("/openai/deployments/my-gpt4o/chat/completions", request.Path);
        Assert.Equal("my-gpt4o", request.Deployment);
        Assert.Equal("2024-10-21", request.ApiVersion);
        Assert.Equal(Key, request.Header("api-key"));
        Assert.Null(request.Header("Authorization"));
        Assert.Equal("Tell me a joke", request.Messages[^1].Content);
        Assert.Equal(UpstreamScript.DefaultReply, text);
    }

    [Fact]
    public async Task Azure_api_version_unknown_to_the_sdk_is_sent_as_configured()
    {
        using var client = Azure(apiVersion: "2025-04-01-preview");
        await CollectAsync(client.GetStreamingResponseAsync(Conversation));

        Assert.Equal("2025-04-01-preview", Assert.Single(_upstream.Requests).ApiVersion);
    }

    [Fact]
    public async Task OpenAi_tokens_arrive_in_order_and_usage_arrives_as_UsageContent()
    {
        _upstream.Enqueue(new UpstreamScript { Tokens = ["One", ",", " two", ",", " three", "."], PromptTokens = 42, CompletionTokens = 6 });
        using var client = OpenAi();

        var (text, updates) = await CollectAsync(client.GetStreamingResponseAsync(Conversation));

        Assert.Equal("One, two, three.", text);
        var contentDeltas = updates.Select(u => u.Text).Where(t => t.Length > 0).ToList();
        Assert.Equal(["One", ",", " two", ",", " three", "."], contentDeltas);
        var usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.Equal(42, usage.Details.InputTokenCount);
        Assert.Equal(6, usage.Details.OutputTokenCount);
        Assert.Contains(updates, u => u.FinishReason == ChatFinishReason.Stop);
    }

    [Fact]
    public async Task Azure_stream_with_prompt_filter_frame_yields_text_and_usage()
    {
        _upstream.Enqueue(new UpstreamScript { Reply = "Azure says hi", PromptTokens = 9, CompletionTokens = 3 });
        using var client = Azure();

        var (text, updates) = await CollectAsync(client.GetStreamingResponseAsync(Conversation));

        Assert.Equal("Azure says hi", text);
        var usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.Equal(9, usage.Details.InputTokenCount);
        Assert.Equal(3, usage.Details.OutputTokenCount);
    }

    [Fact]
    public async Task Non_streaming_request_returns_text_and_usage()
    {
        _upstream.Enqueue(new UpstreamScript { Reply = "pong", PromptTokens = 5, CompletionTokens = 1 });
        using var client = OpenAi();

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "ping")]);

        Assert.Equal("pong", response.Text);
        Assert.Equal(5, response.Usage?.InputTokenCount);
        Assert.False(Assert.Single(_upstream.Requests).Stream);
    }

    public static TheoryData<string, AnswerFailure, int> StatusFaults => new()
    {
        { nameof(UpstreamFault.InvalidApiKey), AnswerFailure.KeyRejected, 401 },
        { nameof(UpstreamFault.Forbidden), AnswerFailure.KeyRejected, 403 },
        { nameof(UpstreamFault.ModelNotFound), AnswerFailure.ModelNotFound, 404 },
        { nameof(UpstreamFault.ServerError), AnswerFailure.ServerError, 500 },
        { nameof(UpstreamFault.ServiceUnavailable), AnswerFailure.ServerError, 503 },
        { nameof(UpstreamFault.ContextTooLong), AnswerFailure.BadRequest, 400 },
    };

    private static UpstreamFault FaultByName(string name) => name switch
    {
        nameof(UpstreamFault.InvalidApiKey) => UpstreamFault.InvalidApiKey(),
        nameof(UpstreamFault.Forbidden) => UpstreamFault.Forbidden(),
        nameof(UpstreamFault.ModelNotFound) => UpstreamFault.ModelNotFound(),
        nameof(UpstreamFault.ServerError) => UpstreamFault.ServerError(),
        nameof(UpstreamFault.ServiceUnavailable) => UpstreamFault.ServiceUnavailable(),
        nameof(UpstreamFault.ContextTooLong) => UpstreamFault.ContextTooLong(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(StatusFaults))]
    public async Task OpenAi_error_status_is_classified(string fault, AnswerFailure expected, int status)
    {
        _upstream.Enqueue(UpstreamScript.Failing(FaultByName(fault)));
        using var client = OpenAi();

        var (partial, error) = await StreamUntilFailureAsync(client.GetStreamingResponseAsync(Conversation));

        var failure = ChatFailureClassifier.Classify(error);
        Assert.Equal(expected, failure.Kind);
        Assert.Equal(status, failure.StatusCode);
        Assert.Equal("", partial);
        Assert.Single(_upstream.Requests); // SDK retries are off: one attempt only.
    }

    [Fact]
    public async Task Invalid_key_is_KeyRejected_with_provider_code_and_not_transient()
    {
        _upstream.Enqueue(UpstreamScript.Failing(UpstreamFault.InvalidApiKey()));
        using var client = OpenAi();

        var (_, error) = await StreamUntilFailureAsync(client.GetStreamingResponseAsync(Conversation));

        var failure = ChatFailureClassifier.Classify(error);
        Assert.Equal(AnswerFailure.KeyRejected, failure.Kind);
        Assert.Equal("invalid_api_key", failure.ProviderCode);
        Assert.False(failure.IsTransient);
    }

    [Fact]
    public async Task Server_error_is_transient_and_not_retried_by_the_sdk()
    {
        _upstream.Enqueue(UpstreamScript.Failing(UpstreamFault.ServerError()));
        using var client = OpenAi();

        var (_, error) = await StreamUntilFailureAsync(client.GetStreamingResponseAsync(Conversation));

        Assert.True(ChatFailureClassifier.Classify(error).IsTransient);
        Assert.Single(_upstream.Requests);
    }

    [Fact]
    public async Task Rate_limit_is_RateLimited_with_RetryAfter_seconds()
    {
        _upstream.Enqueue(UpstreamScript.Failing(UpstreamFault.RateLimited(retryAfter: "7")));
        using var client = OpenAi();

        var (_, error) = await StreamUntilFailureAsync(client.GetStreamingResponseAsync(Conversation));

        var failure = ChatFailureClassifier.Classify(error);
        Assert.Equal(AnswerFailure.RateLimited, failure.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7), failure.RetryAfter);
        Assert.Single(_upstream.Requests);
    }

    [Fact]
    public async Task Rate_limit_prefers_retry_after_ms()
    {
        _upstream.Enqueue(UpstreamScript.Failing(UpstreamFault.RateLimited(retryAfter: "2", retryAfterMs: "1500")));
        using var client = OpenAi();

        var (_, error) = await StreamUntilFailureAsync(client.GetStreamingResponseAsync(Conversation));

        Assert.Equal(TimeSpan.FromMilliseconds(1500), ChatFailureClassifier.Classify(error).RetryAfter);
    }

    [Fact]
    public async Task Rate_limit_with_http_date_RetryAfter_is_parsed()
    {
        var at = DateTimeOffset.UtcNow.AddSeconds(30).ToString("r", System.Globalization.CultureInfo.InvariantCulture);
        _upstream.Enqueue(UpstreamScript.Failing(UpstreamFault.RateLimited(retryAfter: at)));
        using var client = OpenAi();

        var (_, error) = await StreamUntilFailureAsync(client.GetStreamingResponseAsync(Conversation));

        var retryAfter = ChatFailureClassifier.Classify(error).RetryAfter;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(31));
    }

    [Fact]
    public async Task Azure_content_filter_is_ContentFiltered()
    {
        _upstream.Enqueue(UpstreamScript.Failing(UpstreamFault.AzureContentFilter()));
        using var client = Azure();

        var (_, error) = await StreamUntilFailureAsync(client.GetStreamingResponseAsync(Conversation));

        var failure = ChatFailureClassifier.Classify(error);
        Assert.Equal(AnswerFailure.ContentFiltered, failure.Kind);
        Assert.Equal(400, failure.StatusCode);
        Assert.Equal("content_filter", failure.ProviderCode);
    }

    [Fact]
    public async Task Azure_unknown_deployment_is_ModelNotFound()
    {
        _upstream.Enqueue(UpstreamScript.Failing(UpstreamFault.DeploymentNotFound()));
        using var client = Azure();

        var (_, error) = await StreamUntilFailureAsync(client.GetStreamingResponseAsync(Conversation));

        var failure = ChatFailureClassifier.Classify(error);
        Assert.Equal(AnswerFailure.ModelNotFound, failure.Kind);
        Assert.Equal("DeploymentNotFound", failure.ProviderCode);
    }

    [Fact]
    public async Task Azure_invalid_key_is_KeyRejected()
    {
        _upstream.Enqueue(UpstreamScript.Failing(UpstreamFault.AzureInvalidKey()));
        using var client = Azure();

        var (_, error) = await StreamUntilFailureAsync(client.GetStreamingResponseAsync(Conversation));

        Assert.Equal(AnswerFailure.KeyRejected, ChatFailureClassifier.Classify(error).Kind);
    }

    [Fact]
    public async Task Azure_mid_stream_content_filter_ends_with_ContentFilter_finish_reason()
    {
        _upstream.Enqueue(new UpstreamScript { Reply = "Partial answer", FinishReason = "content_filter" });
        using var client = Azure();

        var (text, updates) = await CollectAsync(client.GetStreamingResponseAsync(Conversation));

        Assert.Equal("Partial answer", text);
        Assert.Contains(updates, u => u.FinishReason == ChatFinishReason.ContentFilter);
    }

    [Fact]
    public async Task Disconnect_mid_stream_is_ConnectionLost_after_partial_text()
    {
        _upstream.Enqueue(new UpstreamScript { Tokens = ["Part", "ial", " answer", " never", " ends"], DisconnectAfterTokens = 3 });
        using var client = OpenAi();

        var (partial, error) = await StreamUntilFailureAsync(client.GetStreamingResponseAsync(Conversation));

        Assert.Equal("Partial answer", partial);
        // Observed: a reset after the headers surfaces as a bare IOException from the SSE reader, not wrapped by the SDK.
        Assert.IsAssignableFrom<IOException>(error);
        Assert.Equal(AnswerFailure.ConnectionLost, ChatFailureClassifier.Classify(error).Kind);
    }

    [Fact]
    public async Task Stall_mid_stream_is_Stalled_via_StreamIdleTimeout_and_upstream_is_aborted()
    {
        _upstream.Enqueue(new UpstreamScript { Tokens = ["Thinking", " hard"], StallAfterTokens = 2 });
        using var client = OpenAi();

        var (partial, error) = await StreamUntilFailureAsync(StreamIdleTimeout.WithIdleTimeout(
            ct => client.GetStreamingResponseAsync(Conversation, cancellationToken: ct),
            idleTimeout: TimeSpan.FromMilliseconds(500),
            // A cold process spends longer than the idle timeout JIT-compiling the SDK before the first update.
            firstItemTimeout: Generous));

        Assert.Equal("Thinking hard", partial);
        var stalled = Assert.IsType<ChatStalledException>(error);
        Assert.True(stalled.UpdatesReceived >= 2);
        Assert.Equal(AnswerFailure.Stalled, ChatFailureClassifier.Classify(error).Kind);
        Assert.False(ChatFailureClassifier.Classify(error).IsTransient);
        await _upstream.Requests[0].Aborted.WaitAsync(Generous);
    }

    [Fact]
    public async Task No_response_within_network_timeout_is_Timeout()
    {
        _upstream.Enqueue(new UpstreamScript { DelayBeforeHeaders = TimeSpan.FromSeconds(30) });
        using var client = OpenAi(networkTimeout: TimeSpan.FromMilliseconds(500));

        var (_, error) = await StreamUntilFailureAsync(client.GetStreamingResponseAsync(Conversation));

        var failure = ChatFailureClassifier.Classify(error);
        Assert.Equal(AnswerFailure.Timeout, failure.Kind);
        Assert.True(failure.IsTransient);
    }

    [Fact]
    public async Task Caller_cancellation_is_Cancelled_not_Timeout()
    {
        _upstream.Enqueue(new UpstreamScript { DelayBeforeHeaders = TimeSpan.FromSeconds(30) });
        using var client = OpenAi();
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var (_, error) = await StreamUntilFailureAsync(client.GetStreamingResponseAsync(Conversation, cancellationToken: stop.Token));

        Assert.Equal(AnswerFailure.Cancelled, ChatFailureClassifier.Classify(error, stop.Token).Kind);
    }

    [Fact]
    public async Task Connection_refused_is_Unreachable_and_transient()
    {
        // A port that was just free: nothing listens there.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = Factory().Create(new ChatEndpointSettings
        {
            Kind = ProviderKind.OpenAICompatible, Endpoint = new Uri($"http://127.0.0.1:{port}/v1"), Model = "local",
        });

        var (_, error) = await StreamUntilFailureAsync(client.GetStreamingResponseAsync(Conversation));

        var failure = ChatFailureClassifier.Classify(error);
        Assert.Equal(AnswerFailure.Unreachable, failure.Kind);
        Assert.True(failure.IsTransient);
    }

    [Fact]
    public async Task Cancelling_the_enumeration_aborts_the_upstream_request()
    {
        _upstream.Enqueue(new UpstreamScript
        {
            Tokens = Enumerable.Range(0, 200).Select(i => $" w{i}").ToList(),
            DelayPerToken = TimeSpan.FromMilliseconds(50),
        });
        using var client = OpenAi();
        using var stop = new CancellationTokenSource();
        var received = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(Conversation, cancellationToken: stop.Token))
            {
                if (update.Text.Length > 0 && ++received == 2)
                {
                    await stop.CancelAsync();
                }
            }
        });

        var request = await _upstream.WaitForRequestAsync();
        await request.Aborted.WaitAsync(Generous);
        Assert.True(request.WasAborted);
        Assert.True(received < 100, "the stream should have stopped right after cancellation");
    }

    [Fact]
    public async Task Custom_http_client_is_used_for_upstream_calls()
    {
        var handler = new CountingHandler(new SocketsHttpHandler());
        using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var factory = new UpstreamChatClientFactory(Tokens, () => http);
        using var client = factory.Create(new ChatEndpointSettings
        {
            Kind = ProviderKind.OpenAI, Endpoint = _upstream.OpenAiEndpoint, ApiKey = Key, Model = "gpt-4o",
        });

        await CollectAsync(client.GetStreamingResponseAsync(Conversation));

        Assert.Equal(1, handler.Count);
    }

    [Fact]
    public async Task Demo_kind_makes_no_network_call()
    {
        using var client = new UpstreamChatClientFactory(Tokens) { DemoChunkDelay = TimeSpan.Zero }.Create(ChatEndpointSettings.Demo);

        var (text, _) = await CollectAsync(client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hello")]));

        Assert.Contains("demo", text, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(_upstream.Requests);
    }

    private sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private int _count;

        public int Count => _count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return base.SendAsync(request, cancellationToken);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Only_the_first_64_KB_of_a_huge_error_body_are_read(bool streaming)
    {
        // The error JSON comes after 8 MB of padding: an endpoint the tenant controls can send anything.
        _upstream.Enqueue(UpstreamScript.Failing(new UpstreamFault(500, new string(' ', 8 * 1024 * 1024) + OpenAiWireFormat.Error("late", "server_error", null))));
        using var client = OpenAi();

        var error = streaming
            ? (await StreamUntilFailureAsync(client.GetStreamingResponseAsync(Conversation))).Error
            : await Record.ExceptionAsync(() => client.GetResponseAsync(Conversation));

        var result = Assert.IsType<System.ClientModel.ClientResultException>(error);
        Assert.Equal(500, result.Status);
        Assert.InRange(result.GetRawResponse()!.Content.ToMemory().Length, 1, BoundedErrorBodies.MaxErrorBodyBytes);
        Assert.Equal(AnswerFailure.ServerError, ChatFailureClassifier.Classify(error).Kind);
    }
}
