using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Sso;

namespace SecureAiChat.Core.Security;

/// <summary>What an admin submits on the security page.</summary>
public sealed record SecuritySettingsInput(string? AllowedEmailDomains, int IdleTimeoutMinutes, TwoFactorRequirement TwoFactorRequirement);

/// <summary>
/// Reads and saves the security settings of the workspace of the current scope; every changed value is recorded
/// as a <see cref="SettingsChange"/> (who, what, old and new value, when).
/// </summary>
public sealed class SecuritySettingsService(IDbContextFactory<AppDbContext> contexts, TimeProvider time)
{
    public const string AuditArea = "security";

    public async Task<SecuritySettings> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.SecuritySettings.AsNoTracking().SingleOrDefaultAsync(cancellationToken) ?? new SecuritySettings();
    }

    /// <summary>The invalid domains typed (nothing is saved when there are any).</summary>
    public static IReadOnlyList<string> InvalidDomains(string? domains) =>
        TenantSsoSettings.SplitList(domains).Where(d => !EmailDomain.IsValid(d)).ToList();

    /// <summary>Saves, or returns the invalid domains and saves nothing.</summary>
    public async Task<IReadOnlyList<string>> SaveAsync(SecuritySettingsInput input, string actorId, string actorEmail, CancellationToken cancellationToken = default)
    {
        var invalid = InvalidDomains(input.AllowedEmailDomains);
        if (invalid.Count > 0) return invalid;
        var idle = SessionPolicy.IdleTimeoutChoices.Contains(input.IdleTimeoutMinutes) ? input.IdleTimeoutMinutes : 0;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var settings = await db.SecuritySettings.SingleOrDefaultAsync(cancellationToken);
        if (settings is null) db.SecuritySettings.Add(settings = new SecuritySettings());
        var before = Snapshot(settings);
        settings.AllowedEmailDomains = string.Join(", ", TenantSsoSettings.SplitList(input.AllowedEmailDomains));
        settings.IdleTimeoutMinutes = idle;
        settings.TwoFactorRequirement = input.TwoFactorRequirement;
        var now = time.GetUtcNow();
        settings.UpdatedAt = now;
        db.SettingsChanges.AddRange(SettingsChange.Diff(AuditArea, before, Snapshot(settings), actorId, actorEmail, now));
        await db.SaveChangesAsync(cancellationToken);
        return [];
    }

    public async Task<IReadOnlyList<SettingsChange>> RecentChangesAsync(int count, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var changes = await db.SettingsChanges.AsNoTracking().ToListAsync(cancellationToken);
        return changes.OrderByDescending(c => c.ChangedAt).Take(count).ToList(); // SQLite cannot order by DateTimeOffset
    }

    private static Dictionary<string, string?> Snapshot(SecuritySettings s) => new()
    {
        [nameof(SecuritySettings.AllowedEmailDomains)] = s.AllowedEmailDomains,
        [nameof(SecuritySettings.IdleTimeoutMinutes)] = s.IdleTimeoutMinutes.ToString(CultureInfo.InvariantCulture),
        [nameof(SecuritySettings.TwoFactorRequirement)] = s.TwoFactorRequirement.ToString(),
    };
}
