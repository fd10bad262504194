using System.ClientModel;
using System.Collections.Concurrent;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using Microsoft.Extensions.AI;
using OpenAI;
using SecureAiChat.Core.Settings;

namespace SecureAiChat.Core.Providers;

/// <summary>
/// Builds a Microsoft.Extensions.AI <see cref="IChatClient"/> for one <see cref="ChatEndpointSettings"/>.
/// Register as a singleton; the built clients are cheap and may be created per conversation turn.
/// </summary>
public sealed class UpstreamChatClientFactory
{
    /// <summary>The default per-read network timeout; reasoning models can think for a long time before the first byte.</summary>
    public static readonly TimeSpan DefaultNetworkTimeout = TimeSpan.FromSeconds(120);

    private static readonly Uri OpenAiDefaultEndpoint = new("https://api.openai.com/v1");

    private readonly TokenCounter _tokenCounter;
    private readonly Func<HttpClient>? _httpClientFactory;
    private readonly ConcurrentDictionary<ChatEndpointSettings, IChatClient> _shared = new();

    /// <summary>Creates the factory.</summary>
    /// <param name="tokenCounter">Used by the demo model to report usage.</param>
    /// <param name="httpClientFactory">
    /// Optional source of the <see cref="HttpClient"/> the SDKs send through. This is the seam for an
    /// SSRF-guarded handler (tenant-supplied endpoints must not reach internal addresses). The client
    /// should have <see cref="HttpClient.Timeout"/> = <see cref="Timeout.InfiniteTimeSpan"/>: the SDK
    /// enforces <see cref="NetworkTimeout"/> itself. When null, the SDKs' shared transport is used.
    /// </param>
    public UpstreamChatClientFactory(TokenCounter tokenCounter, Func<HttpClient>? httpClientFactory = null)
    {
        _tokenCounter = tokenCounter;
        _httpClientFactory = httpClientFactory;
    }

    /// <summary>
    /// How long the SDK waits for the response headers and for each read of the streamed body
    /// before failing with a timeout.
    /// </summary>
    public TimeSpan NetworkTimeout { get; init; } = DefaultNetworkTimeout;

    /// <summary>Delay between the demo model's chunks, so the demo streams like a real model.</summary>
    public TimeSpan DemoChunkDelay { get; init; } = DemoChatClient.DefaultChunkDelay;

    /// <summary>Builds a chat client for <paramref name="settings"/>.</summary>
    /// <exception cref="ArgumentException">A setting the provider kind needs is missing.</exception>
    public IChatClient Create(ChatEndpointSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Kind switch
        {
            ProviderKind.Demo => new DemoChatClient(_tokenCounter, DemoChunkDelay),
            ProviderKind.OpenAI => CreateOpenAi(settings, settings.Endpoint ?? OpenAiDefaultEndpoint),
            ProviderKind.OpenAICompatible => CreateOpenAi(settings, settings.Endpoint
                ?? throw new ArgumentException("An OpenAI-compatible provider needs an endpoint.", nameof(settings))),
            ProviderKind.AzureOpenAI => CreateAzure(settings),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Kind, "Unknown provider kind."),
        };
    }

    /// <summary>
    /// One client per distinct <paramref name="settings"/> for the life of the process: for the platform's own
    /// configuration (the system default), which does not change while the app runs. SDK clients are thread-safe and
    /// meant to be reused; building one per answer cost a fraction of a millisecond before every first token.
    /// </summary>
    public IChatClient Shared(ChatEndpointSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return _shared.GetOrAdd(settings, Create);
    }

    private IChatClient CreateOpenAi(ChatEndpointSettings settings, Uri endpoint)
    {
        var model = RequireModel(settings);
        // Local OpenAI-compatible servers often need no key, but the SDK refuses an empty credential.
        var key = settings.Kind == ProviderKind.OpenAICompatible && string.IsNullOrEmpty(settings.ApiKey)
            ? "no-key"
            : RequireKey(settings);
        var options = new OpenAIClientOptions
        {
            Endpoint = endpoint,
            OrganizationId = NullIfEmpty(settings.Organization),
            ProjectId = NullIfEmpty(settings.Project),
        };
        ConfigurePipeline(options);
        return new OpenAI.Chat.ChatClient(model, new ApiKeyCredential(key), options).AsIChatClient();
    }

    private IChatClient CreateAzure(ChatEndpointSettings settings)
    {
        var endpoint = settings.Endpoint
            ?? throw new ArgumentException("Azure OpenAI needs an endpoint.", nameof(settings));
        var deployment = RequireModel(settings);
        var key = RequireKey(settings);

        // The SDK only knows the api-versions it shipped with; any other version is applied by
        // rewriting the query so tenants can follow Azure's newer versions without an upgrade.
        var known = MapAzureVersion(settings.ApiVersion);
        var options = known is { } version ? new AzureOpenAIClientOptions(version) : new AzureOpenAIClientOptions();
        if (known is null && !string.IsNullOrWhiteSpace(settings.ApiVersion))
        {
            options.AddPolicy(new AzureApiVersionPolicy(settings.ApiVersion.Trim()), PipelinePosition.PerCall);
        }

        ConfigurePipeline(options);
        var client = new AzureOpenAIClient(endpoint, new ApiKeyCredential(key), options);
        return client.GetChatClient(deployment).AsIChatClient();
    }

    private void ConfigurePipeline(ClientPipelineOptions options)
    {
        options.NetworkTimeout = NetworkTimeout;
        // The chat service retries itself, and only before the first token reaches the user; SDK
        // retries would hide failures and multiply the wait (and the bill) behind a spinner.
        options.RetryPolicy = new ClientRetryPolicy(maxRetries: 0);
        options.Transport = new HttpClientPipelineTransport(BoundedErrorBodies.Wrap(_httpClientFactory?.Invoke()));
    }

    private static AzureOpenAIClientOptions.ServiceVersion? MapAzureVersion(string? apiVersion) =>
        apiVersion?.Trim() switch
        {
            "2024-06-01" => AzureOpenAIClientOptions.ServiceVersion.V2024_06_01,
            "2024-10-21" => AzureOpenAIClientOptions.ServiceVersion.V2024_10_21,
            _ => null,
        };

    private static string RequireModel(ChatEndpointSettings settings) =>
        string.IsNullOrWhiteSpace(settings.Model)
            ? throw new ArgumentException($"{settings.Kind} needs a model (Azure: deployment name).", nameof(settings))
            : settings.Model.Trim();

    private static string RequireKey(ChatEndpointSettings settings) =>
        string.IsNullOrWhiteSpace(settings.ApiKey)
            ? throw new ArgumentException($"{settings.Kind} needs an API key.", nameof(settings))
            : settings.ApiKey.Trim();

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Replaces the SDK's api-version query value with the configured one.</summary>
    private sealed class AzureApiVersionPolicy(string apiVersion) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Rewrite(message);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Rewrite(message);
            return ProcessNextAsync(message, pipeline, currentIndex);
        }

        private void Rewrite(PipelineMessage message)
        {
            if (message.Request.Uri is not { } uri)
            {
                return;
            }

            var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
            query["api-version"] = apiVersion;
            message.Request.Uri = new UriBuilder(uri) { Query = query.ToString() }.Uri;
        }
    }
}
