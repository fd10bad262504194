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
