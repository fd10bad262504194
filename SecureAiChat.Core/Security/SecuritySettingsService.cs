using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Results;

namespace SecureAiChat.Core.Security;

/// <summary>What an admin submits on the security page.</summary>
public sealed record SecuritySettingsInput(string? AllowedEmailDomains, int IdleTimeoutMinutes, TwoFactorRequirement TwoFactorRequirement);

/// <summary>Why the security settings were not saved; the value is the offending entry, the field the input it was typed in.</summary>
public enum SecuritySettingsProblem
{
    /// <summary>An allowed email domain that is not a domain.</summary>
    InvalidDomain,
}

/// <summary>
/// Reads and saves the security settings of the workspace of the current scope; every changed value is recorded
/// in the audit log (who, what, old and new value, when, from where).
/// </summary>
public sealed class SecuritySettingsService(IDbContextFactory<AppDbContext> contexts, TimeProvider time, IAuditLog audit)
{
    public const string AuditArea = "security";

    public async Task<SecuritySettings> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.SecuritySettings.AsNoTracking().SingleOrDefaultAsync(cancellationToken) ?? new SecuritySettings();
    }

    /// <summary>Saves, or is refused with one problem per invalid domain typed (the domain as its value) and saves nothing.</summary>
    public async Task<Result<SecuritySettingsProblem>> SaveAsync(SecuritySettingsInput input, string actorId, string actorEmail, CancellationToken cancellationToken = default)
    {
        var invalid = ListSetting.Split(input.AllowedEmailDomains).Where(d => !EmailDomain.IsValid(d))
            .Select(d => new Problem<SecuritySettingsProblem>(SecuritySettingsProblem.InvalidDomain, d, Field: nameof(SecuritySettingsInput.AllowedEmailDomains)))
            .ToList();
        if (invalid.Count > 0) return Result<SecuritySettingsProblem>.Refused(invalid);
        var idle = SessionPolicy.IdleTimeoutChoices.Contains(input.IdleTimeoutMinutes) ? input.IdleTimeoutMinutes : 0;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var settings = await db.SecuritySettings.SingleOrDefaultAsync(cancellationToken);
        if (settings is null) db.SecuritySettings.Add(settings = new SecuritySettings());
        var before = Snapshot(settings);
        settings.AllowedEmailDomains = string.Join(", ", ListSetting.Split(input.AllowedEmailDomains));
        settings.IdleTimeoutMinutes = idle;
        settings.TwoFactorRequirement = input.TwoFactorRequirement;
        var now = time.GetUtcNow();
        settings.UpdatedAt = now;
        audit.Record(db, AuditActions.SecuritySettingsChanged, AuditTarget.Workspace(), AuditDetails.Changes(before, Snapshot(settings)));
        await db.SaveChangesAsync(cancellationToken);
        return Result<SecuritySettingsProblem>.Ok;
    }

    /// <summary>
    /// The latest changed values: from the audit log, and from the legacy <see cref="SettingsChange"/> rows written
    /// before it existed (kept readable, no longer written).
    /// </summary>
    public async Task<IReadOnlyList<SettingsChange>> RecentChangesAsync(int count, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.SecuritySettingsChanged)
            .OrderByDescending(e => e.Sequence).Take(count).ToListAsync(cancellationToken);
        var fromAudit = entries.SelectMany(e => JsonSerializer.Deserialize<Dictionary<string, AuditDetails.Change>>(e.Details ?? "{}", Json)!
            .Select(c => new SettingsChange
            {
                Area = AuditArea, Setting = c.Key, OldValue = c.Value.From, NewValue = c.Value.To,
                ChangedByUserId = e.ActorId ?? "", ChangedByEmail = e.ActorName ?? "", ChangedAt = new DateTimeOffset(e.OccurredAt),
            }));
        var legacy = await db.SettingsChanges.AsNoTracking().Where(c => c.Area == AuditArea).ToListAsync(cancellationToken);
        return fromAudit.Concat(legacy).OrderByDescending(c => c.ChangedAt).Take(count).ToList(); // SQLite cannot order by DateTimeOffset
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static Dictionary<string, string?> Snapshot(SecuritySettings s) => new()
    {
        [nameof(SecuritySettings.AllowedEmailDomains)] = s.AllowedEmailDomains,
        [nameof(SecuritySettings.IdleTimeoutMinutes)] = s.IdleTimeoutMinutes.ToString(CultureInfo.InvariantCulture),
        [nameof(SecuritySettings.TwoFactorRequirement)] = s.TwoFactorRequirement.ToString(),
    };
}
