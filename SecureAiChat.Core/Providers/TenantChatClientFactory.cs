using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Providers.Security;
using SecureAiChat.Core.Providers.Settings;
using SecureAiChat.Core.Settings;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Providers;

/// <summary>A model a member may pick, and the upstream behind it. The key stays inside, encrypted.</summary>
public sealed record TenantChatModel
{
    /// <summary>The model id (Azure: deployment name) stored on conversations and messages.</summary>
    public required string Model { get; init; }

    /// <summary>The name members see in the model picker (Azure: the display name the admin gave the deployment).</summary>
    public string? DisplayName { get; init; }

    public required ProviderKind Provider { get; init; }

    /// <summary>Which of the tenant's provider options this model belongs to (decides which allowance or cap applies).</summary>
    public AiProviderChoice Source { get; init; } = AiProviderChoice.SystemDefault;

    /// <summary>True for the built-in offline demo model (the UI shows a banner).</summary>
    public bool IsDemo => Provider == ProviderKind.Demo;

    internal ChatEndpointSettings Settings { get; init; } = ChatEndpointSettings.Demo;

    /// <summary>The tenant's key as Data Protection ciphertext; decrypted only when a client is built.</summary>
    internal string? ProtectedKey { get; init; }
}

/// <summary>
/// Gives the current tenant's chat models and builds the <see cref="IChatClient"/> for one of them, from the
/// tenant's <see cref="AiProviderSettings"/>: the system default from configuration (<c>AI:SystemDefault</c>),
/// or the tenant's own OpenAI key, Azure OpenAI resource or OpenAI-compatible endpoint. Scoped (a circuit keeps
/// it for long): call <see cref="RefreshAsync"/> before each use so a switch takes effect for the next message.
/// </summary>
public sealed class TenantChatClientFactory
{
    /// <summary>Service key of the <see cref="UpstreamChatClientFactory"/> that sends through the SSRF-guarded client.</summary>
    public const string TenantEndpointsKey = "TenantEndpoints";

    private readonly UpstreamChatClientFactory _systemUpstream;
    private readonly UpstreamChatClientFactory _tenantUpstream;
    private readonly IDbContextFactory<AppDbContext> _db;
    private readonly ICurrentTenant _tenant;
    private readonly ApiKeyProtector _protector;
    private readonly TenantSettingsCache _cache;
    private readonly TenantChatModel? _systemDefault;
    private Snapshot? _snapshot;

    /// <summary>Creates the factory.</summary>
    /// <param name="systemUpstream">Builds SDK clients for the system default through a plain HttpClient (trusted operator config).</param>
    /// <param name="tenantUpstream">Builds SDK clients for tenant-supplied endpoints through the guarded HttpClient.</param>
    /// <param name="systemDefault">The platform's default model settings.</param>
    /// <param name="db">Reads the tenant's provider settings.</param>
    /// <param name="tenant">The tenant of the scope.</param>
    /// <param name="protector">Decrypts the tenant's key when a client is built.</param>
    /// <param name="cache">Keeps the settings per tenant until they change on any instance.</param>
    public TenantChatClientFactory(
        UpstreamChatClientFactory systemUpstream,
        [FromKeyedServices(TenantEndpointsKey)] UpstreamChatClientFactory tenantUpstream,
        IOptions<SystemDefaultAiOptions> systemDefault,
        IDbContextFactory<AppDbContext> db,
        ICurrentTenant tenant,
        ApiKeyProtector protector,
        TenantSettingsCache cache)
    {
        _systemUpstream = systemUpstream;
        _tenantUpstream = tenantUpstream;
        _db = db;
        _tenant = tenant;
        _protector = protector;
        _cache = cache;
        _systemDefault = systemDefault.Value.ToEndpointSettings() is { } settings
            ? new TenantChatModel { Model = settings.Model ?? SystemDefaultAiOptions.DefaultModel, Provider = settings.Kind, Settings = settings }
            : null;
    }

    /// <summary>The option in force for this tenant.</summary>
    public AiProviderChoice Source => Current.Source;

