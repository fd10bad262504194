using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Security.AllowList;

/// <summary>
/// The IP allow-list of the workspace of the current scope: read, add and remove entries, each change recorded in the
/// audit log in its own transaction. A change that would lock out the admin making it (judged by the address the
/// admin is seen from now) needs an explicit confirmation.
/// </summary>
public sealed class IpAllowListService(
    IDbContextFactory<AppDbContext> contexts,
    IAuditLog audit,
    TimeProvider time,
    IMultiTenantContextAccessor<AppTenantInfo> tenant,
    IMultiTenantStore<AppTenantInfo> tenants)
{
    public async Task<IReadOnlyList<IpAllowRule>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rules = await db.IpAllowRules.AsNoTracking().ToListAsync(cancellationToken);
        return rules.OrderBy(r => r.CreatedAt).ThenBy(r => r.Network, StringComparer.Ordinal).ToList(); // SQLite cannot order by DateTimeOffset
    }

    /// <summary>Adds an address or CIDR range with an optional label; done, it is the canonical range added.</summary>
    public async Task<Result<string, IpAllowListRefusal>> AddAsync(string? entry, string? label, string actorEmail, string? currentAddress, bool confirmedSelfExclusion,
        CancellationToken cancellationToken = default)
    {
        var parsed = IpRange.ParseEntry(entry);
        if (!parsed.Succeeded) return Result<string, IpAllowListRefusal>.Refused(parsed.Problems);
        var canonical = parsed.Value.ToString();
        label = label?.Trim() ?? "";
        if (label.Length > IpAllowRule.LabelMaxLength) return new Problem<IpAllowListRefusal>(IpAllowListRefusal.LabelTooLong, IpAllowRule.LabelMaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.IpAllowRules.Select(r => r.Network).ToListAsync(cancellationToken);
        if (existing.Contains(canonical, StringComparer.Ordinal)) return new Problem<IpAllowListRefusal>(IpAllowListRefusal.Duplicate, canonical);
        if (existing.Count >= IpAllowRule.MaxPerWorkspace) return new Problem<IpAllowListRefusal>(IpAllowListRefusal.TooMany, IpAllowRule.MaxPerWorkspace.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var excludesActor = Excludes([.. existing, canonical], currentAddress);
        if (excludesActor && !confirmedSelfExclusion) return new Problem<IpAllowListRefusal>(IpAllowListRefusal.NeedsConfirmation, canonical);

        var rule = new IpAllowRule { Network = canonical, Label = label, CreatedAt = time.GetUtcNow(), CreatedBy = actorEmail };
        db.IpAllowRules.Add(rule);
        audit.Record(db, AuditActions.IpAllowRuleAdded, Target(rule), new { network = canonical, label, entries = existing.Count + 1, excludesActor });
        await db.SaveChangesAsync(cancellationToken); // bumps the workspace's version: every instance reloads its copy
        ApplyHere();
        return canonical;
    }

    /// <summary>Removes an entry; done, it is the canonical range removed.</summary>
    public async Task<Result<string, IpAllowListRefusal>> RemoveAsync(string id, string? currentAddress, bool confirmedSelfExclusion, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rules = await db.IpAllowRules.ToListAsync(cancellationToken);
        var rule = rules.SingleOrDefault(r => r.Id == id);
        if (rule is null) return IpAllowListRefusal.NotFound;
        var after = rules.Where(r => r.Id != id).Select(r => r.Network).ToList();
        var excludesActor = Excludes(after, currentAddress);
        if (excludesActor && !confirmedSelfExclusion) return new Problem<IpAllowListRefusal>(IpAllowListRefusal.NeedsConfirmation, rule.Network);

        db.IpAllowRules.Remove(rule);
        audit.Record(db, AuditActions.IpAllowRuleRemoved, Target(rule), new { network = rule.Network, label = rule.Label, entries = after.Count, excludesActor });
        await db.SaveChangesAsync(cancellationToken);
        ApplyHere();
        return rule.Network;
    }

    /// <summary>
    /// Whether the list after the change refuses <paramref name="address"/> (an unknown address included). Removing the
    /// last entry opens the workspace to every address, so it never does.
    /// </summary>
    public static bool Excludes(IReadOnlyCollection<string> after, string? address) => !IpAllowList.Of(after).Allows(address);

    internal static AuditTarget Target(IpAllowRule rule) => new("ip-allow-rule", rule.Id, rule.Label.Length > 0 ? $"{rule.Network} ({rule.Label})" : rule.Network);

    // The saving instance need not wait for its own poll: its next request resolves the tenant with the new version.
    private void ApplyHere()
    {
        if (tenant.MultiTenantContext.TenantInfo is { } current) tenants.Invalidate(current);
    }
}
