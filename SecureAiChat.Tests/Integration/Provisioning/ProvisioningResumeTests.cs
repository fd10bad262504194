using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Provisioning;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Provisioning;

/// <summary>
/// A host stopped in the middle of provisioning (between step 2 and step 3) and a second host started on
/// the same database and job storage: the job resumes and finishes exactly once.
/// </summary>
public sealed class ProvisioningResumeTests : IAsyncLifetime
{
    private readonly string _shared = Path.Combine(Path.GetTempPath(), "sac-tests", "resume-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Provisioning_killed_between_steps_finishes_after_restart_exactly_once()
    {
        var hook = new BlockBeforeStep(ProvisioningStep.DefaultSettings);
        string requestId;
        var first = new ResumableHost(_shared, hook);
        try
        {
            await first.InitializeAsync();
            var result = await first.SignUpAsync(ProvisioningHost.ValidForm("resume-co", "owner@resume.example.jp"));
            Assert.True(result.Succeeded);
            requestId = result.Value!.RequestId!;
            await hook.Reached.Task.WaitAsync(TimeSpan.FromSeconds(120));

            var midway = await first.RequestAsync(requestId);
            Assert.Equal(StepStatus.Succeeded, midway!.Steps.Single(s => s.Step == ProvisioningStep.CreateAdmin).Status);
            Assert.NotEqual(StepStatus.Succeeded, midway.Steps.Single(s => s.Step == ProvisioningStep.DefaultSettings).Status);
        }
        finally
        {
            // Stops Kestrel and the Hangfire server: the running job is cancelled and handed back to the queue.
            await first.DisposeAsync();
        }

        await using var second = new ResumableHost(_shared, hook: null);
        await second.InitializeAsync();
        var request = await second.WaitForCompletionAsync(requestId);

        Assert.Equal(ProvisioningStatus.Succeeded, request.Status);
        Assert.True(request.Runs >= 2, $"expected a second run, got {request.Runs}");
        Assert.All(request.Steps, s => Assert.Equal(StepStatus.Succeeded, s.Status));
        var tenant = await second.PlatformDbAsync(db => db.Tenants.AsNoTracking().SingleAsync(t => t.Identifier == "resume-co"));
        Assert.Equal(1, await second.TenantDbAsync(tenant.Id, db => db.Users.CountAsync()));
        Assert.Equal(4, await second.TenantDbAsync(tenant.Id, db => db.PromptTemplates.CountAsync()));
        Assert.Single(second.PickedUpMailTo("owner@resume.example.jp"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_shared, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold the file a moment longer; the temp folder is cleaned later.
        }
        return Task.CompletedTask;
    }

    private sealed class ResumableHost(string root, IProvisioningStepHook? hook) : ProvisioningHost(root)
    {
        protected override void ConfigureTestServices(IServiceCollection services)
        {
            if (hook is not null) services.AddSingleton(hook);
        }
    }

    /// <summary>Holds the job before one step until the host shuts down (what a crash between two steps looks like to the job).</summary>
    private sealed class BlockBeforeStep(ProvisioningStep step) : IProvisioningStepHook
    {
        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task BeforeStepAsync(string requestId, ProvisioningStep current, CancellationToken cancellationToken)
        {
            if (current != step) return;
            Reached.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}