    /// <summary>The admin's own monthly token cap for a non-default provider, when set.</summary>
    public long? MonthlyTokenCap => Current.Cap;

    /// <summary>The model new conversations use; null when no model is configured (the demo model is refused in Production).</summary>
    public TenantChatModel? DefaultModel => AvailableModels.Count > 0 ? AvailableModels[0] : null;

    /// <summary>The models members of this tenant may choose from, default first.</summary>
    public IReadOnlyList<TenantChatModel> AvailableModels => Current.Models;

    /// <summary>The allowed model with this id, or null (e.g. a conversation's model that is no longer offered).</summary>
    public TenantChatModel? Find(string? model) =>
        AvailableModels.FirstOrDefault(m => string.Equals(m.Model, model, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Takes the tenant's settings as they are now, so a switch or a new key applies to the next message: from the
    /// instance's cache, which a saved change (here or on another instance) invalidates.
    /// </summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        var tenantId = _tenant.TenantId ?? throw new InvalidOperationException("No tenant is set.");
        _snapshot = await _cache.GetAsync(tenantId, async ct =>
        {
            await using var db = await _db.CreateDbContextAsync(ct);
            return ToSnapshot(await db.Set<AiProviderSettings>().AsNoTracking().SingleOrDefaultAsync(ct));
        }, cancellationToken);
    }

    /// <summary>
    /// The chat client for <paramref name="model"/>. SDK clients are thread-safe and meant to be reused: one is built per
    /// model and settings version (a tenant's key is decrypted once per version, not per answer) and shared by every
    /// answer until the settings change on any instance. Disposing the returned client leaves the shared one alive.
    /// </summary>
    public IChatClient CreateClient(TenantChatModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var shared = model.Source == AiProviderChoice.SystemDefault
            ? _systemUpstream.Shared(model.Settings)
            : Current.Clients.GetOrAdd(model.Model, static (_, state) => state.Factory.Build(state.Model), (Factory: this, Model: model));
        return new SharedChatClient(shared);
    }

    private IChatClient Build(TenantChatModel model)
    {
        var tenantId = _tenant.TenantId ?? throw new InvalidOperationException("No tenant is set.");
        var key = string.IsNullOrEmpty(model.ProtectedKey) ? null : _protector.Unprotect(tenantId, model.ProtectedKey);
        return _tenantUpstream.Create(model.Settings with { ApiKey = key });
    }

    private Snapshot Current
    {
        get
        {
            if (_snapshot is null)
            {
                // Render paths read the models synchronously; the first read loads them once.
                using var db = _db.CreateDbContext();
                _snapshot = ToSnapshot(db.Set<AiProviderSettings>().AsNoTracking().SingleOrDefault());
            }

            return _snapshot;
        }
    }

    private Snapshot ToSnapshot(AiProviderSettings? settings) =>
        settings is null || settings.Active == AiProviderChoice.SystemDefault
            ? new Snapshot(AiProviderChoice.SystemDefault, _systemDefault is { } model ? [model] : [], null)
            : new Snapshot(settings.Active, AiProviderModels.Build(settings), settings.MonthlyTokenCap);

    /// <summary>The tenant's models for one settings version, and the clients built for them (see <see cref="CreateClient"/>).</summary>
    private sealed record Snapshot(AiProviderChoice Source, IReadOnlyList<TenantChatModel> Models, long? Cap)
    {
        public ConcurrentDictionary<string, IChatClient> Clients { get; } = new(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>A shared client lent to one answer: the answer's pipeline disposes its layers, never the shared client.</summary>
    private sealed class SharedChatClient(IChatClient shared) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            shared.GetResponseAsync(messages, options, cancellationToken);

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            shared.GetStreamingResponseAsync(messages, options, cancellationToken);

        public object? GetService(Type serviceType, object? serviceKey = null) => shared.GetService(serviceType, serviceKey);

        public void Dispose()
        {
            // Lent, not owned: the shared client lives as long as its settings version.
        }
    }
}
