using Hangfire;

namespace SecureAiChat.Core.Provisioning;

/// <summary>
/// The Hangfire job that provisions one signup. Safe to run twice (Hangfire runs a job at least once):
/// every step is idempotent and succeeded steps are skipped. Retries back off: 10 s, 1 min, 5 min.
/// A process stopped mid-run hands the job back to the queue and the next server resumes it.
/// </summary>
public sealed class ProvisioningJob(ProvisioningPipeline pipeline)
{
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [10, 60, 300], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [DisableConcurrentExecution(timeoutInSeconds: 120)]
    [JobDisplayName("Provision workspace (request {0})")]
    public Task RunAsync(string requestId, CancellationToken cancellationToken) => pipeline.RunAsync(requestId, cancellationToken);
}
