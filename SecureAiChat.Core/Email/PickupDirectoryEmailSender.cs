using System.Globalization;
using Microsoft.Extensions.Logging;

namespace SecureAiChat.Core.Email;

/// <summary>
/// Writes each message as one <c>.eml</c> file into a directory: the default when no SMTP relay
/// is configured, so a fresh checkout "sends" mail that a developer can open with any mail client.
/// </summary>
public sealed class PickupDirectoryEmailSender : IEmailSender
{
    private readonly string _from;
    private readonly ILogger<PickupDirectoryEmailSender> _logger;
    private readonly TimeProvider _time;

    /// <summary>Creates the sender.</summary>
    /// <param name="directory">Target directory; a relative path is resolved against <paramref name="contentRootPath"/>.</param>
    /// <param name="contentRootPath">The application's content root.</param>
    /// <param name="from">Sender address.</param>
    /// <param name="logger">Logger; receives one line per message naming the file.</param>
    /// <param name="time">Clock for file names and the Date header.</param>
    public PickupDirectoryEmailSender(
        string directory, string contentRootPath, string from, ILogger<PickupDirectoryEmailSender> logger, TimeProvider? time = null)
    {
        Directory = Path.GetFullPath(directory, contentRootPath);
        _from = from;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The absolute directory the files are written to.</summary>
    public string Directory { get; }

    /// <inheritdoc />
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var mime = MimeMessageFactory.Create(message, _from, now);
        System.IO.Directory.CreateDirectory(Directory);

        var name = now.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N") + ".eml";
        var path = Path.Combine(Directory, name);
        var partial = path + ".tmp";

        // Written under a temporary name and renamed, so whoever watches the directory never
        // opens a half-written message.
        await using (var stream = File.Create(partial))
        {
            await mime.WriteToAsync(stream, cancellationToken);
        }

        File.Move(partial, path);

        // The file name only: bodies carry sign-in and confirmation links.
        _logger.LogInformation("Email written to pickup file {EmailFile}", path);
    }
}
