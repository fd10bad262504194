using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.DataGovernance.Closure;

/// <summary>
/// Thrown by SaveChanges when a change of tenant-owned data is saved while the workspace is closing
/// (<see cref="TenantStatus.Closing"/>). The message is localized (ClosureStrings), so a page may show it as is.
/// </summary>
public sealed class WorkspaceReadOnlyException(string message) : InvalidOperationException(message);

/// <summary>
/// The one place that makes a closing workspace read-only: <see cref="AppDbContext"/> asks it before every save, so
/// chat, settings, team, templates and any page or job added later are covered without a check of their own.
/// Only the short list below may still change, because signing in, reading and exporting must keep working.
/// </summary>
public static class WorkspaceReadOnly
{
    /// <summary>Tenant-owned rows that may be written while closing, whatever changes: the audit trail, sign-in sessions and exports.</summary>
    private static readonly HashSet<Type> Exempt =
    [
        typeof(AuditEntry),          // sign-ins, exports and the restore itself are recorded
        typeof(AuditMonthlyNotice),  // the audit chain's own bookkeeping
        typeof(UserSession),         // signing in and out
        typeof(Export.DataExport),   // taking the data out is what the grace period is for
        typeof(Export.DataExportChunk),
    ];

    /// <summary>
    /// Account columns that signing in writes (failed-attempt counter, lockout, last activity, the last TOTP step,
    /// Identity's concurrency stamp). Any other change of an account (name, password, role) is refused.
    /// </summary>
    private static readonly HashSet<string> SignInColumns =
    [
        nameof(AppUser.AccessFailedCount), nameof(AppUser.LockoutEnd), nameof(AppUser.LastActiveAt),
        nameof(AppUser.LastTotpTimeStep), nameof(AppUser.ConcurrencyStamp),
    ];

    /// <summary>True when the tracker holds a change that a closing workspace refuses.</summary>
    public static bool HasGuardedChanges(ChangeTracker tracker) =>
        tracker.Entries<ITenantOwned>().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && !IsExempt(e));

    private static bool IsExempt(EntityEntry<ITenantOwned> entry)
    {
        if (Exempt.Contains(entry.Metadata.ClrType)) return true;
        if (entry.State != EntityState.Modified) return false;
        // A passkey sign-in updates the stored signature counter of its credential.
        if (entry.Entity is AppUserPasskey) return true;
        // Identity's UpdateAsync marks every column modified: compare the values, not the flags.
        return entry.Entity is AppUser && entry.Properties
            .Where(p => p.IsModified && !Equals(p.OriginalValue, p.CurrentValue))
            .All(p => SignInColumns.Contains(p.Metadata.Name));
    }

    /// <summary>
    /// Refuses the save when <paramref name="tenantId"/> is closing (unless only exempt rows change) or closed (a job
    /// queued before the deletion must not leave rows behind it). The status is read from the database, not from the
    /// scope's cached tenant, because a circuit opened before the closure still holds the tenant as it was then.
    /// </summary>
    public static async Task EnsureWritableAsync(AppDbContext db, string? tenantId, CancellationToken cancellationToken)
    {
        if (!HasTenantChanges(db, tenantId)) return;
        var status = db.StatusReadInTransaction is { Transaction: { } readIn } known && ReferenceEquals(readIn, db.Database.CurrentTransaction)
            ? known.Status
            : await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => (TenantStatus?)t.Status).SingleOrDefaultAsync(cancellationToken);
        Refuse(db, status);
    }

    /// <summary>
    /// Refuses rows that are inserted without the change tracker (so no save's guard sees them), given the workspace's
    /// <paramref name="status"/> read in their transaction: none while closing or closed.
    /// </summary>
    public static void EnsureWritable(TenantStatus? status)
    {
        if (status is TenantStatus.Closed or TenantStatus.Closing)
            throw new WorkspaceReadOnlyException(ClosureStrings.Get("ReadOnly"));
    }

    /// <summary>As <see cref="EnsureWritableAsync"/>, for the synchronous SaveChanges.</summary>
    public static void EnsureWritable(AppDbContext db, string? tenantId)
    {
        if (!HasTenantChanges(db, tenantId)) return;
        Refuse(db, db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => (TenantStatus?)t.Status).SingleOrDefault());
    }

    private static bool HasTenantChanges(AppDbContext db, string? tenantId) =>
        tenantId is not null && tenantId != PlatformTenant.Id
        && db.ChangeTracker.Entries<ITenantOwned>().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted);

    private static void Refuse(AppDbContext db, TenantStatus? status)
    {
        if (status == TenantStatus.Closed || (status == TenantStatus.Closing && HasGuardedChanges(db.ChangeTracker)))
            throw new WorkspaceReadOnlyException(ClosureStrings.Get("ReadOnly"));
    }
}
