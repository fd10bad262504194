namespace SecureAiChat.Tests.Integration.Provisioning;

/// <summary>
/// SQLite is single-instance: Hangfire.Storage.SQLite coordinates job fetches within one process only, so a second
/// instance on the same job storage must not start a Hangfire server beside the first.
/// </summary>
public sealed class SqliteSingleInstanceTests : IAsyncLifetime
{
    private readonly string _shared = Path.Combine(Path.GetTempPath(), "sac-tests", "single-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_second_instance_on_the_same_sqlite_job_storage_refuses_to_start_until_the_first_stops()
    {
        var first = new SharedHost(_shared);
        await first.InitializeAsync();

        var second = new SharedHost(_shared);
        var refused = await Assert.ThrowsAnyAsync<Exception>(second.InitializeAsync);
        Assert.Contains("Another instance already runs the Hangfire server on the SQLite job storage", refused.ToString());
        Assert.Contains($"process {Environment.ProcessId}", refused.ToString());
        await DisposeQuietlyAsync(second);

        // The first instance still serves: signup is provisioned by its jobs.
        var result = await first.SignUpAsync(ProvisioningHost.ValidForm("single-co", "owner@single.example.jp"));
        Assert.True(result.Succeeded, string.Join(", ", result.Problems));
        Assert.Equal(Core.Provisioning.ProvisioningStatus.Succeeded, (await first.WaitForCompletionAsync(result.Value!.RequestId!)).Status);

        // Once it stops, the lock is free again: a restart (or a replacement instance) starts.
        await first.DisposeAsync();
        await using var third = new SharedHost(_shared);
        await third.InitializeAsync();
    }

    private static async Task DisposeQuietlyAsync(SharedHost host)
    {
        try
        {
            await host.DisposeAsync();
        }
        catch (Exception)
        {
            // A host that failed to start may fail again on disposal; only the refusal matters here.
        }
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
            // SQLite may still hold a file for a moment; the temp folder is cleaned later.
        }
        return Task.CompletedTask;
    }

    private sealed class SharedHost(string root) : ProvisioningHost(root);
}
