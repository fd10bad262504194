using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Security.AllowList;

/// <summary>What became of an add or a remove; anything but <see cref="Saved"/> saved nothing.</summary>
public enum IpAllowListOutcome
{
    Saved = 0,

    /// <summary>The entry is malformed; <see cref="IpAllowListResult.Error"/> says how (for host bits set, the network is the range to suggest).</summary>
    Invalid,

    Duplicate,
    TooMany,
    LabelTooLong,
    NotFound,

    /// <summary>The list after the change would refuse the saving admin's own address: ask, then save with confirmation.</summary>
    NeedsConfirmation,
}

public sealed record IpAllowListResult(IpAllowListOutcome Outcome, IpRangeError Error = IpRangeError.None, string? Network = null)
{
    public bool Saved => Outcome == IpAllowListOutcome.Saved;
}

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

    /// <summary>Adds an address or CIDR range with an optional label.</summary>
    public async Task<IpAllowListResult> AddAsync(string? entry, string? label, string actorEmail, string? currentAddress, bool confirmedSelfExclusion,
        CancellationToken cancellationToken = default)
    {
        var error = IpRange.TryParse(entry, out var network);
        if (error != IpRangeError.None) return new(IpAllowListOutcome.Invalid, error, error == IpRangeError.HostBitsSet ? network.ToString() : null);
        var canonical = network.ToString();
        label = label?.Trim() ?? "";
        if (label.Length > IpAllowRule.LabelMaxLength) return new(IpAllowListOutcome.LabelTooLong, Network: canonical);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.IpAllowRules.Select(r => r.Network).ToListAsync(cancellationToken);
        if (existing.Contains(canonical, StringComparer.Ordinal)) return new(IpAllowListOutcome.Duplicate, Network: canonical);
        if (existing.Count >= IpAllowRule.MaxPerWorkspace) return new(IpAllowListOutcome.TooMany, Network: canonical);
        var excludesActor = Excludes([.. existing, canonical], currentAddress);
        if (excludesActor && !confirmedSelfExclusion) return new(IpAllowListOutcome.NeedsConfirmation, Network: canonical);

        var rule = new IpAllowRule { Network = canonical, Label = label, CreatedAt = time.GetUtcNow(), CreatedBy = actorEmail };
        db.IpAllowRules.Add(rule);
        audit.Record(db, AuditActions.IpAllowRuleAdded, Target(rule), new { network = canonical, label, entries = existing.Count + 1, excludesActor });
        await db.SaveChangesAsync(cancellationToken); // bumps the workspace's version: every instance reloads its copy
        ApplyHere();
        return new(IpAllowListOutcome.Saved, Network: canonical);
    }

    /// <summary>Removes an entry.</summary>
    public async Task<IpAllowListResult> RemoveAsync(string id, string? currentAddress, bool confirmedSelfExclusion, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rules = await db.IpAllowRules.ToListAsync(cancellationToken);
        var rule = rules.SingleOrDefault(r => r.Id == id);
        if (rule is null) return new(IpAllowListOutcome.NotFound);
        var after = rules.Where(r => r.Id != id).Select(r => r.Network).ToList();
        var excludesActor = Excludes(after, currentAddress);
        if (excludesActor && !confirmedSelfExclusion) return new(IpAllowListOutcome.NeedsConfirmation, Network: rule.Network);

        db.IpAllowRules.Remove(rule);
        audit.Record(db, AuditActions.IpAllowRuleRemoved, Target(rule), new { network = rule.Network, label = rule.Label, entries = after.Count, excludesActor });
        await db.SaveChangesAsync(cancellationToken);
        ApplyHere();
        return new(IpAllowListOutcome.Saved, Network: rule.Network);
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
