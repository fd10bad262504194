using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Sso;

/// <summary>Validated SSO settings as the settings page saves them (the page checks the directory id and domains).</summary>
public sealed record SsoSettingsInput(Guid DirectoryId, SsoProvisioningMode Provisioning, IReadOnlyList<string> AllowedDomains, bool SsoRequired,
    IReadOnlyList<string> AdminRoleMappings);

/// <summary>
/// Reads, saves and removes a workspace's SSO settings, each change audited in the same SaveChanges: linking a (new) directory
/// is <see cref="AuditActions.DirectoryLinked"/>, a change of the other settings <see cref="AuditActions.SsoSettingsChanged"/>,
/// removing the link <see cref="AuditActions.DirectoryUnlinked"/>. Directory and group ids are no secrets; no token is involved.
/// </summary>
public sealed class SsoSettingsService(IDbContextFactory<AppDbContext> dbs, IAuditLog audit, TimeProvider time)
{
    /// <summary>The workspace's settings as saved, untracked; null before the first save.</summary>
    public async Task<TenantSsoSettings?> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return await db.TenantSsoSettings.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
    }

    public async Task SaveAsync(SsoSettingsInput input, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var settings = await db.TenantSsoSettings.SingleOrDefaultAsync(cancellationToken);
        var created = settings is null;
        if (settings is null)
        {
            settings = new TenantSsoSettings();
            db.TenantSsoSettings.Add(settings);
        }
        var newDirectory = input.DirectoryId.ToString("D");
        if (settings.DirectoryId != newDirectory)
        {
            audit.Record(db, AuditActions.DirectoryLinked, new AuditTarget("directory", newDirectory),
                new { previous = string.IsNullOrEmpty(settings.DirectoryId) ? null : settings.DirectoryId });
            settings.DirectoryId = newDirectory;
            settings.LinkedAt = time.GetUtcNow();
            settings.LastSignInAt = null;
            settings.LastSignInName = null;
        }
        var domains = string.Join(", ", input.AllowedDomains);
        var mappings = string.Join(", ", input.AdminRoleMappings);
        // A first save is the link itself; only later edits of these settings are a settings change of their own.
        if (!created && (settings.Provisioning != input.Provisioning || settings.AllowedDomains != domains || settings.SsoRequired != input.SsoRequired
            || settings.AdminRoleMappings != mappings))
        {
            audit.Record(db, AuditActions.SsoSettingsChanged, new AuditTarget("sso-settings"), new
            {
                from = new { provisioning = settings.Provisioning.ToString(), allowedDomains = settings.AllowedDomains, ssoRequired = settings.SsoRequired, adminGroups = settings.AdminRoleMappings },
                to = new { provisioning = input.Provisioning.ToString(), allowedDomains = domains, ssoRequired = input.SsoRequired, adminGroups = mappings },
            });
        }
        settings.Provisioning = input.Provisioning;
        settings.AllowedDomains = domains;
        settings.SsoRequired = input.SsoRequired;
        settings.AdminRoleMappings = mappings;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Removes the link (SSO sign-in stops); false when there was none.</summary>
    public async Task<bool> UnlinkAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var settings = await db.TenantSsoSettings.SingleOrDefaultAsync(cancellationToken);
        if (settings is null) return false;
        db.TenantSsoSettings.Remove(settings);
        audit.Record(db, AuditActions.DirectoryUnlinked, new AuditTarget("directory", settings.DirectoryId));
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
