using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Email;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Core.Telemetry;

namespace SecureAiChat.Core.Provisioning;

/// <summary>A seam for tests: called before every step (e.g. to stop the host between two steps).</summary>
public interface IProvisioningStepHook
{
    Task BeforeStepAsync(string requestId, ProvisioningStep step, CancellationToken cancellationToken);
}

internal sealed class NoProvisioningStepHook : IProvisioningStepHook
{
    public Task BeforeStepAsync(string requestId, ProvisioningStep step, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Runs a provisioning request's steps in order, recording each step's status, attempts, times and error.
/// A step that already succeeded is never run again; a failing step is retried in the run with a doubling
/// backoff, then the run fails so Hangfire retries it later; after <see cref="ProvisioningOptions.MaxRuns"/>
/// runs the request is marked failed and support is told. The last step makes the tenant Active.
/// </summary>
public sealed partial class ProvisioningPipeline(
    TenantScopeFactory scopes,
    ProvisioningSteps steps,
    IProvisioningStepHook hook,
    IEmailSender email,
    IOptions<ProvisioningOptions> options,
    ProductMetrics metrics,
    TimeProvider time,
    ILogger<ProvisioningPipeline> logger)
{
    public static readonly IReadOnlyList<ProvisioningStep> Order = Enum.GetValues<ProvisioningStep>();

    /// <summary>Runs (or resumes) the request. Returns normally when it succeeded or failed for good; throws to ask for a retry.</summary>
    public async Task RunAsync(string requestId, CancellationToken cancellationToken)
    {
        var request = await StartRunAsync(requestId, cancellationToken);
        if (request is null) return;

        foreach (var step in Order)
        {
            var record = request.Steps.Single(s => s.Step == step);
            if (record.Status == StepStatus.Succeeded) continue;

            await hook.BeforeStepAsync(requestId, step, cancellationToken);
            var error = await RunStepWithRetriesAsync(request, record, cancellationToken);
            if (error is null) continue;

            if (request.Runs >= options.Value.MaxRuns)
            {
                await FailAsync(request, step, error, cancellationToken);
                return;
            }
            await UpdateRequestAsync(requestId, r => r.Status = ProvisioningStatus.Retrying, cancellationToken);
            throw new ProvisioningStepException(step, error);
        }

        await ActivateAsync(request, cancellationToken);
    }

    private async Task<ProvisioningRequest?> StartRunAsync(string requestId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreatePlatformScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var request = await db.ProvisioningRequests.Include(r => r.Steps).SingleOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        if (request is null)
        {
            LogUnknownRequest(logger, requestId);
            return null;
        }
        if (request.Status is ProvisioningStatus.Succeeded or ProvisioningStatus.Failed) return null;

        foreach (var step in Order.Where(s => request.Steps.All(r => r.Step != s)))
            request.Steps.Add(new ProvisioningStepRecord { RequestId = request.Id, Step = step });
        request.Runs++;
        request.Status = ProvisioningStatus.Running;
        request.ConcurrencyStamp = Guid.NewGuid().ToString("N");
        await db.SaveChangesAsync(cancellationToken);
        return request;
    }

    private async Task<string?> RunStepWithRetriesAsync(ProvisioningRequest request, ProvisioningStepRecord record, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(500);
        string? error = null;
        for (var attempt = 1; attempt <= options.Value.StepAttempts; attempt++)
        {
            await UpdateStepAsync(record.Id, s =>
            {
                s.Status = StepStatus.Running;
                s.Attempts++;
                s.StartedAt ??= time.GetUtcNow();
            }, cancellationToken);
            try
            {
                await steps.RunAsync(record.Step, request, cancellationToken);
                await UpdateStepAsync(record.Id, s =>
                {
                    s.Status = StepStatus.Succeeded;
                    s.CompletedAt = time.GetUtcNow();
                    s.Error = null;
                }, CancellationToken.None);
                record.Status = StepStatus.Succeeded;
                LogStepDone(logger, record.Step, request.Id, request.Identifier);
                return null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                error = Describe(ex);
                LogStepFailed(logger, ex, record.Step, request.Id, attempt);
                await UpdateStepAsync(record.Id, s =>
                {
                    s.Status = StepStatus.Failed;
                    s.Error = error;
                }, CancellationToken.None);
                if (attempt < options.Value.StepAttempts)
                {
                    await Task.Delay(delay, cancellationToken);
                    delay *= 2;
                }
            }
        }
        return error;
    }

    private async Task ActivateAsync(ProvisioningRequest request, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreatePlatformScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tenant = await db.Tenants.SingleAsync(t => t.Id == request.TenantId, cancellationToken);
        if (tenant.Status == TenantStatus.Provisioning)
        {
            tenant.Status = TenantStatus.Active;
            await db.SaveChangesAsync(cancellationToken);
        }
        scope.ServiceProvider.GetRequiredService<IMultiTenantStore<AppTenantInfo>>().Invalidate(tenant);
        await UpdateRequestAsync(request.Id, r =>
        {
            r.Status = ProvisioningStatus.Succeeded;
            r.CompletedAt = time.GetUtcNow();
            r.Error = null;
        }, CancellationToken.None);
        metrics.ProvisioningEnded(time.GetUtcNow() - request.CreatedAt, succeeded: true);
        LogActivated(logger, request.Identifier, request.Id);
    }

    private async Task FailAsync(ProvisioningRequest request, ProvisioningStep step, string error, CancellationToken cancellationToken)
    {
        await UpdateRequestAsync(request.Id, r =>
        {
            r.Status = ProvisioningStatus.Failed;
            r.Error = $"{step}: {error}";
        }, cancellationToken);
        metrics.ProvisioningEnded(time.GetUtcNow() - request.CreatedAt, succeeded: false);
        LogFailed(logger, request.Id, request.Identifier, step);
        try
        {
            await email.SendAsync(SupportNotification(request, step, error), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The request is already marked failed, which the operator console lists; the mail is a courtesy.
            LogSupportMailFailed(logger, ex, request.Id);
        }
    }

    private EmailMessage SupportNotification(ProvisioningRequest request, ProvisioningStep step, string error)
    {
        var subject = $"[Provisioning failed] {request.Identifier} ({request.CompanyName})";
        var lines = new[]
        {
            $"Request: {request.Id}",
            $"Workspace: {request.Identifier}",
            $"Company: {request.CompanyName}",
            $"Admin: {request.AdminName} <{request.AdminEmail}>",
            $"Plan: {request.Plan}",
            $"Failed step: {step}",
            $"Error: {error}",
            $"Runs: {request.Runs}",
            "An operator can retry it from the operator console (/ops).",
        };
        var html = "<p>" + string.Join("<br>", lines.Select(WebUtility.HtmlEncode)) + "</p>";
        return new EmailMessage(options.Value.SupportAddress, subject, html, string.Join(Environment.NewLine, lines));
    }

    private async Task UpdateStepAsync(long id, Action<ProvisioningStepRecord> change, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreatePlatformScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var record = await db.ProvisioningSteps.SingleAsync(s => s.Id == id, cancellationToken);
        change(record);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task UpdateRequestAsync(string id, Action<ProvisioningRequest> change, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreatePlatformScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var request = await db.ProvisioningRequests.SingleAsync(r => r.Id == id, cancellationToken);
        change(request);
        request.ConcurrencyStamp = Guid.NewGuid().ToString("N");
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string Describe(Exception ex)
    {
        var message = ex.GetBaseException().Message;
        return message.Length > 1000 ? message[..1000] : message;
    }

    [LoggerMessage(LogLevel.Warning, "Provisioning request {RequestId} does not exist")]
    private static partial void LogUnknownRequest(ILogger logger, string requestId);

    [LoggerMessage(LogLevel.Information, "Provisioning step {Step} done for request {RequestId} ({Identifier})")]
    private static partial void LogStepDone(ILogger logger, ProvisioningStep step, string requestId, string identifier);

    [LoggerMessage(LogLevel.Warning, "Provisioning step {Step} failed for request {RequestId} (attempt {Attempt})")]
    private static partial void LogStepFailed(ILogger logger, Exception ex, ProvisioningStep step, string requestId, int attempt);

    [LoggerMessage(LogLevel.Information, "Workspace {Identifier} is active (request {RequestId})")]
    private static partial void LogActivated(ILogger logger, string identifier, string requestId);

    [LoggerMessage(LogLevel.Error, "Provisioning request {RequestId} ({Identifier}) failed for good at step {Step}; support notified")]
    private static partial void LogFailed(ILogger logger, string requestId, string identifier, ProvisioningStep step);

    [LoggerMessage(LogLevel.Error, "Could not notify support about failed provisioning request {RequestId}")]
    private static partial void LogSupportMailFailed(ILogger logger, Exception ex, string requestId);
}

/// <summary>A step failed in this run; the job is retried later.</summary>
public sealed class ProvisioningStepException(ProvisioningStep step, string error)
    : Exception($"Provisioning step {step} failed: {error}")
{
    public ProvisioningStep Step { get; } = step;
}
