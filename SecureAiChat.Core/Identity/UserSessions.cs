using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Identity;

/// <summary>Session settings (<c>Accounts:*</c>).</summary>
public sealed class AccountSessionOptions
{
    public const string SectionName = "Accounts";

    /// <summary>Absolute lifetime of a session from sign-in, however active it is (sliding refresh does not extend it).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);
}

/// <summary>
/// Server-side sessions: started at sign-in, ended at sign-out, checked on every request with one primary-key read.
/// The database (not a process cache) decides, so a session ended on one instance is ended on all of them at once.
/// </summary>
public sealed class UserSessions(AppDbContext db, TimeProvider time, IOptions<AccountSessionOptions> options)
{
    /// <summary>Starts a session for <paramref name="user"/> and returns its id (for the cookie's claim).</summary>
    public async Task<string> StartAsync(AppUser user, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var session = new UserSession
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            TenantId = user.TenantId,
            UserId = user.Id,
            CreatedAt = now,
            ExpiresAt = now + options.Value.SessionLifetime,
        };
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        db.Entry(session).State = EntityState.Detached;
        return session.Id;
    }

    /// <summary>True while the session exists, has not been ended and is within its absolute lifetime.</summary>
    public async Task<bool> IsActiveAsync(string sessionId, string userId, CancellationToken cancellationToken = default)
    {
        var session = await db.UserSessions.AsNoTracking().Where(s => s.Id == sessionId)
            .Select(s => new { s.UserId, s.ExpiresAt, s.EndedAt }).SingleOrDefaultAsync(cancellationToken);
        return session is { EndedAt: null } && session.UserId == userId && time.GetUtcNow() < session.ExpiresAt;
    }

    /// <summary>Ends the session (sign-out, idle timeout); a copy of its cookie is refused from the next request on.</summary>
    public Task EndAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        return db.UserSessions.Where(s => s.Id == sessionId && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), cancellationToken);
    }
}
