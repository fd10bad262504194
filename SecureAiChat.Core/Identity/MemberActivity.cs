using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Identity;

/// <summary>
/// A member's "last active" time (<see cref="AppUser.LastActiveAt"/>): the idle timeout counts from it and the members
/// page shows it. The one place it is written: at sign-in, and on use (a request, circuit activity) at most once per
/// <see cref="WriteInterval"/>, so a busy session does not write on every click.
/// </summary>
public static class MemberActivity
{
    /// <summary>Activity is written at most this often.</summary>
    public static readonly TimeSpan WriteInterval = TimeSpan.FromMinutes(1);

    /// <summary>A sign-in is activity: the idle timeout counts from here (the last activity may be long ago). The caller saves the user.</summary>
    public static void SignedIn(AppUser user, DateTimeOffset now) => user.LastActiveAt = now;

    /// <summary>True when use at <paramref name="now"/> must be written, the last write being <paramref name="lastWrite"/> (null: never).</summary>
    public static bool IsDue(DateTimeOffset? lastWrite, DateTimeOffset now) => lastWrite is not { } last || now - last >= WriteInterval;

    /// <summary>Writes use at <paramref name="now"/> in one statement, without loading the user.</summary>
    public static Task RecordAsync(AppDbContext db, string userId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastActiveAt, now), cancellationToken);
}
