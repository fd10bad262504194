using SecureAiChat.Core.Settings;

namespace SecureAiChat.Core.Providers.Settings;

/// <summary>A deployment of an Azure OpenAI resource and the name members see.</summary>
public sealed record AzureDeployment(string Name, string DisplayName);

/// <summary>Reads the list fields of <see cref="AiProviderSettings"/> and turns a row into the models members may pick.</summary>
public static class AiProviderModels
{
    /// <summary>Azure's GA api-version used when the admin leaves it empty.</summary>
    public const string DefaultAzureApiVersion = "2024-10-21";

    /// <summary>Model names from text with one per line (commas also separate), trimmed, duplicates removed.</summary>
    public static IReadOnlyList<string> ParseList(string? text) =>
        (text ?? "").Split(['\n', '\r', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>Deployments from lines of <c>name = display name</c> (display name optional).</summary>
    public static IReadOnlyList<AzureDeployment> ParseDeployments(string? text) =>
        (text ?? "").Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2, StringSplitOptions.TrimEntries))
            .Select(parts => new AzureDeployment(parts[0], parts.Length > 1 && parts[1].Length > 0 ? parts[1] : parts[0]))
            .DistinctBy(d => d.Name, StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>
    /// The models of the tenant's own provider (not the system default), default first. The key stays
    /// encrypted inside each model until a client is built for it.
    /// </summary>
    public static IReadOnlyList<TenantChatModel> Build(AiProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        switch (settings.Active)
        {
            case AiProviderChoice.OwnOpenAIKey:
            {
                var endpoint = string.IsNullOrWhiteSpace(settings.OpenAiBaseUrl) ? null : new Uri(settings.OpenAiBaseUrl);
                var models = ParseList(settings.OpenAiModels);
                var ordered = models.OrderByDescending(m => string.Equals(m, settings.OpenAiDefaultModel, StringComparison.OrdinalIgnoreCase));
                return ordered.Select(m => Model(settings, ProviderKind.OpenAI, m, m, settings.OpenAiKeyProtected, new ChatEndpointSettings
                {
                    Kind = ProviderKind.OpenAI, Endpoint = endpoint, Model = m, Organization = settings.OpenAiOrganization, Project = settings.OpenAiProject,
                })).ToList();
            }

            case AiProviderChoice.AzureOpenAI when Uri.TryCreate(settings.AzureEndpoint, UriKind.Absolute, out var azure):
                return ParseDeployments(settings.AzureDeployments).Select(d => Model(settings, ProviderKind.AzureOpenAI, d.Name, d.DisplayName,
                    settings.AzureKeyProtected, new ChatEndpointSettings
                    {
                        Kind = ProviderKind.AzureOpenAI, Endpoint = azure, Model = d.Name,
                        ApiVersion = string.IsNullOrWhiteSpace(settings.AzureApiVersion) ? DefaultAzureApiVersion : settings.AzureApiVersion,
                    })).ToList();

            case AiProviderChoice.OpenAICompatible when Uri.TryCreate(settings.CompatibleBaseUrl, UriKind.Absolute, out var compatible):
                return ParseList(settings.CompatibleModels).Select(m => Model(settings, ProviderKind.OpenAICompatible, m, m, settings.CompatibleKeyProtected,
                    new ChatEndpointSettings { Kind = ProviderKind.OpenAICompatible, Endpoint = compatible, Model = m })).ToList();

            default:
                return [];
        }
    }

    private static TenantChatModel Model(AiProviderSettings settings, ProviderKind kind, string model, string displayName, string? protectedKey, ChatEndpointSettings endpoint) =>
        new()
        {
            Model = model,
            DisplayName = displayName,
            Provider = kind,
            Source = settings.Active,
            Settings = endpoint,
            ProtectedKey = protectedKey,
        };
}
