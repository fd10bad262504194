using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Alerts;

/// <summary>The open-once step shared by the workspace and platform alert jobs, and their time helpers.</summary>
public static class AlertLifecycle
{
    /// <summary>
    /// Inserts an open alert. False when the unique open guard refused it: another instance or run opened the same
    /// alert first (and mails it), so this one must do nothing more.
    /// </summary>
    public static async Task<bool> TryOpenAsync(AppDbContext db, object alert, CancellationToken cancellationToken)
    {
        db.Add(alert);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>A stored UTC time as an offset, for mails and pages.</summary>
    public static DateTimeOffset Utc(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    /// <summary>The p95 by nearest rank (no interpolation: the value a member actually waited).</summary>
    public static double P95(IReadOnlyList<int> values)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(0.95 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
