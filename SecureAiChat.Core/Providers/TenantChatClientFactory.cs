using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace SecureAiChat.Core.Providers;

/// <summary>A model a member may pick, and the upstream behind it. The key stays inside.</summary>
public sealed record TenantChatModel
{
    /// <summary>The model id shown to members and stored on conversations and messages.</summary>
    public required string Model { get; init; }

    public required ProviderKind Provider { get; init; }

    /// <summary>True for the built-in offline demo model (the UI shows a banner).</summary>
    public bool IsDemo => Provider == ProviderKind.Demo;

    internal ChatEndpointSettings Settings { get; init; } = ChatEndpointSettings.Demo;
}

/// <summary>
/// Gives the current tenant's chat models and builds the <see cref="IChatClient"/> for one of them.
/// Today every tenant uses the system default from configuration (<c>AI:SystemDefault</c>); tenant
/// provider settings will add their own models here. Scoped: it belongs to the tenant of the scope.
/// </summary>
public sealed class TenantChatClientFactory
{
    private readonly UpstreamChatClientFactory _upstream;
    private readonly Lazy<TenantChatModel?> _systemDefault;

    /// <summary>Creates the factory.</summary>
    /// <param name="upstream">Builds SDK clients; for the system default it sends through a plain HttpClient (trusted operator config).</param>
    /// <param name="systemDefault">The platform's default model settings.</param>
    public TenantChatClientFactory(UpstreamChatClientFactory upstream, IOptions<SystemDefaultAiOptions> systemDefault)
    {
        _upstream = upstream;
        _systemDefault = new Lazy<TenantChatModel?>(() => systemDefault.Value.ToEndpointSettings() is { } settings
            ? new TenantChatModel { Model = settings.Model ?? SystemDefaultAiOptions.DefaultModel, Provider = settings.Kind, Settings = settings }
            : null);
    }

    /// <summary>The model new conversations use; null when no model is configured (the demo model is refused in Production).</summary>
    public TenantChatModel? DefaultModel => _systemDefault.Value;

    /// <summary>The models members of this tenant may choose from, default first.</summary>
    public IReadOnlyList<TenantChatModel> AvailableModels => DefaultModel is { } model ? [model] : [];

    /// <summary>The allowed model with this id, or null (e.g. a conversation's model that is no longer offered).</summary>
    public TenantChatModel? Find(string? model) =>
        AvailableModels.FirstOrDefault(m => string.Equals(m.Model, model, StringComparison.OrdinalIgnoreCase));

    /// <summary>Builds the chat client for <paramref name="model"/>.</summary>
    public IChatClient CreateClient(TenantChatModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return _upstream.Create(model.Settings);
    }
}
