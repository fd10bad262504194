using Microsoft.Extensions.Options;
using SecureAiChat.Core.Chat;

namespace SecureAiChat.Web.Features.Chat;

/// <summary>
/// Graceful shutdown of the answers (<see cref="AnswerDrain"/>): when the host stops, before any other service stops
/// (Hangfire, the database's pools), the answers streaming here get <c>Chat:ShutdownGrace</c> to end and the rest are
/// interrupted and saved. Meanwhile <c>/health/ready</c> answers 503, so the load balancer sends nobody new here.
/// </summary>
public sealed partial class AnswerDrainService(
    AnswerDrain drain,
    IOptions<ChatServiceOptions> options,
    TimeProvider time,
    ILogger<AnswerDrainService> logger) : IHostedLifecycleService
{
    /// <summary>Time left after the grace for the interrupted answers' saves.</summary>
    public static readonly TimeSpan SaveAllowance = TimeSpan.FromSeconds(10);

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var running = drain.Running;
        if (running > 0) LogDraining(logger, running, options.Value.ShutdownGrace.TotalSeconds);
        var saved = await drain.DrainAsync(options.Value.ShutdownGrace, time, cancellationToken);
        if (!saved) LogNotSaved(logger, drain.Running);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "Shutting down: {Count} answers streaming; they have {Seconds} s to end before they are interrupted and saved")]
    private static partial void LogDraining(ILogger logger, int count, double seconds);

    [LoggerMessage(LogLevel.Warning, "Shutting down: {Count} interrupted answers were not saved within the host's shutdown timeout")]
    private static partial void LogNotSaved(ILogger logger, int count);
}
