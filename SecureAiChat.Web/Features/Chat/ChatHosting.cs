using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Chat.Rendering;
using SecureAiChat.Core.PersonalData;
using SecureAiChat.Core.Providers;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace SecureAiChat.Web.Features.Chat;

public static class ChatHosting
{
    /// <summary>The HTTP client the system default model is reached through (trusted operator config, so not SSRF-guarded).</summary>
    public const string SystemDefaultHttpClientName = "AI.SystemDefault";

    /// <summary>
    /// Chat: options (<c>Chat</c>, <c>AI:SystemDefault</c>), token counting, rendering, the upstream client
    /// factory, the tenant's model access and the chat service.
    /// </summary>
    public static IHostApplicationBuilder AddChat(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ChatServiceOptions>().BindConfiguration(ChatServiceOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var production = builder.Environment.IsProduction();
        services.AddOptions<SystemDefaultAiOptions>().BindConfiguration(SystemDefaultAiOptions.SectionName)
            .PostConfigure(o => o.AllowImplicitDemo = !production)
            .Validate(Validates, "AI:SystemDefault has an unknown Provider or a malformed Endpoint.")
            .ValidateOnStart();

        services.TryAddSingletonTimeProvider();
        services.AddSingleton<TokenCounter>();
        services.AddSingleton<ChatHistoryTrimmer>();
        services.AddSingleton<ChatMarkdownRenderer>();
        // No overall timeout: the SDK times each read itself and long answers must not be cut off.
        services.AddHttpClient(SystemDefaultHttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            // Stop must reach the upstream at once: by default a response disposed before its end is
            // drained for up to 2 s to reuse the connection, which keeps the model generating (and billing).
            // The SDK clients are kept (UpstreamChatClientFactory.Shared), so their HttpClient outlives the factory's
            // handler rotation: connections are renewed here instead, so a moved endpoint's DNS is followed.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                MaxResponseDrainSize = 0,
                ResponseDrainTimeout = TimeSpan.Zero,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            });
        services.AddSingleton(sp =>
        {
            var http = sp.GetRequiredService<IHttpClientFactory>();
            return new UpstreamChatClientFactory(sp.GetRequiredService<TokenCounter>(), () => http.CreateClient(SystemDefaultHttpClientName));
        });
        services.AddScoped<TenantChatClientFactory>();
        services.AddScoped<AnswerSlots>();
        services.AddScoped<ConversationStore>();
        services.AddScoped<ChatPersonalDataGate>();
        services.AddScoped<ChatEligibility>();
        services.AddScoped<ChatTurns>();
        services.AddSingleton<AnswerDrain>();
        services.AddHostedService<AnswerDrainService>();
        // The host must outlast the grace and the interrupted answers' saves.
        services.AddOptions<HostOptions>().Configure<IOptions<ChatServiceOptions>>((host, chat) =>
            host.ShutdownTimeout = TimeSpan.FromTicks(Math.Max(host.ShutdownTimeout.Ticks, (chat.Value.ShutdownGrace + AnswerDrainService.SaveAllowance).Ticks)));
        services.AddSingleton<PersonalDataScanner>();
        services.AddScoped<PersonalDataPolicyService>();
        services.Configure<CircuitOptions>(ConfigureCircuits);
        return builder;
    }

    /// <summary>
    /// Circuits are what an instance holds per open tab, and the chat is where they stream; docs/chat.md ("Circuits")
    /// gives the reasons and docs/benchmarks.md figure 4 the memory per circuit.
    /// </summary>
    public static void ConfigureCircuits(CircuitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Render batches the browser has not acknowledged yet are kept in memory (to resend after a reconnect); the
        // streaming message renders every 60 ms, so a slow phone could pile up the default 10. Past this many the
        // renderer waits and the next render carries the newest text (the buffer never drops text).
        options.MaxBufferedUnacknowledgedRenderBatches = 4;
        // A closed tab or a lost connection keeps its circuit this long for a reconnect (a phone switching apps),
        // and at most this many such circuits per instance; the answer's save does not depend on either.
        options.DisconnectedCircuitRetentionPeriod = TimeSpan.FromMinutes(3);
        options.DisconnectedCircuitMaxRetained = 100;
        // The chat's JS calls (scroll, copy, download) return at once; a browser that does not answer should not hold
        // the call and its component for the default minute.
        options.JSInteropDefaultCallTimeout = TimeSpan.FromSeconds(30);
        options.DetailedErrors = false;
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }

    private static bool Validates(SystemDefaultAiOptions options)
    {
        try
        {
            _ = options.ToEndpointSettings();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
