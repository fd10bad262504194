namespace SecureAiChat.Core.Data;

/// <summary>
/// Marks an entity that belongs to no tenant (the tenant table, global role names, key ring).
/// Every entity that is not global must be <see cref="ITenantOwned"/>; the model refuses anything else.
/// </summary>
public interface IGlobalEntity;

/// <summary>A row that belongs to exactly one tenant. The data layer filters reads and stamps and checks writes.</summary>
public interface ITenantOwned
{
    string TenantId { get; set; }
}

/// <summary>
/// A tenant-owned row whose own indexes already lead with <see cref="ITenantOwned.TenantId"/>, so the data layer adds no
/// separate index on it: a table written in bulk (the usage rollups) pays for every index on every row.
/// </summary>
public interface ITenantLeadingIndexes : ITenantOwned;

/// <summary>
/// A tenant-owned row that every instance caches per tenant (the IP allow-list; the AI provider settings and the
/// personal-data policy in <see cref="Tenancy.TenantSettingsCache"/>). Saving one bumps its tenant's
/// <see cref="Tenancy.AppTenantInfo.Version"/> in the same transaction, so the change poll of each instance
/// (<see cref="Tenancy.TenantChangeWatcher"/>) drops the cached copy within a poll period; the saving instance
/// drops its own at the commit (<see cref="Tenancy.TenantSettingsCommits"/>).
/// </summary>
public interface ITenantVersioned : ITenantOwned;

/// <summary>
/// A count kept per day (in the workspace's time zone) and per department at the time of use: the daily usage rollups
/// and the template uses. The analytics page filters both the same way (range, department, a manager's scope).
/// </summary>
public interface IDepartmentDay
{
    DateOnly Day { get; }

    Guid? DepartmentId { get; }
}
