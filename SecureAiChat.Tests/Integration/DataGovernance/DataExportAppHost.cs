using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SecureAiChat.Core.DataGovernance.Export;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.DataGovernance;

/// <summary>
/// The app with Hangfire's client replaced by one that only records what was enqueued, so a test runs an export's build
/// itself, when it wants, instead of racing the background server. Mail goes to the pickup folder.
/// </summary>
public sealed partial class DataExportAppHost : AppHost
{
    private readonly ConcurrentQueue<Job> _enqueued = new();

    protected override void ConfigureTestServices(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<IBackgroundJobClient>(new RecordingJobClient(_enqueued)));

    /// <summary>Runs every export build enqueued so far (in order) and returns how many ran.</summary>
    public async Task<int> RunEnqueuedExportsAsync()
    {
        var ran = 0;
        while (_enqueued.TryDequeue(out var job))
        {
            if (job.Type != typeof(DataExportJob)) continue;
            await Services.GetRequiredService<DataExportJob>().RunAsync((string)job.Args[0], (Guid)job.Args[1], CancellationToken.None);
            ran++;
        }
        return ran;
    }

    /// <summary>The download link in the newest export mail to <paramref name="address"/>.</summary>
    public Uri ExportLinkMailedTo(string address)
    {
        var mails = PickedUpMailTo(address);
        var mail = mails.Count > 0 ? mails[^1] : throw new InvalidOperationException("No mail to " + address);
        var match = ExportLink().Match(mail.TextBody ?? "");
        return match.Success ? new Uri(match.Value) : throw new InvalidOperationException("No export link in: " + mail.TextBody);
    }

    [GeneratedRegex(@"http://[^\s""<>]+/exports/[0-9a-f-]{36}/download\?token=[A-Za-z0-9_%-]+")]
    private static partial Regex ExportLink();

    private sealed class RecordingJobClient(ConcurrentQueue<Job> jobs) : IBackgroundJobClient
    {
        public string Create(Job job, IState state)
        {
            jobs.Enqueue(job);
            return Guid.NewGuid().ToString("N");
        }

        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }
}
