namespace SecureAiChat.Web.Hosting;

/// <summary>
/// Keeps SQLite single-instance: Hangfire.Storage.SQLite guards its job fetches with an in-process lock only, so a
/// second process serving jobs from the same file would take the same jobs (provisioning twice, mails twice). The
/// first instance holds an exclusive OS lock on a file beside the job storage for as long as its Hangfire server
/// runs; another instance (or another host in the same process) finds it taken and refuses to start. The OS frees
/// the lock when the holder exits, even on kill -9, so no stale claim is ever left to clean up.
/// Registered before the Hangfire server, so it starts first and stops last.
/// </summary>
public sealed partial class SqliteHangfireServerLock(string storagePath, ILogger<SqliteHangfireServerLock> logger) : IHostedService, IDisposable
{
    private FileStream? _lock;

    public string LockPath => storagePath + ".server-lock";

    /// <summary>Who holds the lock (written after taking it; the lock file itself cannot be read while held).</summary>
    private string OwnerPath => LockPath + ".owner";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            // FileShare.None is an exclusive lock (flock on Linux, a share mode on Windows).
            _lock = new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            var owner = File.Exists(OwnerPath) ? File.ReadAllText(OwnerPath).Trim() : "unknown";
            throw new InvalidOperationException(
                $"Another instance already runs the Hangfire server on the SQLite job storage {storagePath} (held by {owner}). "
                + "SQLite is single-instance: Hangfire.Storage.SQLite does not coordinate job fetches between processes. "
                + "Stop the other instance, or run several instances on Database:Provider=PostgreSql or SqlServer.");
        }
        File.WriteAllText(OwnerPath, $"{Environment.MachineName} process {Environment.ProcessId} since {DateTimeOffset.UtcNow:O}");
        LogTaken(logger, LockPath);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _lock?.Dispose();
        _lock = null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This instance holds the SQLite job storage's server lock {LockPath}")]
    private static partial void LogTaken(ILogger logger, string lockPath);
}
