using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Providers.Settings;

namespace SecureAiChat.Tests.Infrastructure;

/// <summary>
/// The chat host with tenant endpoints allowed on loopback over http (the operator allow-list, so tenants can
/// point at the fake upstream), every log line captured (secrets must never reach them), and the alert job's
/// schedule pushed out of the way (tests run the job themselves).
/// </summary>
public class AiSettingsAppHost : ChatAppHost
{
    /// <summary>Creates the host with loopback allow-listed.</summary>
    public AiSettingsAppHost()
        : this(allowLoopback: true, dataRoot: null)
    {
    }

    protected AiSettingsAppHost(bool allowLoopback, string? dataRoot)
    {
        if (allowLoopback)
        {
            Configure("AI:EndpointPolicy:AllowHttp", "true");
            Configure("AI:EndpointPolicy:AllowedHosts:0", "127.0.0.1");
        }

        if (dataRoot is not null)
        {
            // A second app over the same database: "the app restarted".
            Configure("ConnectionStrings:Default", $"Data Source={Path.Combine(dataRoot, "app.db")}");
            Configure("Hangfire:SqlitePath", Path.Combine(DataRoot, "hangfire.db"));
        }

        Configure("Usage:AlertCron", "0 0 1 1 *");
        var chooser = Upstream.Scripter;
        Upstream.Scripter = request =>
            request.Header("Authorization") == "Bearer " + RejectedKey ? UpstreamScript.Failing(UpstreamFault.InvalidApiKey())
            : request.Header("api-key") == RejectedKey ? UpstreamScript.Failing(UpstreamFault.AzureInvalidKey())
            : request.Deployment == MissingDeployment ? UpstreamScript.Failing(UpstreamFault.DeploymentNotFound())
            : chooser?.Invoke(request);
    }

    /// <summary>A key the fake upstream answers with 401.</summary>
    public const string RejectedKey = "sk-rejected-000000000000";

    /// <summary>An Azure deployment the fake upstream does not have (404 DeploymentNotFound).</summary>
    public const string MissingDeployment = "no-such-deployment";

    /// <summary>Every log message and exception the app wrote, formatted.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        base.ConfigureTestServices(services);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new CapturingLoggerProvider(Logs)));
    }

    /// <summary>Saves <paramref name="form"/> as the tenant's AI settings (as an admin would on the page) and fails on any problem.</summary>
    public async Task ConfigureAiAsync(string tenantId, AiSettingsForm form)
    {
        await using var scope = await TenantScopeAsync(tenantId);
        var saved = await scope.ServiceProvider.GetRequiredService<AiSettingsService>().SaveAsync(form, "test-admin");
        Assert.Empty(saved.Problems);
    }

    /// <summary>Sends <paramref name="text"/> in a new conversation and streams the answer to its end.</summary>
    public async Task<ChatAnswer> AskAsync(string tenantId, string userId, string text)
    {
        await using var scope = await TenantScopeAsync(tenantId);
        var chat = ChatParts.From(scope.ServiceProvider);
        var sent = await chat.Turns.SendAsync(userId, null, text);
        return await chat.Turns.AnswerAsync(userId, sent!.ConversationId);
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> sink) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, sink);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}

/// <summary>The app as an operator would run it: no allow-list, so loopback and private endpoints are refused.</summary>
public sealed class StrictEndpointAppHost() : AiSettingsAppHost(allowLoopback: false, dataRoot: null);

/// <summary>A second app process over the database of an earlier one (keys and key ring must survive).</summary>
public sealed class RestartedAppHost(string dataRoot) : AiSettingsAppHost(allowLoopback: true, dataRoot);
