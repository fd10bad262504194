using SecureAiChat.Core.Settings;

namespace SecureAiChat.Core.Providers;

/// <summary>
/// Everything needed to reach one upstream chat model. Built from a tenant's provider settings or
/// from the system default configuration; never persisted in this shape.
/// </summary>
public sealed record ChatEndpointSettings
{
    /// <summary>Which kind of upstream this is.</summary>
    public required ProviderKind Kind { get; init; }

    /// <summary>
    /// Base address. Optional for <see cref="ProviderKind.OpenAI"/> (defaults to api.openai.com);
    /// required for Azure (<c>https://{resource}.openai.azure.com/</c>) and OpenAI-compatible
    /// servers (including the version segment, e.g. <c>http://host/v1</c>).
    /// </summary>
    public Uri? Endpoint { get; init; }

    /// <summary>The secret API key. Never logged: <see cref="ToString"/> masks it.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Model name; for <see cref="ProviderKind.AzureOpenAI"/> the deployment name.</summary>
    public string? Model { get; init; }

    /// <summary>Azure only: the <c>api-version</c> query value; the SDK default is used when empty.</summary>
    public string? ApiVersion { get; init; }

    /// <summary>OpenAI only: optional <c>OpenAI-Organization</c> header value.</summary>
    public string? Organization { get; init; }

    /// <summary>OpenAI only: optional <c>OpenAI-Project</c> header value.</summary>
    public string? Project { get; init; }

    /// <summary>The offline demo model's settings.</summary>
    public static ChatEndpointSettings Demo { get; } = new() { Kind = ProviderKind.Demo, Model = DemoChatClient.ModelId };

    /// <summary>
    /// Describes the settings without the key. Records print every property by default, and these
    /// objects end up in log scopes and exception messages, so the key is replaced by a marker.
    /// </summary>
    public override string ToString() =>
        $"ChatEndpointSettings {{ Kind = {Kind}, Endpoint = {Endpoint}, Model = {Model}, ApiVersion = {ApiVersion}, " +
        $"Organization = {Organization}, Project = {Project}, ApiKey = {(string.IsNullOrEmpty(ApiKey) ? "(none)" : "***")} }}";
}
