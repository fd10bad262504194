using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Security.AllowList;

/// <summary>A workspace that restricts its addresses, as the operator console lists it.</summary>
public sealed record RestrictedWorkspace(string TenantId, string Identifier, string Name, int Entries);

/// <summary>
/// The operator's side of the allow-list (root host, platform scope): see which workspaces restrict addresses and
/// empty one's list for an Owner who locked everyone out. Clearing is recorded in the platform audit chain with the
/// reason, in the transaction that deletes the entries.
/// </summary>
public sealed class IpAllowListOperations(AppDbContext db, IAuditLog audit, IMultiTenantStore<AppTenantInfo> tenants)
{
    public const int ReasonMaxLength = 500;

    public async Task<IReadOnlyList<RestrictedWorkspace>> RestrictedWorkspacesAsync(CancellationToken cancellationToken = default)
    {
        var counts = await db.IpAllowRules.IgnoreQueryFilters([TenantFilter.Name]).GroupBy(r => r.TenantId)
            .Select(g => new { TenantId = g.Key, Entries = g.Count() }).ToListAsync(cancellationToken);
        var ids = counts.Select(c => c.TenantId).ToList();
        var names = await db.Tenants.AsNoTracking().Where(t => ids.Contains(t.Id))
            .Select(t => new { t.Id, t.Identifier, t.Name }).ToDictionaryAsync(t => t.Id, cancellationToken);
        return counts.Where(c => names.ContainsKey(c.TenantId))
            .Select(c => new RestrictedWorkspace(c.TenantId, names[c.TenantId].Identifier, names[c.TenantId].Name, c.Entries))
            .OrderBy(w => w.Identifier, StringComparer.Ordinal).ToList();
    }

    /// <summary>Empties the workspace's list. False (nothing done) without a reason or when the list is already empty.</summary>
    public async Task<bool> ClearAsync(string tenantId, string? reason, CancellationToken cancellationToken = default)
    {
        reason = reason?.Trim() ?? "";
        if (reason.Length is 0 or > ReasonMaxLength) return false;
        var tenant = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Id == tenantId, cancellationToken);
        if (tenant is null) return false;

        var cleared = await db.Database.CreateExecutionStrategy().ExecuteAsync((db, audit, tenant, reason), async (state, ct) =>
        {
            var (context, log, workspace, why) = state;
            await using var transaction = await context.Database.BeginTransactionAsync(ct);
            var rules = context.IpAllowRules.IgnoreQueryFilters([TenantFilter.Name]).Where(r => r.TenantId == workspace.Id);
            var networks = await rules.Select(r => r.Network).ToListAsync(ct);
            if (networks.Count == 0) return false;
            // In bulk: the platform scope may not write a workspace's rows through the change tracker, by design.
            await rules.ExecuteDeleteAsync(ct);
            log.Record(context, AuditActions.IpAllowListCleared, new AuditTarget("workspace", workspace.Id, workspace.Identifier),
                new { reason = why, removed = networks });
            await context.SaveChangesAsync(ct);
            await context.BumpVersionsAsync([workspace.Id], ct);
            await transaction.CommitAsync(ct);
            return true;
        }, cancellationToken);
        if (cleared) tenants.Invalidate(tenant);
        return cleared;
    }
}
