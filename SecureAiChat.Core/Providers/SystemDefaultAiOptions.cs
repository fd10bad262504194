using SecureAiChat.Core.Settings;

namespace SecureAiChat.Core.Providers;

/// <summary>
/// The platform's own model, from trusted operator configuration (<c>AI:SystemDefault</c>). Used by every
/// tenant until tenant-level provider settings exist.
/// </summary>
public sealed class SystemDefaultAiOptions
{
    public const string SectionName = "AI:SystemDefault";

    public const string DefaultModel = "gpt-4o-mini";

    /// <summary><c>OpenAI</c>, <c>AzureOpenAI</c> or <c>Demo</c>; empty means Demo when no key is set, else OpenAI.</summary>
    public string? Provider { get; set; }

    /// <summary>Base address; empty for api.openai.com. Azure: <c>https://{resource}.openai.azure.com/</c>.</summary>
    public string? Endpoint { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>Model name (Azure: deployment name).</summary>
    public string? Model { get; set; } = DefaultModel;

    /// <summary>Azure only: api-version; the SDK default when empty.</summary>
    public string? ApiVersion { get; set; }

    /// <summary>
    /// Set by the host, not by configuration: whether an empty provider with no key may fall back to the
    /// demo model. False in Production, where the demo model runs only when <c>Provider=Demo</c> is explicit.
    /// </summary>
    public bool AllowImplicitDemo { get; set; } = true;

    /// <summary>The endpoint settings these options describe, or null when no model may be used.</summary>
    /// <exception cref="InvalidOperationException">The provider name is unknown or the endpoint is not an absolute URL.</exception>
    public ChatEndpointSettings? ToEndpointSettings()
    {
        var provider = Provider?.Trim();
        var hasKey = !string.IsNullOrWhiteSpace(ApiKey);
        if (string.IsNullOrEmpty(provider))
        {
            if (!hasKey)
            {
                return AllowImplicitDemo ? ChatEndpointSettings.Demo : null;
            }

            provider = nameof(ProviderKind.OpenAI);
        }

        if (!Enum.TryParse<ProviderKind>(provider, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
        {
            throw new InvalidOperationException($"AI:SystemDefault:Provider '{provider}' is not one of OpenAI, AzureOpenAI, OpenAICompatible, Demo.");
        }

        if (kind == ProviderKind.Demo)
        {
            return ChatEndpointSettings.Demo;
        }

        Uri? endpoint = null;
        if (!string.IsNullOrWhiteSpace(Endpoint) && !Uri.TryCreate(Endpoint.Trim(), UriKind.Absolute, out endpoint))
        {
            throw new InvalidOperationException("AI:SystemDefault:Endpoint must be an absolute URL.");
        }

        return new ChatEndpointSettings
        {
            Kind = kind,
            Endpoint = endpoint,
            ApiKey = ApiKey?.Trim(),
            Model = string.IsNullOrWhiteSpace(Model) ? DefaultModel : Model.Trim(),
            ApiVersion = ApiVersion,
        };
    }
}
